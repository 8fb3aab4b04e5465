/**
 * Compressed delivery (ADR 0048): web assets go out as the brotli or gzip copy the build made,
 * as the request's Accept-Encoding allows; large JSON answers to reads are compressed on the fly;
 * small answers, answers to writes, the sign-in area (secrets, BREACH) and binary downloads are not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import {
  compressibleRoute,
  COMPRESS_THRESHOLD_BYTES,
  isCompressibleType,
} from '../../src/http/compression.js';
import { contentSecurityPolicy } from '../../src/http/security-headers.js';
import { webAppRoutes } from '../../src/http/web-app.routes.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';

const publicAccess = { config: { access: { public: true } } } as const;
/** About 6 KB of JSON: well over the threshold. */
const bigList = Array.from({ length: 120 }, (_, i) => ({ sku: `SKU-${i}`, name: `Cotton shirt ${i}` }));

function probeRoutes(api: FastifyInstance): void {
  api.get('/test/big', publicAccess, () => ({ items: bigList }));
  api.get('/test/small', publicAccess, () => ({ ok: true }));
  api.post('/test/big', publicAccess, () => ({ items: bigList }));
  api.get('/auth/test-big', publicAccess, () => ({ items: bigList }));
  api.get('/test/pdf', publicAccess, (_request, reply) =>
    reply.type('application/pdf').send(Buffer.alloc(8192, 0x25)),
  );
}

describe('compressed delivery', () => {
  let dir: string;
  let db: TestDatabase;
  let app: App;
  const script = `export const words = [${Array.from({ length: 3000 }, (_, i) => `"word${i % 50}"`).join(',')}];\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tijori-web-compress-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tijori</title><div id="root"></div>');
    const file = join(dir, 'assets', 'index-AbC123.js');
    writeFileSync(file, script);
    // What the build's compression step leaves beside each asset.
    writeFileSync(`${file}.br`, brotliCompressSync(script));
    writeFileSync(`${file}.gz`, gzipSync(script));
    writeFileSync(join(dir, 'assets', 'tiny-XyZ.js'), 'export {};\n');
    db = await createTestDatabase('sqlite');
    app = await buildApp({
      config: buildConfig({ dataDir: '/nonexistent-test-data' }),
      database: db,
      logger: createLogger({ level: 'silent' }),
      apiRoutes: [probeRoutes],
      rootRoutes: [webAppRoutes(dir)],
    });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the brotli copy of an asset when brotli is accepted, gzip when only gzip is', async () => {
    const url = '/assets/index-AbC123.js';
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(br.rawPayload.length).toBeLessThan(script.length / 5);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    // A browser that refuses brotli (q=0) gets gzip; one that accepts nothing gets the file.
    const noBr = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(noBr.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    const none = await app.inject({ method: 'GET', url });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body).toBe(script);
  });

  it('sends an asset without a compressed copy as it is', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/assets/tiny-XyZ.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('export {};\n');
  });

  it('compresses a large JSON answer to a read, brotli first, and keeps the API headers', async () => {
    const br = await app.inject({
      method: 'GET',
      url: '/api/v1/test/big',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('application/json');
    expect(br.headers['cache-control']).toBe('no-store');
    expect(br.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(br.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual({ items: bigList });
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);

    const gz = await app.inject({
      method: 'GET',
      url: '/api/v1/test/big',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual({ items: bigList });

    const plain = await app.inject({ method: 'GET', url: '/api/v1/test/big' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual({ items: bigList });
  });

  it('leaves small answers, answers to writes, the sign-in area and PDFs uncompressed', async () => {
    const headers = { 'accept-encoding': 'gzip, br' };
    const small = await app.inject({ method: 'GET', url: '/api/v1/test/small', headers });
    expect(small.rawPayload.length).toBeLessThan(COMPRESS_THRESHOLD_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
    const post = await app.inject({ method: 'POST', url: '/api/v1/test/big', headers });
    expect(post.statusCode).toBe(200);
    expect(post.headers['content-encoding']).toBeUndefined();
    expect(post.json()).toEqual({ items: bigList });
    const auth = await app.inject({ method: 'GET', url: '/api/v1/auth/test-big', headers });
    expect(auth.headers['content-encoding']).toBeUndefined();
    expect(auth.json()).toEqual({ items: bigList });
    const pdf = await app.inject({ method: 'GET', url: '/api/v1/test/pdf', headers });
    expect(pdf.headers['content-encoding']).toBeUndefined();
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.length).toBe(8192);
  });

  it('decides by method, path and type', () => {
    expect(compressibleRoute({ method: 'GET', url: '/api/v1/catalog/items' })).toBe(true);
    expect(compressibleRoute({ method: ['GET', 'HEAD'], url: '/api/v1/catalog/items' })).toBe(true);
    expect(compressibleRoute({ method: 'PUT', url: '/api/v1/catalog/items' })).toBe(false);
    expect(compressibleRoute({ method: ['GET', 'POST'], url: '/api/v1/x' })).toBe(false);
    expect(compressibleRoute({ method: 'GET', url: '/api/v1/auth' })).toBe(false);
    expect(compressibleRoute({ method: 'GET', url: '/api/v1/auth/csrf' })).toBe(false);
    expect(compressibleRoute({ method: 'GET', url: '/api/v1/authors' })).toBe(true);
    expect(compressibleRoute({ method: 'GET', url: '/api/openapi.json' })).toBe(true);
    expect(compressibleRoute({ method: 'GET', url: '/assets/index-AbC123.js' })).toBe(false);
    expect(isCompressibleType('application/json; charset=utf-8')).toBe(true);
    expect(isCompressibleType('application/problem+json')).toBe(true);
    expect(isCompressibleType('text/csv; charset=utf-8')).toBe(true);
    expect(isCompressibleType('text/event-stream')).toBe(false);
    expect(isCompressibleType('application/pdf')).toBe(false);
    expect(isCompressibleType('application/zip')).toBe(false);
    expect(isCompressibleType('application/octet-stream')).toBe(false);
    expect(isCompressibleType('image/png')).toBe(false);
  });
});
