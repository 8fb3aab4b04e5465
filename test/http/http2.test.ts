/**
 * HTTP/2 over TLS where the client offers it (issue 22), over the real HTTPS server: a client
 * that offers `h2` by ALPN gets HTTP/2 and compressed JSON, one that does not gets HTTP/1.1 from
 * the same port, HTTP/2 turned off (`TIJORI_HTTP2=false`) serves HTTP/1.1 only, and closing the server does not wait
 * for idle connections of either kind, yet finishes a request in flight.
 */
import { connect, type ClientHttp2Session } from 'node:http2';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { buildApp, type RouteModule } from '../../src/http/app.js';
import { generateSelfSigned } from '../../src/http/tls.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
}

function h2Get(session: ClientHttp2Session, path: string, acceptEncoding?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':path': path,
      ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
    });
    const chunks: Buffer[] = [];
    let headers: Record<string, unknown> = {};
    stream.on('response', (h) => (headers = h));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () =>
      resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks) }),
    );
    stream.on('error', reject);
    stream.end();
  });
}

function h1Get(origin: string, path: string, agent?: Agent): Promise<Answer & { httpVersion: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${origin}${path}`,
      { rejectUnauthorized: false, ...(agent ? { agent } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            httpVersion: res.httpVersion,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The protocol the server picks by ALPN when a client offers `protocols`. */
function negotiated(port: number, protocols: string[]): Promise<string | false> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: '127.0.0.1', port, ALPNProtocols: protocols, rejectUnauthorized: false },
      () => {
        const chosen = socket.alpnProtocol ?? false;
        socket.destroy();
        resolve(chosen);
      },
    );
    socket.on('error', reject);
  });
}

/** A route that answers after `release()`, to hold a request in flight. */
function slowRoute(): { routes: RouteModule; started: Promise<void>; release: () => void } {
  let release = () => {};
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    routes: (app) => {
      app.get('/slow', { schema: { hide: true } }, async () => {
        markStarted();
        await gate;
        return { done: true };
      });
    },
    started,
    release: () => release(),
  };
}

describe('HTTP/2 over TLS beside HTTP/1.1', () => {
  let tlsDir: string;
  let tls: { key: Buffer; cert: Buffer };
  let db: TestDatabase;

  const start = async (overrides: { http2?: boolean }, rootRoutes: RouteModule[] = []) => {
    const app = await buildApp({
      config: buildConfig({ dataDir: '/nonexistent-test-data', ...overrides }),
      database: db,
      logger: createLogger({ level: 'silent' }),
      https: tls,
      rootRoutes,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    return { app, port, origin: `https://127.0.0.1:${String(port)}` };
  };

  beforeAll(async () => {
    tlsDir = mkdtempSync(join(tmpdir(), 'tijori-http2-tls-'));
    await generateSelfSigned(tlsDir);
    tls = { key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) };
    db = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await db.close();
    rmSync(tlsDir, { recursive: true, force: true });
  });

  it('answers HTTP/2 to a client that offers h2, with compressed JSON, and HTTP/1.1 on the same port', async () => {
    const { app, port, origin } = await start({});
    try {
      expect(await negotiated(port, ['h2', 'http/1.1'])).toBe('h2');
      expect(await negotiated(port, ['http/1.1'])).toBe('http/1.1');
      const session = connect(origin, { rejectUnauthorized: false });
      try {
        const health = await h2Get(session, '/healthz');
        expect(health.status).toBe(200);
        expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok' });
        // HTTP/2 forbids connection-specific headers; the security headers still go out.
        expect(health.headers.connection).toBeUndefined();
        expect(health.headers['strict-transport-security']).toMatch(/max-age=/);
        const api = await h2Get(session, '/api/openapi.json', 'gzip, br');
        expect(api.status).toBe(200);
        expect(api.headers['content-encoding']).toBe('br');
        expect(JSON.parse(brotliDecompressSync(api.body).toString('utf8'))).toMatchObject({
          openapi: '3.1.0',
        });
        expect(session.alpnProtocol).toBe('h2');
      } finally {
        session.close();
      }
      const old = await h1Get(origin, '/healthz');
      expect(old).toMatchObject({ status: 200, httpVersion: '1.1' });
    } finally {
      await app.close();
    }
  });

  it('serves HTTP/1.1 only when HTTP/2 is turned off', async () => {
    const { app, port, origin } = await start({ http2: false });
    try {
      expect(await negotiated(port, ['h2', 'http/1.1'])).not.toBe('h2');
      expect((await h1Get(origin, '/healthz')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('closes idle connections of both kinds at once and finishes a request in flight', async () => {
    const slow = slowRoute();
    const { app, origin } = await start({}, [slow.routes]);
    // An idle HTTP/2 session and an idle HTTP/1.1 keep-alive connection.
    const session = connect(origin, { rejectUnauthorized: false });
    expect((await h2Get(session, '/healthz')).status).toBe(200);
    const sessionClosed = new Promise<void>((resolve) => session.once('close', () => resolve()));
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await h1Get(origin, '/healthz', keepAlive)).status).toBe(200);
    // A request in flight on a second HTTP/1.1 connection.
    const busy = new Agent({ keepAlive: true, maxSockets: 1 });
    const inFlight = h1Get(origin, '/slow', busy);
    await slow.started;

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await sessionClosed;
    // The request in flight holds the close until it is answered, with Connection: close.
    expect(closed).toBe(false);
    slow.release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ done: true });
    expect(answer.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
    keepAlive.destroy();
    busy.destroy();
  });
});
