import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/domain/app-error.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describeEachEngine } from '../support/engines.js';
import { buildTestApp, type TestApp } from '../support/app.js';

function probeRoutes(api: FastifyInstance): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/test/echo',
    {
      config: { access: { public: true } },
      schema: {
        body: z.object({ quantity: z.number().int().positive(), note: z.string().max(10).optional() }),
      },
    },
    (request) => ({ quantity: request.body.quantity }),
  );
  r.get('/test/crash', { config: { access: { public: true } } }, () => {
    throw new Error('SQLITE_CONSTRAINT: insert into customers values (9876543210) failed at /src/x.ts:10');
  });
  r.get('/test/conflict', { config: { access: { public: true } } }, () => {
    throw new AppError('conflict', 'the invoice number is already used', 'number');
  });
  r.get('/test/private', { config: { access: { session: true } } }, () => ({ ok: true }));
}

describeEachEngine('HTTP app', (getDb) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(getDb(), { extraApiRoutes: [probeRoutes], config: { bodyLimitBytes: 2048 } });
  });
  afterAll(async () => t.close());

  it('answers /healthz with {"status":"ok"} and /readyz after checking the database', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok' });
  });

  it('sets the security headers on every response and no-store on the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/setup/state' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed client request id and replaces a malformed one', async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abcdef12-3456' },
    });
    expect(kept.headers['x-request-id']).toBe('abcdef12-3456');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'a\nb; drop' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('drop');
  });

  it('answers invalid input with 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: { quantity: -2 } });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; field: string; requestId: string } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.field).toBe('body.quantity');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: {} });
    expect(missing.json<{ error: { field: string } }>().error.field).toBe('body.quantity');
  });

  it('maps application errors to stable codes and statuses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'conflict', field: 'number' } });
  });

  it('never shows a stack trace or SQL to the client', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: { code: 'internal', message: 'internal error' } });
    expect(res.body).not.toMatch(/SQLITE|insert|\.ts:|9876543210/);
  });

  it('refuses bodies over the limit, bad JSON and wrong content types with clear 4xx', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ quantity: 1, note: 'x'.repeat(5000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"quantity": ',
    });
    expect(badJson.statusCode).toBe(400);
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(text.statusCode).toBe(415);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses routes that need a session when there is none', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/private' });
    expect(res.statusCode).toBe(401);
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/setup');
    expect(Object.keys(doc.paths)).toContain('/healthz');
  });
});

it('refuses to start with an API route that declares no access', async () => {
  const { buildApp } = await import('../../src/http/app.js');
  const { buildConfig } = await import('../../src/config/config.js');
  const { createLogger } = await import('../../src/logging/logger.js');
  const undeclared = (api: FastifyInstance) => {
    api.get('/oops', () => ({}));
  };
  await expect(
    buildApp({
      config: buildConfig({}),
      database: { db: {} as never, engine: 'sqlite', close: () => Promise.resolve() },
      logger: createLogger({ level: 'silent' }),
      apiRoutes: [undeclared],
    }).then((app) => app.ready()),
  ).rejects.toThrow(/declares no access/);
});
