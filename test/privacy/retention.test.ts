/**
 * Acceptance: a retention dry run and a real run at the same moment agree (the same rows, the same
 * counts, the same audit preview), the dry run changes nothing, and the real run touches nothing
 * outside the policies: expired tax records (financial years whose 72 months have ended) go, later
 * ones stay; inactive customers are anonymised, or told 48 hours before where they consented to be
 * contacted, or held while they owe money; old sessions, sign-in attempts and export packages go.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../src/db/database.js';
import type { Database } from '../../src/db/schema.js';
import { newId } from '../../src/domain/ids.js';
import { readCatalog } from '../../src/modules/privacy/inventory.service.js';
import type { RetentionReport } from '../../src/modules/privacy/retention.service.js';
import { createUser } from '../support/factories.js';
import { describeEachEngine } from '../support/engines.js';
import { createPrivacyShop, type PrivacyShop } from './support/privacy-fixture.js';

const T0 = '2026-05-15T06:30:00.000Z';
const NOW = '2034-06-15T06:30:00.000Z';

type Snapshot = Map<string, Set<string>>;

async function snapshot(db: Kysely<Database>, engine: Engine): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const [table] of await readCatalog(db, engine)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out.set(
      table,
      new Set(rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.length : v)))),
    );
  }
  return out;
}

/** Tables whose rows differ between two snapshots. */
function changedTables(a: Snapshot, b: Snapshot): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((t) => {
    const x = a.get(t) ?? new Set();
    const y = b.get(t) ?? new Set();
    return x.size !== y.size || [...x].some((r) => !y.has(r));
  });
}

const ids = (report: RetentionReport, policy: string, table: string) =>
  report.policies.find((p) => p.policy === policy)?.actions.find((a) => a.table === table);

describeEachEngine('retention: dry run and real run agree', (getDb, engine) => {
  let shop: PrivacyShop;
  const c: Record<'quiet' | 'consenting' | 'owing' | 'active', string> = {
    quiet: '',
    consenting: '',
    owing: '',
    active: '',
  };
  const docs: Record<'old' | 'fy2027' | 'recent', string[]> = { old: [], fy2027: [], recent: [] };
  const rows: Record<string, string> = {};

  beforeAll(async () => {
    shop = await createPrivacyShop(getDb(), {}, undefined, T0);
    const { db } = getDb();
    c.quiet = await shop.customer({ name: 'Quiet Fakeperson', phone: '+919800000606' });
    c.consenting = await shop.customer({ name: 'Consenting Fakeperson', phone: '+919800000707' });
    c.owing = await shop.customer({ name: 'Owing Fakeperson', phone: '+919800000808' });
    c.active = await shop.customer({ name: 'Active Fakeperson', phone: '+919800000909' });
    await shop.t.services.privacy.consent.record(shop.operator, {
      customerId: c.consenting,
      purposes: ['marketing_sms'],
      granted: true,
      source: 'counter',
    });
    for (const id of [c.quiet, c.consenting, c.active])
      docs.old.push((await shop.sell(id, [{ variantId: shop.shirt, quantity: 1 }])).id);
    docs.old.push(
      (
        await shop.sell(
          c.owing,
          [{ variantId: shop.kurta, quantity: 1 }],
          [{ method: 'credit', amountPaise: 252_000 }],
        )
      ).id,
    );
    const request = await shop.t.services.privacy.requests.create(shop.operator, {
      kind: 'export',
      channel: 'back_office',
      customerId: c.active,
      verifiedInPerson: true,
    });
    rows.export = (
      await shop.t.services.privacy.requests.fulfilExport(shop.operator, request.id, { kind: 'password' })
    ).id;
    const userId = await createUser(db, shop.tenant.tenantId);
    const session = (id: string, expires: string) => ({
      tenant_id: shop.tenant.tenantId,
      id,
      user_id: userId,
      secret_hash: randomBytes(32).toString('hex'),
      csrf_hash: randomBytes(32).toString('hex'),
      mfa_verified: 1,
      created_at: T0,
      last_seen_at: T0,
      absolute_expires_at: expires,
      reauthenticated_at: null,
      revoked_at: null,
      revoked_reason: null,
    });
    rows.oldSession = newId();
    rows.liveSession = newId();
    await db
      .insertInto('sessions')
      .values([
        session(rows.oldSession, '2026-05-15T18:30:00.000Z'),
        session(rows.liveSession, '2034-06-15T12:00:00.000Z'),
      ])
      .execute();
    const attempt = (id: string, at: string) => ({
      id,
      tenant_id: shop.tenant.tenantId,
      user_id: userId,
      account_key: 'k',
      source_ip: '10.0.0.7',
      source_network: '10.0.0.0/24',
      device_id: null,
      outcome: 'success' as const,
      reason: 'ok',
      created_at: at,
    });
    rows.oldAttempt = newId();
    rows.newAttempt = newId();
    await db
      .insertInto('login_attempts')
      .values([attempt(rows.oldAttempt, T0), attempt(rows.newAttempt, '2034-06-01T00:00:00.000Z')])
      .execute();
    shop.t.clock.set('2027-06-10T06:30:00.000Z');
    docs.fy2027.push((await shop.sell(c.active, [{ variantId: shop.shirt, quantity: 2 }])).id);
    shop.t.clock.set('2034-01-10T06:30:00.000Z');
    docs.recent.push((await shop.sell(c.active, [{ variantId: shop.shirt, quantity: 1 }])).id);
    shop.t.clock.set(NOW);
  }, 90_000);
  afterAll(async () => shop?.close());

  it('a dry run changes nothing but its own record; the real run then does exactly what it showed', async () => {
    const { db } = getDb();
    const { retention } = shop.t.services.privacy;
    const before = await snapshot(db, engine);
    const dry = await retention.run(shop.operator, { dryRun: true });
    const afterDry = await snapshot(db, engine);
    expect(changedTables(before, afterDry).sort()).toEqual([
      'audit_entries',
      'audit_heads',
      'retention_runs',
    ]);

    expect(ids(dry, 'tax_records', 'sales_documents')?.ids.sort()).toEqual([...docs.old].sort());
    expect(dry.policies.find((p) => p.policy === 'tax_records')?.expiredThroughFy).toBe(2026);
    expect(ids(dry, 'tax_records', 'sales_document_lines')?.count).toBe(4);
    expect(ids(dry, 'customer_inactive', 'customers')).toBeDefined();
    const customers = dry.policies.find((p) => p.policy === 'customer_inactive');
    expect(customers?.actions.map((a) => [a.action, a.ids])).toEqual([
      ['notify', [c.consenting]],
      ['anonymise', [c.quiet]],
    ]);
    expect(customers?.held).toEqual({ balance_outstanding: 1 });
    expect(ids(dry, 'sessions', 'sessions')?.ids).toEqual([rows.oldSession]);
    expect(ids(dry, 'login_attempts', 'login_attempts')?.ids).toEqual([rows.oldAttempt]);
    expect(ids(dry, 'export_packages', 'privacy_exports')?.ids).toEqual([rows.export]);
    const auditPreview = dry.policies.find((p) => p.policy === 'audit')?.audit;
    expect(auditPreview?.removed ?? 0).toBeGreaterThan(0);

    const real = await retention.run(shop.operator, { dryRun: false });
    const strip = (r: RetentionReport) =>
      r.policies.map(({ audit, ...p }) => ({
        ...p,
        audit: audit && {
          removed: audit.removed,
          stubbed: audit.stubbed,
          kept: audit.kept,
          throughSeq: audit.throughSeq,
        },
      }));
    expect(strip(real)).toEqual(strip(dry));

    const after = await snapshot(db, engine);
    const removed = (table: string) =>
      [...(afterDry.get(table) ?? [])]
        .filter((r) => !(after.get(table) ?? new Set()).has(r))
        .map((r) => JSON.parse(r) as Record<string, unknown>);
    expect(
      removed('sales_documents')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...docs.old].sort());
    expect(removed('sales_document_lines')).toHaveLength(4);
    expect(removed('sessions').map((r) => r.id)).toEqual([rows.oldSession]);
    expect(removed('login_attempts').map((r) => r.id)).toEqual([rows.oldAttempt]);
    expect(removed('privacy_exports').map((r) => r.id)).toEqual([rows.export]);
    expect(removed('customer_ledger').map((r) => r.customer_id)).toEqual([c.owing]);
    expect(removed('customers').map((r) => r.id)).toEqual([c.quiet]); // its indexes were cleared
    // Nothing outside the policies: these tables did not change at all.
    for (const table of [
      'items',
      'item_variants',
      'stock_levels',
      'consent_events',
      'consent_current',
      'privacy_requests',
      'user_accounts',
      'roles',
      'stores',
      'data_keys',
    ])
      expect(changedTables(afterDry, after), table).not.toContain(table);
    const remaining = await db
      .selectFrom('sales_documents')
      .select('id')
      .where('tenant_id', '=', shop.tenant.tenantId)
      .execute();
    expect(remaining.map((r) => r.id).sort()).toEqual([...docs.fy2027, ...docs.recent].sort());
    expect((await shop.t.services.billing.customers.get(shop.operator, c.quiet)).erased).toBe(true);
    expect((await shop.t.services.billing.customers.get(shop.operator, c.owing)).erased).toBe(false);
    const notice = await db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('recipient_customer_id', '=', c.consenting)
      .executeTakeFirst();
    expect(notice).toMatchObject({ kind: 'retention_notice', channel: 'sms' });
  });

  it('anonymises a notified customer once the 48 hours have passed, and refuses to delete tax records early', async () => {
    const { retention } = shop.t.services.privacy;
    shop.t.clock.set(new Date(new Date(NOW).getTime() + 47 * 3600_000));
    const early = await retention.run(shop.operator, { dryRun: true, policies: ['customer_inactive'] });
    expect(early.policies[0]?.held).toMatchObject({ notice_period: 1 });
    shop.t.clock.set(new Date(new Date(NOW).getTime() + 49 * 3600_000));
    const due = await retention.run(shop.operator, { dryRun: false, policies: ['customer_inactive'] });
    expect(due.policies[0]?.actions.find((a) => a.action === 'anonymise')?.ids).toEqual([c.consenting]);
    expect((await shop.t.services.billing.customers.get(shop.operator, c.consenting)).erased).toBe(true);
    await expect(
      getDb()
        .db.deleteFrom('sales_documents')
        .where('id', '=', docs.fy2027[0] ?? '')
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      retention.setPolicy(shop.operator, 'tax_records', { enabled: true, period: 60 }),
    ).rejects.toMatchObject({ field: 'period' });
  });

  it('runs on schedule through the job runner, for every business and the installation, each run recorded', async () => {
    const { db } = getDb();
    const { jobs } = shop.t.services;
    expect(jobs.jobNames).toEqual(expect.arrayContaining(['privacy-retention', 'privacy-deadlines']));
    const before = (await db.selectFrom('retention_runs').select('id').execute()).map((r) => r.id);
    expect(await jobs.runNow('privacy-retention')).toBe(true);
    expect((await jobs.status()).find((j) => j.name === 'privacy-retention')?.lastOutcome).toBe('success');
    const runs = (await db.selectFrom('retention_runs').selectAll().execute()).filter(
      (r) => !before.includes(r.id),
    );
    expect(runs.map((r) => `${r.tenant_id}/${r.dry_run}/${r.actor_type}`).sort()).toEqual(
      [`${shop.tenant.tenantId}/0/system`, '_installation/0/system'].sort(),
    );
  });
});
