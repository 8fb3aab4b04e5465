/**
 * Retention is the only way entries leave the trail: it signs a retention checkpoint as the new
 * anchor first, removes what is past its time (12 months; GST records 72), keeps GST records in
 * between as whole entries among digest stubs, and the remaining chain still verifies. Removing a
 * kept GST record afterwards, even disguised as a stub, is detected.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { ManualClock } from '../../src/domain/clock.js';
import { contentHash } from '../../src/modules/audit/audit-hash.js';
import { createAudit, type Audit } from '../../src/modules/audit/audit.module.js';
import { verifyChain, type VerifyKey } from '../../src/modules/audit/audit-verify.js';
import { asAttacker, fillChain } from '../support/audit.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('audit retention', (getDb, engine) => {
  const clock = new ManualClock('2024-01-01T05:00:00.000Z');
  let audit: Audit;
  let key: VerifyKey;
  /** A chain of its own: entries 1-5 (January 2024), a GST record 6, 7-9, and 10-12 (June 2025). */
  async function seedChain(): Promise<string> {
    const db = getDb().db;
    const tenant = `t-ret-${randomBytes(4).toString('hex')}`;
    clock.set('2024-01-01T05:00:00.000Z');
    await fillChain(db, audit.trail, tenant, 5); // 1-5: January 2024
    clock.set('2024-01-02T05:00:00.000Z');
    await audit.trail.record(
      db,
      { tenantId: tenant, actor: { type: 'user', id: 'u1' } },
      { action: 'invoice.issue', objectType: 'invoice', objectId: 'inv-1', outcome: 'success' },
    );
    clock.set('2024-01-03T05:00:00.000Z');
    await fillChain(db, audit.trail, tenant, 3); // 7-9
    clock.set('2025-06-01T05:00:00.000Z');
    await fillChain(db, audit.trail, tenant, 3); // 10-12: recent
    return tenant;
  }

  /** The chain after the retention run of June 2025. */
  async function retainedChain(): Promise<{ tenant: string; result: unknown }> {
    const tenant = await seedChain();
    clock.set('2025-06-01T05:00:00.000Z');
    return { tenant, result: await audit.retention.run(tenant, key) };
  }

  beforeAll(async () => {
    audit = createAudit({
      db: getDb().db,
      clock,
      keyProvider: loadEnvKeyProvider(randomBytes(32).toString('base64')),
      checkpointMinutes: 60,
      verifyHours: 24,
    });
    key = await audit.checkpoints.verifyKey();
  });

  it('keeps everything younger than the retention and refuses a period below the floors', async () => {
    const tenant = await seedChain();
    clock.set('2024-06-01T05:00:00.000Z');
    expect((await audit.retention.run(tenant, key)).skipped).toBe('nothing_expired');
    clock.set('2025-06-01T05:00:00.000Z');
    const ctx = { tenantId: tenant, actor: { type: 'user' as const, id: 'u1' } };
    await expect(
      audit.settings.update(ctx, { retentionMonths: 6, gstRetentionMonths: 72 }),
    ).rejects.toMatchObject({ field: 'retentionMonths' });
    await expect(
      audit.settings.update(ctx, { retentionMonths: 12, gstRetentionMonths: 60 }),
    ).rejects.toMatchObject({ field: 'gstRetentionMonths' });
  });

  it('removes expired entries after signing the new anchor; GST records stay; the chain verifies', async () => {
    const db = getDb().db;
    const { tenant, result } = await retainedChain();
    expect(result).toEqual({ tenantId: tenant, removed: 5, stubbed: 3, kept: 1, throughSeq: 9 });
    const left = await db
      .selectFrom('audit_entries')
      .select(['seq', 'action'])
      .where('tenant_id', '=', tenant)
      .orderBy('seq')
      .execute();
    expect(left.map((r) => Number(r.seq))).toEqual([6, 10, 11, 12, 13]);
    expect(left[0]?.action).toBe('invoice.issue');
    expect(left[4]?.action).toBe('audit.retention');
    const stubs = await db
      .selectFrom('audit_pruned')
      .select('seq')
      .where('tenant_id', '=', tenant)
      .orderBy('seq')
      .execute();
    expect(stubs.map((s) => Number(s.seq))).toEqual([7, 8, 9]);
    const anchors = await db
      .selectFrom('audit_checkpoints')
      .select(['seq', 'kind'])
      .where('tenant_id', '=', tenant)
      .orderBy('seq')
      .execute();
    expect(anchors.map((a) => [Number(a.seq), a.kind])).toEqual([
      [5, 'retention'],
      [9, 'retention'],
    ]);
    const verified = await verifyChain(db, tenant, key);
    expect(verified.problems).toEqual([]);
    expect({
      entries: verified.entriesChecked,
      stubs: verified.stubsChecked,
      first: verified.firstSeq,
    }).toEqual({ entries: 5, stubs: 3, first: 6 });
    // Outside the retention run, deletes are still refused.
    await expect(
      sql`delete from audit_entries where tenant_id = ${tenant} and seq = 6`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_pruned where tenant_id = ${tenant}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('detects a kept GST record removed later, even when replaced by a well-formed stub', async () => {
    const db = getDb().db;
    const { tenant } = await retainedChain();
    const six = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('seq', '=', 6)
      .executeTakeFirstOrThrow();
    await asAttacker(db, engine, async () => {
      await db.deleteFrom('audit_entries').where('tenant_id', '=', tenant).where('seq', '=', 6).execute();
      await db
        .insertInto('audit_pruned')
        .values({
          tenant_id: tenant,
          seq: 6,
          content_hash: contentHash({ ...six, seq: 6 }).toString('hex'),
          hash: six.hash,
          pruned_at: clock.now().toISOString(),
        })
        .execute();
    });
    const verified = await verifyChain(db, tenant, key);
    expect(verified.ok).toBe(false);
    expect(verified.problems[0]?.message).toMatch(
      /1 entries at or below 9 were removed after the retention checkpoint/,
    );
    await asAttacker(db, engine, async () => {
      await db.deleteFrom('audit_pruned').where('tenant_id', '=', tenant).where('seq', '=', 6).execute();
      await db.insertInto('audit_entries').values(six).execute();
    });
    expect((await verifyChain(db, tenant, key)).ok).toBe(true);
  });

  it('after 72 months the GST records go too, and the chain still verifies from its anchor', async () => {
    const db = getDb().db;
    const { tenant } = await retainedChain();
    clock.set('2030-02-01T05:00:00.000Z');
    await fillChain(db, audit.trail, tenant, 2); // 14-15: recent
    const result = await audit.retention.run(tenant, key);
    expect(result).toMatchObject({ removed: 8, stubbed: 0, kept: 0, throughSeq: 13 });
    expect(await db.selectFrom('audit_pruned').selectAll().where('tenant_id', '=', tenant).execute()).toEqual(
      [],
    );
    const verified = await verifyChain(db, tenant, key);
    expect(verified.problems).toEqual([]);
    expect(verified.firstSeq).toBe(14);
    expect(verified.lastSeq).toBe(16);
  });
});
