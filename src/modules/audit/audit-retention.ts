/**
 * Retention of the trail: entries older than the tenant's retention (at least 12 months; GST
 * records at least 72) are removed by this job only. It first verifies the chain, then, in one
 * transaction, signs retention checkpoints as the new anchor (at the cut `N`, with the number of
 * entries kept below it, and at `K`, the end of the part removed outright), opens the trigger guard,
 * deletes everything up to `K`, replaces expired entries between `K` and `N` by stubs holding their
 * content digest (GST records still within their 72 months stay whole in between), closes the
 * guard and records the run. The remaining chain still verifies from the anchor.
 */
import type { Kysely } from 'kysely';
import type { Signer } from '../../crypto/signing.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { contentHash } from './audit-hash.js';
import { chainTenants } from './audit.repository.js';
import type { AuditSettingsService } from './audit-settings.js';
import { systemContext, type AuditRecorder } from '../../kernel/audit.js';
import { verifyChain, type VerifyKey } from './audit-verify.js';
import type { CheckpointService } from './checkpoint.service.js';

export interface RetentionResult {
  tenantId: string;
  /** Why nothing was removed, when nothing was. `removed` counts entries and stubs deleted outright. */
  skipped?: 'nothing_expired' | 'chain_broken';
  removed: number;
  stubbed: number;
  kept: number;
  throughSeq: number;
}

export interface RetentionDeps {
  db: Kysely<Database>;
  settings: AuditSettingsService;
  clock: Clock;
  audit: AuditRecorder;
  checkpoints: CheckpointService;
  signer: () => Promise<Signer>;
}

function monthsBefore(now: Date, months: number): string {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

const BATCH = 1000;

export class AuditRetention {
  constructor(private readonly deps: RetentionDeps) {}

  /** The job: every chain in turn. */
  async runAll(key: VerifyKey): Promise<RetentionResult[]> {
    const results: RetentionResult[] = [];
    for (const tenantId of await chainTenants(this.deps.db)) results.push(await this.run(tenantId, key));
    return results;
  }

  async run(tenantId: string, key: VerifyKey): Promise<RetentionResult> {
    const { db } = this.deps;
    const cut = await this.cut(tenantId);
    if (!cut.expired) return none(tenantId, 'nothing_expired');
    if (!(await verifyChain(db, tenantId, key)).ok) return none(tenantId, 'chain_broken');
    const signer = await this.deps.signer();
    return db.transaction().execute((trx) => this.prune(trx, tenantId, cut.n, cut.gstCutoff, signer));
  }

  /**
   * What `run` would do now, without writing (a retention dry run): the same cut and the same
   * counts of entries removed outright, replaced by stubs, and kept as GST records.
   */
  async preview(tenantId: string): Promise<RetentionResult> {
    const { db } = this.deps;
    const cut = await this.cut(tenantId);
    if (!cut.expired) return none(tenantId, 'nothing_expired');
    const { keptCount, k } = await keptStats(db, tenantId, cut.n, cut.gstCutoff);
    const count = async (table: 'audit_entries' | 'audit_pruned', upTo: number) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', tenantId)
            .where('seq', '<=', upTo)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const stubbed = await db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', k)
      .where('seq', '<=', cut.n)
      .where((eb) => eb.or([eb('retention', '=', 'standard'), eb('occurred_at', '<', cut.gstCutoff)]))
      .executeTakeFirstOrThrow();
    return {
      tenantId,
      removed: (await count('audit_entries', k)) + (await count('audit_pruned', k)),
      stubbed: Number(stubbed.n),
      kept: keptCount,
      throughSeq: cut.n,
    };
  }

  /** The cut N (everything before the first entry still within retention) and whether any expired. */
  private async cut(tenantId: string): Promise<{ n: number; gstCutoff: string; expired: boolean }> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const limits = await this.deps.settings.get(tenantId);
    const cutoff = monthsBefore(now, limits.retentionMonths);
    const gstCutoff = monthsBefore(now, limits.gstRetentionMonths);
    const young = await db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .where('tenant_id', '=', tenantId)
      .where('occurred_at', '>=', cutoff)
      .executeTakeFirst();
    const head = await db
      .selectFrom('audit_heads')
      .select('seq')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    const n =
      young?.seq === null || young?.seq === undefined ? Number(head?.seq ?? 0) : Number(young.seq) - 1;
    const expired = await db
      .selectFrom('audit_entries')
      .select('seq')
      .where('tenant_id', '=', tenantId)
      .where('seq', '<=', n)
      .where((eb) => eb.or([eb('retention', '=', 'standard'), eb('occurred_at', '<', gstCutoff)]))
      .limit(1)
      .execute();
    return { n, gstCutoff, expired: expired.length > 0 };
  }

  private async prune(
    trx: Kysely<Database>,
    tenantId: string,
    n: number,
    gstCutoff: string,
    signer: Signer,
  ): Promise<RetentionResult> {
    const { keptCount, k } = await keptStats(trx, tenantId, n, gstCutoff);
    const time = this.deps.clock.now().toISOString();
    await this.deps.checkpoints.store(
      trx,
      { tenantId, seq: n, hash: await hashAt(trx, tenantId, n), time, kind: 'retention', kept: keptCount },
      signer,
    );
    if (k !== n && k > 0)
      await this.deps.checkpoints.store(
        trx,
        { tenantId, seq: k, hash: await hashAt(trx, tenantId, k), time, kind: 'retention', kept: 0 },
        signer,
      );
    await trx.insertInto('audit_retention_guard').values({ tenant_id: tenantId, up_to_seq: n }).execute();
    const removed = await trx
      .deleteFrom('audit_entries')
      .where('tenant_id', '=', tenantId)
      .where('seq', '<=', k)
      .executeTakeFirst();
    const removedStubs = await trx
      .deleteFrom('audit_pruned')
      .where('tenant_id', '=', tenantId)
      .where('seq', '<=', k)
      .executeTakeFirst();
    const stubbed = await this.stubExpired(trx, tenantId, k, n, gstCutoff, time);
    await trx.deleteFrom('audit_retention_guard').where('tenant_id', '=', tenantId).execute();
    const result = {
      tenantId,
      removed: Number(removed.numDeletedRows) + Number(removedStubs.numDeletedRows),
      stubbed,
      kept: keptCount,
      throughSeq: n,
    };
    await this.deps.audit.record(trx, systemContext(tenantId, 'audit-retention'), {
      action: 'audit.retention',
      objectType: 'audit_chain',
      objectId: tenantId,
      outcome: 'success',
      details: { throughSeq: n, removed: result.removed, stubbed, kept: keptCount },
    });
    return result;
  }

  /** Expired entries between K and N become stubs (content digest and chain hash). */
  private async stubExpired(
    trx: Kysely<Database>,
    tenantId: string,
    k: number,
    n: number,
    gstCutoff: string,
    time: string,
  ): Promise<number> {
    let after = k;
    let stubbed = 0;
    for (;;) {
      const rows = await trx
        .selectFrom('audit_entries')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '>', after)
        .where('seq', '<=', n)
        .where((eb) => eb.or([eb('retention', '=', 'standard'), eb('occurred_at', '<', gstCutoff)]))
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) return stubbed;
      await trx
        .insertInto('audit_pruned')
        .values(
          rows.map((r) => ({
            tenant_id: tenantId,
            seq: Number(r.seq),
            content_hash: contentHash({ ...r, seq: Number(r.seq) }).toString('hex'),
            hash: r.hash,
            pruned_at: time,
          })),
        )
        .execute();
      await trx
        .deleteFrom('audit_entries')
        .where('tenant_id', '=', tenantId)
        .where(
          'seq',
          'in',
          rows.map((r) => Number(r.seq)),
        )
        .execute();
      stubbed += rows.length;
      after = Number(rows[rows.length - 1]?.seq);
    }
  }
}

const none = (tenantId: string, skipped: RetentionResult['skipped']): RetentionResult => ({
  tenantId,
  skipped,
  removed: 0,
  stubbed: 0,
  kept: 0,
  throughSeq: 0,
});

/** GST records below the cut still within their 72 months, and K, the end of what goes outright. */
async function keptStats(
  db: Kysely<Database>,
  tenantId: string,
  n: number,
  gstCutoff: string,
): Promise<{ keptCount: number; k: number }> {
  const stats = await db
    .selectFrom('audit_entries')
    .where('tenant_id', '=', tenantId)
    .where('seq', '<=', n)
    .where('retention', '=', 'gst')
    .where('occurred_at', '>=', gstCutoff)
    .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.countAll().as('count')])
    .executeTakeFirstOrThrow();
  const keptCount = Number(stats.count);
  return { keptCount, k: keptCount === 0 ? n : Number(stats.first) - 1 };
}

/** The stored chain hash at a sequence number (entry or stub), verified just before. */
async function hashAt(trx: Kysely<Database>, tenantId: string, seq: number): Promise<string> {
  const entry = await trx
    .selectFrom('audit_entries')
    .select('hash')
    .where('tenant_id', '=', tenantId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (entry !== undefined) return entry.hash;
  const stub = await trx
    .selectFrom('audit_pruned')
    .select('hash')
    .where('tenant_id', '=', tenantId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (stub !== undefined) return stub.hash;
  // Already removed by an earlier run: that run's retention checkpoint holds the hash.
  const anchor = await trx
    .selectFrom('audit_checkpoints')
    .select('hash')
    .where('tenant_id', '=', tenantId)
    .where('seq', '=', seq)
    .where('kind', '=', 'retention')
    .executeTakeFirst();
  if (anchor === undefined) throw new AppError('internal', 'no hash is known at the retention cut');
  return anchor.hash;
}
