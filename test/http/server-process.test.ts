/**
 * The real server process: first start on an empty data folder serves HTTPS (TLS 1.2+ only) and
 * prints the setup link, and SIGTERM during a burst lets in-flight requests finish, then exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, sqlitePathFor } from '../../src/db/database.js';
import { describeEachEngine, type TestDatabase } from '../support/engines.js';
import { spawnTijori, waitForOutput } from '../support/cli.js';
import { freePort } from '../support/net.js';

interface Reply {
  status: number;
  body: string;
}

function get(
  port: number,
  path: string,
  options: { method?: string; body?: string; slowBodyMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        rejectUnauthorized: false,
        agent: false,
        headers:
          options.body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body) },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (options.body === undefined) {
      req.end();
    } else if (options.slowBodyMs === undefined) {
      req.end(options.body);
    } else {
      // Send half the body now and the rest later: the request is in flight meanwhile.
      const half = Math.floor(options.body.length / 2);
      req.write(options.body.slice(0, half));
      setTimeout(() => req.end(options.body?.slice(half)), options.slowBodyMs);
    }
  });
}

function tlsHandshake(port: number, maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  return new Promise((resolve, reject) => {
    const minVersion = maxVersion === 'TLSv1.1' ? 'TLSv1' : maxVersion;
    const socket = connect(
      { host: '127.0.0.1', port, rejectUnauthorized: false, maxVersion, minVersion },
      () => {
        const protocol = socket.getProtocol() ?? '';
        socket.end();
        resolve(protocol);
      },
    );
    socket.on('error', reject);
  });
}

describeEachEngine('server process', (getDb, engine) => {
  let dataDir: string;
  let database: TestDatabase;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tijori-serve-'));
    database = getDb();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function env(port: number): Record<string, string> {
    const base: Record<string, string> = {
      TIJORI_DATA_DIR: join(dataDir, String(port)),
      TIJORI_PORT: String(port),
      TIJORI_HOST: '127.0.0.1',
      TIJORI_LOG_LEVEL: 'warn',
    };
    if (engine === 'postgres' && database.location.url !== undefined)
      base.TIJORI_DATABASE_URL = database.location.url;
    return base;
  }

  it('starts on an empty data folder with HTTPS, TLS 1.2+ only, and a one-time setup link', async () => {
    const port = await freePort();
    const child = spawnTijori(['serve'], env(port));
    try {
      await waitForOutput(child, /is running at https:\/\/127\.0\.0\.1:\d+ \((sqlite|postgres)\)/);
      const link = await waitForOutput(child, /open (https:\/\/\S+\/setup#code=[A-Z0-9]+)/);
      expect(link[1]).toContain(`:${port}/setup#code=`);
      expect(await get(port, '/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect((await get(port, '/readyz')).status).toBe(200);
      expect(await tlsHandshake(port, 'TLSv1.3')).toBe('TLSv1.3');
      expect(await tlsHandshake(port, 'TLSv1.2')).toBe('TLSv1.2');
      await expect(tlsHandshake(port, 'TLSv1.1')).rejects.toThrow();
      // The shared job runner started with the server: the detectors job has run.
      const jobs =
        engine === 'postgres'
          ? database
          : openDatabase({ sqlitePath: sqlitePathFor(env(port).TIJORI_DATA_DIR ?? '') });
      try {
        await expect
          .poll(
            async () =>
              Number(
                (
                  await jobs.db
                    .selectFrom('scheduled_jobs')
                    .select('runs')
                    .where('name', '=', 'monitoring-detectors')
                    .executeTakeFirst()
                )?.runs ?? 0,
              ),
            { timeout: 20_000 },
          )
          .toBeGreaterThan(0);
      } finally {
        if (engine === 'sqlite') await jobs.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('on SIGTERM during a burst, finishes in-flight requests and exits 0', async () => {
    const port = await freePort();
    const child = spawnTijori(['serve'], env(port));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitForOutput(child, /is running at/);
    // A request whose body is still arriving when the signal lands.
    const slow = get(port, '/api/v1/setup', {
      method: 'POST',
      body: JSON.stringify({ code: 'WRONGCODE123', businessName: 'x' }),
      slowBodyMs: 700,
    });
    // Settled from the start: a request reset by the shutdown is an outcome here, not an
    // unhandled rejection while the test waits for the slow one.
    const burst = Promise.allSettled(Array.from({ length: 40 }, () => get(port, '/readyz')));
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGTERM');
    const slowReply = await slow;
    // The in-flight request got its real answer (a validation error), not a reset connection.
    expect(slowReply.status).toBe(400);
    const burstReplies = await burst;
    for (const r of burstReplies) {
      if (r.status === 'fulfilled') expect([200, 503]).toContain(r.value.status);
    }
    expect(
      burstReplies.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length,
    ).toBeGreaterThan(0);
    expect(await exited).toBe(0);
  });
});
