/**
 * Brings a database that may be older than the key folder (a restored backup, a copied-back file)
 * up to every erasure made since (ADR 0024): tombstones from the journals, keys under destroyed
 * erasure epochs (carried for survivors, erased for the rest), then the row side of every erasure
 * (index values cleared, codes, notices and export packages deleted) through `reapplyRows`.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { Database } from '../../db/schema.js';
import { systemClock } from '../../domain/clock.js';
import { EpochShredder } from './epoch-shredder.js';
import { ErasureEpochStore } from './erasure-epochs.js';
import { listTombstones, reapplyTombstones, type Tombstone } from './erasure.service.js';
import { FieldCipherService } from './field-cipher.service.js';
import { IndexRekeyer } from './index-rekey.js';
import { keyFolder } from './key-files.js';
import { KeyRing } from './key-ring.service.js';

/** The row side of erasures, supplied by the privacy capability (inventory-driven). */
export type RowErasure = (
  db: Kysely<Database>,
  tombstones: ReadonlyArray<{ tenantId: string; subjectId: string }>,
) => Promise<number>;

export interface ErasuresReapplied {
  tombstonesApplied: number;
  /** Survivors of destroyed epochs given their carried key. */
  carriedBack: number;
  /** People erased after the database was copied, found by their destroyed epoch. */
  erasedByEpoch: number;
  /** Rows deleted again (codes, notices, export packages). */
  rowsDeleted: number;
  /** Customers re-indexed under the key folder's current index generation (ADR 0033). */
  reindexed: number;
}

export async function reapplyErasures(
  config: Config,
  db: Kysely<Database>,
  provider: KeyProvider,
  tombstones: readonly Tombstone[],
  reapplyRows: RowErasure | undefined,
): Promise<ErasuresReapplied> {
  const known = new Set((await listTombstones(db)).map((t) => `${t.tenantId}/${t.subjectId}`));
  // Erasures the database already had were complete in it (one transaction); only the new ones
  // need their rows erased again.
  const fresh = tombstones.filter((t) => !known.has(`${t.tenantId}/${t.subjectId}`));
  const tombstonesApplied = await reapplyTombstones(db, tombstones);
  const store = new ErasureEpochStore(
    keyFolder(config),
    provider,
    systemClock,
    config.erasureGraceSeconds * 1000,
  );
  try {
    const cipher = new FieldCipherService(
      db,
      new KeyRing(db, provider, systemClock),
      systemClock,
      undefined,
      store,
    );
    const forward = await new EpochShredder(db, cipher, store, systemClock).bringForward();
    const rowsDeleted = reapplyRows === undefined ? 0 : await reapplyRows(db, [...fresh, ...forward.erased]);
    // Index values under generations the key folder destroyed (or from before generations) are
    // recomputed for survivors; the erased have none left.
    const { reindexed } = await new IndexRekeyer(db, cipher, store).run();
    return {
      reindexed,
      tombstonesApplied: tombstonesApplied + forward.erased.length,
      carriedBack: forward.carriedBack,
      erasedByEpoch: forward.erased.length,
      rowsDeleted,
    };
  } finally {
    store.close();
  }
}
