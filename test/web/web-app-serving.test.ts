/**
 * Serving the web app from the API's origin: client routes get index.html (revalidated on every
 * load) under the CSP, hashed assets are cached for a year, and /api paths or missing files never
 * get the app. Without a build, a page says how to make one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { contentSecurityPolicy } from '../../src/http/security-headers.js';
import { isClientRoute, webAppRoutes } from '../../src/http/web-app.routes.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';

const html = { accept: 'text/html,application/xhtml+xml' };

describe('web app serving', () => {
  let dir: string;
  let db: TestDatabase;
  let app: App;
  let unbuilt: App;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tijori-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tijori</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    db = await createTestDatabase('sqlite');
    const options = {
      config: buildConfig({ dataDir: '/nonexistent-test-data' }),
      database: db,
      logger: createLogger({ level: 'silent' }),
    };
    app = await buildApp({ ...options, rootRoutes: [webAppRoutes(dir)] });
    unbuilt = await buildApp({ ...options, rootRoutes: [webAppRoutes(join(dir, 'missing'))] });
  });
  afterAll(async () => {
    await app.close();
    await unbuilt.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers client routes with index.html, revalidated, under the CSP', async () => {
    for (const url of ['/', '/counter', '/admin/users', '/sign-in?next=%2Fcounter']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('caches hashed assets for a year and other files not at all', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toContain('javascript');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('never answers /api paths, missing files or non-HTML requests with the app', async () => {
    for (const [url, headers] of [
      ['/api/v1/no-such-route', html],
      ['/api', html],
      ['/assets/missing-123.js', html],
      ['/robots.txt', html],
      ['/counter', { accept: 'application/json' }],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const post = await app.inject({ method: 'POST', url: '/counter', headers: html });
    expect(post.statusCode).toBe(404);
  });

  it('says how to build the app when there is no build', async () => {
    const res = await unbuilt.inject({ method: 'GET', url: '/counter', headers: html });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });

  it('treats only extension-less, non-API paths as client routes', () => {
    expect(isClientRoute('/admin/keys')).toBe(true);
    expect(isClientRoute('/api/v1/users')).toBe(false);
    expect(isClientRoute('/assets/x')).toBe(false);
    expect(isClientRoute('/index.html')).toBe(false);
  });
});
