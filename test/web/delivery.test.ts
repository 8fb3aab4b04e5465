/**
 * The real web build over the real HTTPS server, as `curl --compressed` sees it (issue 22): the
 * entry script named by index.html goes out brotli-compressed to a client that accepts
 * `gzip, br`, at most 200 KB on the wire, gzip-compressed to one that accepts only gzip, and a
 * large JSON answer (the API description) is compressed too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { generateSelfSigned } from '../../src/http/tls.js';
import { webAppRoutes } from '../../src/http/web-app.routes.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';

const BUDGET_BYTES = 200 * 1024;
const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Builds the web app as `npm run build` does, in a process of its own: inside vitest
 * (NODE_ENV=test) Vite would bundle React's development build, larger than what ships.
 */
async function productionBuild(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tijori-delivery-web-'));
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--config', join(repoRoot, 'web', 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir'],
    { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 },
  );
  return outDir;
}

interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as it crossed the connection (still compressed). */
  body: Buffer;
}

function get(origin: string, path: string, acceptEncoding?: string): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${origin}${path}`,
      {
        rejectUnauthorized: false,
        headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('compressed delivery of the real web build over HTTPS', () => {
  let webDir: string;
  let tlsDir: string;
  let db: TestDatabase;
  let app: App;
  let origin: string;
  let entry: string;

  beforeAll(async () => {
    webDir = await productionBuild();
    tlsDir = mkdtempSync(join(tmpdir(), 'tijori-delivery-tls-'));
    await generateSelfSigned(tlsDir);
    db = await createTestDatabase('sqlite');
    app = await buildApp({
      config: buildConfig({ dataDir: '/nonexistent-test-data' }),
      database: db,
      logger: createLogger({ level: 'silent' }),
      https: { key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) },
      rootRoutes: [webAppRoutes(webDir)],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `https://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`;
    const index = readFileSync(join(webDir, 'index.html'), 'utf8');
    entry = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
  }, 240_000);
  afterAll(async () => {
    await app.close();
    await db.close();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(tlsDir, { recursive: true, force: true });
  });

  it('sends the entry script brotli-compressed, within 200 KB on the wire', async () => {
    expect(entry).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    const original = readFileSync(join(webDir, entry));
    expect(original.length).toBeGreaterThan(BUDGET_BYTES);
    const res = await get(origin, entry, 'gzip, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.length).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(brotliDecompressSync(res.body).equals(original)).toBe(true);
  });

  it('sends gzip to a client that takes only gzip, and the file itself to one that takes neither', async () => {
    const original = readFileSync(join(webDir, entry));
    const gz = await get(origin, entry, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(gunzipSync(gz.body).equals(original)).toBe(true);
    const plain = await get(origin, entry);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('compresses a large JSON answer on the fly', async () => {
    const res = await get(origin, '/api/openapi.json', 'gzip, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toContain('application/json');
    const json = JSON.parse(brotliDecompressSync(res.body).toString('utf8')) as { openapi: string };
    expect(json.openapi).toBe('3.1.0');
  });
});
