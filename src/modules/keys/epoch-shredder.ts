/**
 * The work that makes erasure epochs hold (ADR 0024), run by the `erasure-epochs` job and at every
 * start: customer keys from before version 0021 are wrapped under an epoch; an erased customer's
 * epoch is doomed if the erasure did not do it; the survivors of doomed epochs are carried to the
 * live epoch (recorded in the key folder first, then in the database, row by row with a
 * compare-and-set); and a doomed epoch whose grace period has passed and which holds no survivor is
 * destroyed. `bringForward` applies the key folder to a restored or copied-back database.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import {
  epochOf,
  isEpochWrapped,
  survivorsOf,
  unwrapUnderEpoch,
  wrapUnderEpoch,
  type ErasureEpochStore,
} from './erasure-epochs.js';
import { subjectKeyRef, type FieldCipherService } from './field-cipher.service.js';
import type { IndexRekeyer } from './index-rekey.js';

const BATCH = 200;

export interface ShredResult {
  /** Keys from before version 0021 now under an epoch. */
  adopted: number;
  /** Survivors of doomed epochs moved to the live one. */
  carried: number;
  /** Epoch keys destroyed (their erasures are now final everywhere). */
  destroyed: number;
  /** Customers whose contact indexes moved to a new index generation (ADR 0033). */
  reindexed: number;
}

export type ShredProgress = (stage: 'adopt' | 'carry', done: number) => void;

export class EpochShredder {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipherService,
    private readonly store: ErasureEpochStore,
    private readonly clock: Clock,
    /** Contact-index generations: an epoch is destroyed only once the index values it covers are. */
    private readonly indexes?: IndexRekeyer,
  ) {}

  async run(onProgress?: ShredProgress): Promise<ShredResult> {
    await this.#doomErased();
    const adopted = await this.#move(undefined, onProgress);
    // A doomed epoch starts a new index generation; survivors are re-indexed under it and the old
    // generation is destroyed, so the erased person's index values in old backups are unlinkable.
    const reindexed = this.indexes === undefined ? 0 : (await this.indexes.run()).reindexed;
    let carried = 0;
    let destroyed = 0;
    for (const epoch of this.store.doomed()) {
      carried += await this.#move(epoch, onProgress);
      if (this.clock.now().toISOString() < epoch.destroyAfter) continue;
      if (this.indexes !== undefined && !this.indexes.covers(epoch.tenantId, epoch.id)) continue;
      const erasedHere = this.store.erasedIn(epoch.tenantId, epoch.id);
      if ((await survivorsOf(this.db, epoch.tenantId, epoch.id, erasedHere)) > 0) continue;
      await this.store.destroy(epoch.tenantId, epoch.id);
      destroyed += 1;
    }
    return { adopted, carried, destroyed, reindexed };
  }

  /**
   * Applies the key folder to a database restored from a backup or copied back: a customer key
   * under a destroyed epoch takes its carried wrapping (a survivor) or is erased (the person was
   * erased after the backup, and the grace period is over). A key under an epoch the key folder
   * never held is refused: the restore needs this installation's key folder.
   */
  async bringForward(): Promise<{
    carriedBack: number;
    erased: Array<{ tenantId: string; subjectId: string }>;
  }> {
    let carriedBack = 0;
    const erased: Array<{ tenantId: string; subjectId: string }> = [];
    const epochs = await this.db
      .selectFrom('subject_keys')
      .select(['tenant_id', 'key_epoch'])
      .distinct()
      .where('wrapped', 'is not', null)
      .where('key_epoch', 'is not', null)
      .execute();
    for (const epoch of epochs) {
      const epochId = epoch.key_epoch ?? '';
      const state = await this.store.state(epoch.tenant_id, epochId);
      if (state.state === 'unknown') throw unknownEpoch();
      // A live epoch no erasure touched has nothing to bring forward.
      if (state.state === 'live' && !state.doomed) continue;
      const rows = await this.db
        .selectFrom('subject_keys')
        .select(['tenant_id', 'subject_id'])
        .where('tenant_id', '=', epoch.tenant_id)
        .where('key_epoch', '=', epochId)
        .where('wrapped', 'is not', null)
        .execute();
      for (const row of rows) {
        const target = await this.#resolve(row.tenant_id, row.subject_id, epochId);
        if (target === 'erased') {
          if (await this.#eraseKey(row.tenant_id, row.subject_id))
            erased.push({ tenantId: row.tenant_id, subjectId: row.subject_id });
          continue;
        }
        if (target === 'stay') continue;
        const outer = await this.cipher.encrypt(
          'customer_pii',
          subjectKeyRef(row.tenant_id, row.subject_id),
          target.inner,
        );
        await this.db
          .updateTable('subject_keys')
          .set({ wrapped: outer, key_epoch: target.epoch })
          .where('tenant_id', '=', row.tenant_id)
          .where('subject_id', '=', row.subject_id)
          .execute();
        carriedBack += 1;
      }
    }
    return { carriedBack, erased };
  }

  /**
   * Where a customer key found under `from` belongs now, following the key folder: erased (in an
   * epoch's erased list, or under a destroyed epoch without a carried wrapping), staying where it is
   * (a live epoch that has not carried it yet), or the carried wrapping under a later epoch.
   */
  async #resolve(
    tenantId: string,
    subjectId: string,
    from: string,
  ): Promise<'erased' | 'stay' | { epoch: string; inner: string }> {
    let epoch = from;
    let found: { epoch: string; inner: string } | undefined;
    for (let hops = 0; hops < 10_000; hops += 1) {
      const state = await this.store.state(tenantId, epoch);
      if (state.state === 'unknown') throw unknownEpoch();
      if (state.state === 'live' && this.store.erasedIn(tenantId, epoch).includes(subjectId)) return 'erased';
      const inner = this.store.carriedFrom(tenantId, epoch, subjectId);
      if (inner === undefined) return state.state === 'destroyed' ? 'erased' : (found ?? 'stay');
      epoch = epochOf(inner);
      found = { epoch, inner };
    }
    return 'erased';
  }

  /** Destroys a customer key found in a restored database and records the tombstone; true if it held one. */
  async #eraseKey(tenantId: string, subjectId: string): Promise<boolean> {
    const at = this.clock.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('subject_keys')
        .set({ wrapped: null, erased_at: at })
        .where('tenant_id', '=', tenantId)
        .where('subject_id', '=', subjectId)
        .where('wrapped', 'is not', null)
        .executeTakeFirst();
      await trx
        .insertInto('erasure_tombstones')
        .values({ tenant_id: tenantId, subject_id: subjectId, erased_at: at, reason: 'erased' })
        .onConflict((oc) => oc.columns(['tenant_id', 'subject_id']).doNothing())
        .execute();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  /** Dooms the epoch of every erased customer (an erasure that crashed before dooming, a restore). */
  async #doomErased(): Promise<void> {
    const rows = await this.db
      .selectFrom('subject_keys')
      .select(['tenant_id', 'key_epoch', 'subject_id'])
      .where('wrapped', 'is', null)
      .where('key_epoch', 'is not', null)
      .execute();
    for (const row of rows) {
      const epochId = row.key_epoch ?? '';
      const state = await this.store.state(row.tenant_id, epochId);
      if (state.state === 'live' && !this.store.erasedIn(row.tenant_id, epochId).includes(row.subject_id))
        await this.store.doom(row.tenant_id, epochId, this.clock.now(), row.subject_id);
    }
  }

  /**
   * Moves keys to the tenant's live epoch: those of a doomed epoch (carried, recorded in the key
   * folder first) or, with no epoch given, those from before version 0021.
   */
  async #move(
    from: { tenantId: string; id: string } | undefined,
    onProgress?: ShredProgress,
  ): Promise<number> {
    let moved = 0;
    let after = '';
    for (;;) {
      let query = this.db
        .selectFrom('subject_keys')
        .select(['tenant_id', 'subject_id', 'wrapped'])
        .where('wrapped', 'is not', null)
        .where(sql<boolean>`(tenant_id || '/' || subject_id) > ${after}`);
      query =
        from === undefined
          ? query.where('key_epoch', 'is', null)
          : query.where('tenant_id', '=', from.tenantId).where('key_epoch', '=', from.id);
      const rows = await query
        .orderBy(sql`tenant_id || '/' || subject_id`)
        .limit(BATCH)
        .execute();
      if (rows.length === 0) return moved;
      const updates: Array<{
        tenantId: string;
        subjectId: string;
        old: string;
        outer: string;
        epoch: string;
      }> = [];
      const carried: Record<string, string> = {};
      const erasedHere = from === undefined ? [] : this.store.erasedIn(from.tenantId, from.id);
      for (const row of rows) {
        after = `${row.tenant_id}/${row.subject_id}`;
        // Erased, but back from an older copy: never carried (restore and start erase it again).
        if (erasedHere.includes(row.subject_id)) continue;
        const ref = subjectKeyRef(row.tenant_id, row.subject_id);
        const old = row.wrapped ?? '';
        const inner = await this.cipher.decrypt(ref, old);
        const key = isEpochWrapped(inner)
          ? unwrapUnderEpoch(
              await this.#liveKey(row.tenant_id, epochOf(inner)),
              row.tenant_id,
              row.subject_id,
              inner,
            )
          : Buffer.from(inner, 'base64');
        try {
          const current = await this.store.current(row.tenant_id);
          const next = wrapUnderEpoch(current.key, row.tenant_id, row.subject_id, current.id, key);
          if (from !== undefined) carried[row.subject_id] = next;
          const outer = await this.cipher.encrypt('customer_pii', ref, next);
          updates.push({ tenantId: row.tenant_id, subjectId: row.subject_id, old, outer, epoch: current.id });
        } finally {
          key.fill(0);
        }
      }
      // The key folder learns where the survivors go before the database moves them.
      if (from !== undefined) await this.store.carry(from.tenantId, from.id, carried);
      await this.db.transaction().execute(async (trx) => {
        for (const u of updates) {
          const result = await trx
            .updateTable('subject_keys')
            .set({ wrapped: u.outer, key_epoch: u.epoch })
            .where('tenant_id', '=', u.tenantId)
            .where('subject_id', '=', u.subjectId)
            .where('wrapped', '=', u.old)
            .executeTakeFirst();
          moved += Number(result.numUpdatedRows);
        }
      });
      onProgress?.(from === undefined ? 'adopt' : 'carry', moved);
    }
  }

  async #liveKey(tenantId: string, epochId: string): Promise<Buffer> {
    const state = await this.store.state(tenantId, epochId);
    if (state.state === 'live') return state.key;
    throw unknownEpoch();
  }
}

const unknownEpoch = () =>
  new AppError(
    'key_unavailable',
    'customer keys are under an erasure epoch that this key folder does not hold: use the key folder of this installation (TIJORI_KEY_DIR)',
  );
