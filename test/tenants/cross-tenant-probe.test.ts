/**
 * The cross-tenant probe (issue 20, accepted item): two businesses made by `tijori tenants
 * create`; every operation of the OpenAPI document the app serves (so a new route is probed
 * without editing this file) is called with business A's owner session on business B's object
 * ids. Each answer must be a refusal (404 for an object of B), the same refusal a random id gets
 * (a refusal does not reveal that B's object exists), must never end A's session, and must not
 * carry any of B's ids or names. Routes without an object id (GET) are called too: their answers
 * about A must not carry B's data either.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { selectedEngines } from '../support/test-env.js';
import {
  buildIdentityTestApp,
  signIn,
  strongPassword,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';
import {
  GUJARAT,
  acceptInvite,
  MAHARASHTRA,
  createBusiness,
  createHostedInstallation,
  type HostedInstallation,
} from './hosted-support.js';
import {
  fillPath,
  operationsOf,
  tableOfParam,
  type OpenApiDocument,
  type ProbeOperation,
} from './probe-requests.js';

/**
 * Object kinds the routes name that this probe does not seed in B yet: their routes are probed
 * with random ids only (still: no 2xx, no leak, session kept). Seeding them is open work.
 */
const NOT_SEEDED = [
  'actionId (incident_review_actions)',
  'alertId (alerts)',
  'backupId (no table)',
  'batchId (incident_notice_batches)',
  'blockId (counter_number_blocks)',
  'drillId (incident_drills)',
  'id (alerts)',
  'id (appointments)',
  'id (coupons)',
  'id (erasure_certificates)',
  'id (incident_notice_batches)',
  'id (key_rotations)',
  'id (no table)',
  'id (offers)',
  'id (price_lists)',
  'id (privacy_exports)',
  'id (privacy_requests)',
  'id (processors)',
  'id (wallets)',
  'incidentId (incidents)',
  'inquiryId (incident_inquiries)',
  'keyId (counter_keys)',
  'noteId (client_notes)',
  'reportId (security_reports)',
  'transferId (stock_transfers)',
];

/** Path parameters that name a choice of A's own (an enum), not an object: not a cross-tenant id. */
const CHOICE_PARAMS = new Set(['authority', 'kind', 'policy', 'purpose']);

describe.runIf(selectedEngines().includes('postgres'))('cross-tenant probe [postgres]', () => {
  let hosted: HostedInstallation;
  let t: IdentityTestApp;
  let attacker: SignedIn;
  let victimTenant = '';
  /** Values that must never appear in an answer to A: B's name, a customer's name, B's ids. */
  const markers = new Set<string>(['Bharat Agro', 'Victim Buyer', '8901234567890']);
  /** One object of B per table (`id` column), and B's barcode. */
  const firstId = new Map<string, string>();

  async function owner(
    token: string,
    email: string,
  ): Promise<{ email: string; password: string; userId: string }> {
    const password = strongPassword();
    const res = await acceptInvite(t.app, token, email, password);
    if (res.statusCode !== 201) throw new Error(`accept failed: ${res.body}`);
    return { email, password, userId: res.json<{ userId: string }>().userId };
  }

  async function seedVictim(tenantId: string): Promise<void> {
    const billing = t.services.billing;
    const op = operatorActor(tenantId);
    const store = await hosted.db.db
      .selectFrom('stores')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    await billing.settings.updateStoreProfile(op, store.id, {
      addressLine1: '1 Ring Road',
      city: 'Surat',
      pincode: '395003',
    });
    const item = await billing.items.createItem(op, {
      kind: 'goods',
      name: 'Victim seed drill',
      hsnSac: '5007',
      uqc: 'PCS',
      rateCategory: 'gst-5',
      priceIncludesTax: true,
      variants: [{ pricePaise: 500_000, barcode: '8901234567890' }],
    });
    const customer = await billing.customers.create(op, {
      name: 'Victim Buyer',
      phone: '9876522222',
      creditLimitPaise: 0,
    });
    const invoice = await billing.checkout.checkout(
      op,
      {
        storeId: store.id,
        customerId: customer.id,
        lines: [{ variantId: item.variants[0]?.id ?? '', quantity: 2 }],
        payments: [{ method: 'cash', amountPaise: 1_000_000 }],
      },
      'victim-sale-0001',
    );
    await billing.creditNotes.issue(
      op,
      {
        invoiceId: invoice.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [{ method: 'cash', amountPaise: 500_000 }],
      },
      'victim-note-0001',
    );
  }

  /** B's first object of every table with `tenant_id` and `id`, and all of B's ids as markers. */
  async function collectVictimIds(tenantId: string): Promise<string[]> {
    const tables = await sql<{ table_name: string }>`
      select c.table_name from information_schema.columns c
      where c.table_schema = 'public' and c.column_name = 'tenant_id'
        and exists (select 1 from information_schema.columns i
                    where i.table_schema = 'public' and i.table_name = c.table_name and i.column_name = 'id')
      order by c.table_name`.execute(hosted.db.db);
    const names = tables.rows.map((r) => r.table_name);
    for (const table of names) {
      const rows = await sql<{
        id: string;
      }>`select id from ${sql.table(table)} where tenant_id = ${tenantId} limit 50`.execute(hosted.db.db);
      if (rows.rows[0] !== undefined) firstId.set(table, rows.rows[0].id);
      for (const r of rows.rows) if (r.id.length >= 16) markers.add(r.id);
    }
    return names;
  }

  let tables: string[] = [];
  let operations: ProbeOperation[] = [];

  beforeAll(async () => {
    hosted = await createHostedInstallation();
    const a = await createBusiness(hosted.env, {
      business: 'Asha Fashions',
      ...MAHARASHTRA,
      ownerEmail: 'asha@example.test',
    });
    const b = await createBusiness(hosted.env, {
      business: 'Bharat Agro',
      ...GUJARAT,
      ownerEmail: 'bharat@example.test',
    });
    if (a.run.code !== 0 || b.run.code !== 0) throw new Error(a.run.stderr + b.run.stderr);
    victimTenant = b.tenantId;
    t = await buildIdentityTestApp(hosted.db, {}, hosted.keyProvider());
    const ownerA = await owner(a.token, 'asha@example.test');
    const ownerB = await owner(b.token, 'bharat@example.test');
    attacker = await signIn(t, ownerA, 'owner');
    await signIn(t, ownerB, 'owner'); // B's session, TOTP secret and recovery data exist too
    await t.services.identity.apiTokens.createForLogin('bharat@example.test', {
      name: 'victim token',
      scopes: ['invoice.read'],
      expiresInMs: 86_400_000,
    });
    await seedVictim(b.tenantId);
    tables = await collectVictimIds(b.tenantId);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
    operations = operationsOf(doc, randomUUID());
  }, 240_000);
  afterAll(async () => {
    await t.close();
    await hosted.close();
  });

  const publicRoute = (op: ProbeOperation) =>
    t.routes.some(
      (r) => r.method === op.method && r.url === op.path.replace(/\{(\w+)\}/g, ':$1') && 'public' in r.access,
    );

  const send = (op: ProbeOperation, url: string) =>
    t.app.inject({
      method: op.method as 'GET',
      url,
      headers: { ...attacker.headers, 'idempotency-key': `probe-${randomUUID()}` },
      ...(op.body === undefined || op.method === 'GET' ? {} : { payload: op.body as object }),
    });

  const leaked = (body: string): string[] => [...markers].filter((m) => body.includes(m));

  it('refuses every operation on B’s object ids as it refuses a random id, leaking nothing', async () => {
    const objectOps = operations.filter(
      (op) => !publicRoute(op) && op.params.some((p) => !CHOICE_PARAMS.has(p)),
    );
    expect(objectOps.length).toBeGreaterThan(100);
    const unseeded = new Set<string>();
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    for (const op of objectOps) {
      const values: Record<string, string> = {};
      for (const param of op.params) {
        if (CHOICE_PARAMS.has(param)) continue;
        const table = tableOfParam(op.path, param, tables);
        const id =
          param === 'barcode' ? '8901234567890' : table === undefined ? undefined : firstId.get(table);
        if (id === undefined) unseeded.add(`${param} (${table ?? 'no table'})`);
        else values[param] = id;
      }
      const choices = Object.fromEntries(op.params.filter((p) => CHOICE_PARAMS.has(p)).map((p) => [p, 'x']));
      const probe = await send(op, fillPath(op.path, { ...choices, ...values }));
      const baseline = await send(op, fillPath(op.path, choices));
      statuses.set(probe.statusCode, (statuses.get(probe.statusCode) ?? 0) + 1);
      const where = `${op.method} ${op.path}`;
      if (probe.statusCode < 400) problems.push(`${where}: answered ${probe.statusCode} on B's object`);
      if (probe.statusCode === 401) problems.push(`${where}: ended A's session`);
      if (probe.statusCode !== baseline.statusCode)
        problems.push(
          `${where}: ${probe.statusCode} on B's object but ${baseline.statusCode} on a random id`,
        );
      const url = fillPath(op.path, { ...choices, ...values });
      const found = leaked(probe.body).filter((m) => !url.includes(encodeURIComponent(m)));
      if (found.length > 0) problems.push(`${where}: answer carries B's ${found.join(', ')}`);
    }
    console.info(
      `probed ${objectOps.length} operations; statuses ${JSON.stringify([...statuses])}; no object of B for: ${[...unseeded].join(', ')}`,
    );
    expect(problems).toEqual([]);
    expect([...unseeded].sort()).toEqual(NOT_SEEDED);
    // Most answers are the 404 of an unknown object; the rest stop earlier, as for a random id.
    expect(statuses.get(404) ?? 0).toBeGreaterThan(objectOps.length / 2);
  }, 600_000);

  it('answers A’s own questions (GET without an object id) with nothing of B', async () => {
    const own = operations.filter(
      (op) => op.method === 'GET' && !publicRoute(op) && op.params.every((p) => CHOICE_PARAMS.has(p)),
    );
    expect(own.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const op of own) {
      const res = await send(op, fillPath(op.path, Object.fromEntries(op.params.map((p) => [p, 'x']))));
      if (res.statusCode === 401) problems.push(`${op.path}: ended A's session`);
      const found = leaked(res.body);
      if (found.length > 0) problems.push(`${op.path}: answer carries B's ${found.join(', ')}`);
    }
    expect(problems).toEqual([]);
    // The probe itself can fail: B's own owner would see B's name where A sees none of it.
    expect(victimTenant).not.toBe('');
  }, 300_000);
});
