/**
 * TLS to PostgreSQL (TIJORI_DATABASE_TLS): a real server started with TLS on, reached with
 * `verify-full` and the CA file (encrypted, certificate checked), with `require` (encrypted), and
 * refused under `verify-full` when the CA does not vouch for the server's certificate.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { databaseOptionsFromConfig, openDatabase } from '../../src/db/database.js';
import { generateSelfSigned } from '../../src/http/tls.js';
import { startPostgresProcess } from '../support/postgres-process.js';
import { selectedEngines } from '../support/test-env.js';

const suite = selectedEngines().includes('postgres') ? describe : describe.skip;

suite('PostgreSQL over TLS [postgres]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-pg-tls-'));
  let server: { url: string; stop: () => Promise<void> };

  beforeAll(async () => {
    await generateSelfSigned(join(dir, 'server'));
    await generateSelfSigned(join(dir, 'stranger'));
    // The server runs as the `postgres` user when the tests run as root: it must read its key.
    if (process.getuid?.() === 0) {
      const [uid, gid] = ['-u', '-g'].map((flag) =>
        Number(execFileSync('id', [flag, 'postgres']).toString()),
      );
      for (const path of [
        dir,
        join(dir, 'server'),
        join(dir, 'server', 'key.pem'),
        join(dir, 'server', 'cert.pem'),
      ])
        chownSync(path, uid ?? 0, gid ?? 0);
    }
    server = await startPostgresProcess([
      '-c',
      'ssl=on',
      '-c',
      `ssl_cert_file=${join(dir, 'server', 'cert.pem')}`,
      '-c',
      `ssl_key_file=${join(dir, 'server', 'key.pem')}`,
    ]);
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function tlsOfSession(tls: 'require' | 'verify-full', caFile?: string) {
    const config = buildConfig({
      dataDir: dir,
      databaseUrl: server.url,
      databaseTls: tls,
      ...(caFile === undefined ? {} : { databaseCaFile: caFile }),
    });
    const handle = openDatabase(databaseOptionsFromConfig(config));
    try {
      const { rows } = await sql<{ ssl: boolean; version: string }>`
        select ssl, version from pg_stat_ssl where pid = pg_backend_pid()`.execute(handle.db);
      return rows[0];
    } finally {
      await handle.close();
    }
  }

  it('verify-full with the CA file connects encrypted, TLS 1.2 or later', async () => {
    const session = await tlsOfSession('verify-full', join(dir, 'server', 'cert.pem'));
    expect(session?.ssl).toBe(true);
    expect(session?.version).toMatch(/^TLSv1\.[23]$/);
  });

  it('require connects encrypted without checking the certificate', async () => {
    expect((await tlsOfSession('require'))?.ssl).toBe(true);
  });

  it('verify-full refuses a server whose certificate the CA does not vouch for', async () => {
    await expect(tlsOfSession('verify-full', join(dir, 'stranger', 'cert.pem'))).rejects.toThrow(
      /certificate/i,
    );
  });
});
