/**
 * Malformed requests against every write route of the OpenAPI document (so new routes are
 * covered without editing this file), as a signed-in owner, on both engines: random and hostile
 * JSON, the route's own field names with wrong values, bodies that are not JSON, odd content
 * types, and path parameters that are not ids. No answer is a 5xx, no error body carries a stack
 * trace or SQL, and the server stays healthy throughout. `npm run fuzz` sends 10,000 per engine;
 * the suite sends TIJORI_FUZZ_RUNS (default 400).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createTenant, createStore } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

const RUNS = Number(process.env.TIJORI_FUZZ_RUNS ?? 400);

interface Operation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The body's top-level property names, from the schema. */
  fields: string[];
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }
    >
  >;
}

/** Every write operation of the document. */
function writeOperations(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const upper = method.toUpperCase();
      if (upper !== 'POST' && upper !== 'PUT' && upper !== 'PATCH' && upper !== 'DELETE') continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      out.push({ method: upper, path, fields: Object.keys(schema?.properties ?? {}) });
    }
  return out;
}

/** What a leaked internal error looks like in a response body. */
const LEAK =
  /\bat (?:async )?[\w.$<>]+ \(|node_modules|\.[jt]s:\d+:\d+|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.*\bSET\b|SQLITE_|syntax error at or near|violates .* constraint|RangeError|TypeError|ReferenceError/i;

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE customers; --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\uD800',
    '9'.repeat(400),
    '1e400',
    '-0',
    '4111 1111 1111 1111',
    '__proto__',
    'constructor',
    'NaN',
    'x'.repeat(70_000),
  ),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 2 ** 63, null, true, [], {}),
  fc.jsonValue({ maxDepth: 4 }),
);

function bodyFor(op: Operation): fc.Arbitrary<{ payload: string; contentType: string | undefined }> {
  const json = (value: unknown) => ({
    payload: JSON.stringify(value) ?? 'null',
    contentType: 'application/json',
  });
  const ownFields =
    op.fields.length === 0
      ? fc.dictionary(hostileString, hostileValue, { maxKeys: 5 })
      : fc.dictionary(fc.constantFrom(...op.fields), hostileValue, { maxKeys: op.fields.length });
  return fc.oneof(
    { weight: 5, arbitrary: ownFields.map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map(json) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '{',
          '{"a":1,}',
          '[' + '['.repeat(2000),
          '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
          '\u0000',
          '',
          'null',
        )
        .map((payload) => ({ payload, contentType: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ maxLength: 200 }),
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/json; charset=utf-16',
            'multipart/form-data; boundary=x',
            undefined,
          ),
        )
        .map(([payload, contentType]) => ({ payload, contentType })),
    },
  );
}

const pathParam = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('..%2F..%2Fetc', '%E0%A4%A', '0', '-1', 'null', '%00', 'a'.repeat(300), '1%20OR%201%3D1'),
);

describeEachEngine('fuzzing every write route', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let operations: Operation[];
  let owner: SignedIn;
  let dataDir: string;
  let keyDir: string;

  const newOwner = async () => {
    owner = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
  };

  beforeAll(async () => {
    // A real data folder (the SQLite file's own on SQLite) and key folder, so a backup run from
    // POST /backups writes where a real installation would.
    const sqlitePath = getDb().location.sqlitePath;
    dataDir = sqlitePath === undefined ? mkdtempSync(join(tmpdir(), 'tijori-fuzz-')) : dirname(sqlitePath);
    keyDir = mkdtempSync(join(tmpdir(), 'tijori-fuzz-keys-'));
    t = await buildIdentityTestApp(getDb(), { dataDir, keyDir });
    tenantId = (await createTenant(getDb().db)).tenantId;
    await createStore(getDb().db, tenantId);
    await seedRoles(getDb().db, tenantId);
    await newOwner();
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApi>();
    operations = writeOperations(doc);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(keyDir, { recursive: true, force: true });
    if (getDb().location.sqlitePath === undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `${String(RUNS)} malformed requests: no 5xx, no stack trace or SQL, healthy throughout`,
    async () => {
      expect(operations.length).toBeGreaterThan(100);
      let sent = 0;
      const statuses = new Map<number, number>();
      const request = fc.constantFrom(...operations).chain((op) =>
        fc.record({
          op: fc.constant(op),
          body: bodyFor(op),
          params: fc.array(pathParam, { minLength: 4, maxLength: 4 }),
          query: fc.option(
            fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
          ),
        }),
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ op, body, params, query }) => {
          let i = 0;
          const path = op.path.replace(/\{[^}]+\}/g, () => params[i++] ?? 'x');
          const search = query === null ? '' : `?${new URLSearchParams(query).toString()}`;
          const res = await t.app.inject({
            method: op.method,
            url: `${path}${search}`,
            headers: {
              ...owner.headers,
              ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }),
            },
            payload: body.payload,
          });
          sent += 1;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(res.statusCode, `${op.method} ${path}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.body, `${op.method} ${path}`).not.toMatch(LEAK);
          // A request that ended the owner's session (sign-out, password change ...): sign in again.
          if (res.statusCode === 401 || res.statusCode === 403) {
            const check = await t.app.inject({
              method: 'GET',
              url: '/api/v1/auth/sessions',
              headers: owner.headers,
            });
            if (check.statusCode !== 200) await newOwner();
          }
          if (sent % 200 === 0) {
            const started = performance.now();
            const health = await t.app.inject({ method: 'GET', url: '/healthz' });
            expect(health.statusCode).toBe(200);
            expect(performance.now() - started).toBeLessThan(2_000);
          }
        }),
        { numRuns: RUNS },
      );
      expect(sent).toBe(RUNS);
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    },
    120_000 + RUNS * 200,
  );
});
