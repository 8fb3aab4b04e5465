/**
 * A KEK rotation that revokes the old KEK (ADR 0054, issue 24 item 6). Whoever holds the old KEK
 * together with anything the installation held before the rotation (the database, its backups, the
 * key folder) knows every data key, customer key, index generation secret and derived secret of
 * that time. Re-wrapping alone keeps all of them in use. So after the new KEK (with a new
 * derivation root) is in place:
 *
 * - the old password pepper is retired into the key folder and each hash moves to the new pepper
 *   at the user's next sign-in (`retirePepper`, `RetiredPepperStore`);
 * - every encryption data key gets a new version and every value is re-encrypted, with progress
 *   (the online rotation's machinery);
 * - every customer key is replaced by a new random key and the customer's values re-encrypted
 *   under it, one customer per transaction;
 * - every tenant's contact indexes move to a new index generation (new secret), which destroys the
 *   old generation;
 * - the sign-in index is recomputed under the new derivation root (with the pepper, at rotation).
 */
import type { Kysely } from 'kysely';
import { normalizeEmail } from '../../crypto/normalize.js';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { Services } from '../../services.js';
import type { LoginIndexer } from '../auth/auth.types.js';
import { encryptedColumns } from './encrypted-columns.js';
import type { ErasureEpochStore } from './erasure-epochs.js';
import type { KeyPurpose } from './field-crypto.types.js';
import { planIndexWidths } from './blind-lookup.js';
import { FieldCipherService, contactClassCounts } from './field-cipher.service.js';
import { KeyRing } from './key-ring.service.js';
import { createLoginIndexer } from '../auth/login-index.js';
import { IndexRekeyer } from './index-rekey.js';
import { RetiredPepperStore } from './retired-peppers.js';
import type { RotationProgress, RotationService } from './rotation.service.js';

/** How long a retired pepper is kept by default: users who sign in within it keep their password. */
export const DEFAULT_PEPPER_DEADLINE_DAYS = 90;

/**
 * Retires the pepper of `from` when `to` derives another one: kept in the key folder (wrapped by
 * `to`) until `deadline`, and every hash under the current pepper is marked as being under it.
 * Returns how many hashes were marked (0 when the pepper did not change).
 */
export async function retirePepper(
  db: Kysely<Database>,
  keyDir: string,
  from: KeyProvider,
  to: KeyProvider,
  clock: Clock,
  deadline: Date,
): Promise<number> {
  const old = await from.deriveSecret('password-pepper');
  const next = await to.deriveSecret('password-pepper');
  try {
    if (old.equals(next)) return 0;
    const id = await new RetiredPepperStore(keyDir, to).retire(old, clock.now(), deadline);
    const marked = await db
      .updateTable('user_accounts')
      .set({ pepper_id: id })
      .where('pepper_id', 'is', null)
      .where('password_hash', 'is not', null)
      .executeTakeFirst();
    return Number(marked.numUpdatedRows);
  } finally {
    old.fill(0);
    next.fill(0);
  }
}

/** Recomputes every account's sign-in index (from its encrypted email) under `loginIndex`. */
export async function rebuildLoginIndexes(
  db: Kysely<Database>,
  cipher: FieldCipherService,
  loginIndex: LoginIndexer,
): Promise<number> {
  const rows = await db.selectFrom('user_accounts').select(['tenant_id', 'user_id', 'email_enc']).execute();
  let changed = 0;
  for (const row of rows) {
    const ref = { tenantId: row.tenant_id, table: 'user_accounts', column: 'email_enc', rowId: row.user_id };
    const index = await loginIndex(normalizeEmail(await cipher.decrypt(ref, row.email_enc)));
    const result = await db
      .updateTable('user_accounts')
      .set({ login_index: index })
      .where('tenant_id', '=', row.tenant_id)
      .where('user_id', '=', row.user_id)
      .where('login_index', '!=', index)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

// Dynamic table and column names come only from the declared registry, never from input.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/**
 * Replaces one customer's key and re-encrypts every value under it, in one transaction (a value
 * written meanwhile makes the compare-and-set fail and the whole customer is tried again later).
 */
export async function rekeySubject(
  db: Kysely<Database>,
  cipher: FieldCipherService,
  tenantId: string,
  subjectId: string,
): Promise<boolean> {
  const done = await db.transaction().execute(async (trx) => {
    const values: Array<{
      table: string;
      column: string;
      rowIdColumn: string;
      rowId: string;
      old: string;
      plain: string;
    }> = [];
    for (const c of encryptedColumns()) {
      if (c.subjectColumn === undefined) continue;
      const rows = await (trx as unknown as AnyDb)
        .selectFrom(c.table)
        .select([c.rowIdColumn, c.column])
        .where('tenant_id', '=', tenantId)
        .where(c.subjectColumn, '=', subjectId)
        .where(c.column, 'is not', null)
        .execute();
      for (const row of rows) {
        const rowId = String(row[c.rowIdColumn]);
        const old = String(row[c.column]);
        if (!old.startsWith(`tj1:s_${subjectId}:`)) continue;
        const ref = { tenantId, table: c.table, column: c.column, rowId, subjectId };
        values.push({ ...c, rowId, old, plain: await cipher.decrypt(ref, old, trx) });
      }
    }
    if (!(await cipher.renewSubjectKey(tenantId, subjectId, trx))) return false;
    for (const v of values) {
      const ref = { tenantId, table: v.table, column: v.column, rowId: v.rowId, subjectId };
      const fresh = await cipher.encrypt('customer_pii', ref, v.plain, trx);
      await (trx as unknown as AnyDb)
        .updateTable(v.table)
        .set({ [v.column]: fresh })
        .where('tenant_id', '=', tenantId)
        .where(v.rowIdColumn, '=', v.rowId)
        .where(v.column, '=', v.old)
        .execute();
    }
    return true;
  });
  cipher.forgetSubject(tenantId, subjectId);
  return done;
}

export interface RevocationDeps {
  db: Kysely<Database>;
  cipher: FieldCipherService;
  rotation: RotationService;
  rekeyer: IndexRekeyer;
  epochs: ErasureEpochStore;
}

export interface RevocationResult {
  dataKeysRotated: number;
  valuesReencrypted: number;
  customerKeysRenewed: number;
  indexGenerationsStarted: number;
}

export type RevocationProgress = (step: string, done: number, total: number) => void;

/**
 * Re-keys, under the new KEK and derivation root, everything a leaked old KEK could open. Run it
 * right after the KEK was replaced, with Tijori stopped; it can be run again (it resumes running
 * rotations and pending re-indexing, and renews the remaining customer keys again).
 */
export async function revokeOldKek(
  deps: RevocationDeps,
  onProgress?: RevocationProgress,
): Promise<RevocationResult> {
  const { db, cipher, rotation } = deps;
  const series = await db
    .selectFrom('data_keys')
    .select(['tenant_id', 'key_id'])
    .distinct()
    .where('kind', '=', 'encryption')
    .where('status', '=', 'active')
    .orderBy('tenant_id')
    .orderBy('key_id')
    .execute();
  const running = new Map((await rotation.running()).map((r) => [`${r.tenantId}/${r.keyId}`, r]));
  for (const s of series)
    if (!running.has(`${s.tenant_id}/${s.key_id}`))
      running.set(`${s.tenant_id}/${s.key_id}`, await rotation.start(s.tenant_id, s.key_id as KeyPurpose));

  const subjects = await db
    .selectFrom('subject_keys')
    .select(['tenant_id', 'subject_id'])
    .where('wrapped', 'is not', null)
    .orderBy('tenant_id')
    .orderBy('subject_id')
    .execute();
  let renewed = 0;
  for (const [i, s] of subjects.entries()) {
    if (await rekeySubject(db, cipher, s.tenant_id, s.subject_id)) renewed += 1;
    onProgress?.('customer keys', i + 1, subjects.length);
  }

  let values = 0;
  for (const r of running.values()) {
    const done: RotationProgress = await rotation.runToCompletion(r.tenantId, r.id, {
      onProgress: (p) => onProgress?.(`data key ${p.keyId}`, p.rowsDone, p.rowsTotal),
    });
    values += done.rowsDone;
  }

  let started = 0;
  for (const tenantId of deps.epochs.indexedTenants()) {
    if (deps.epochs.indexGenerations(tenantId).next !== undefined) continue;
    const counts = await contactClassCounts(db, tenantId);
    await deps.epochs.startIndexGeneration(
      tenantId,
      'next',
      planIndexWidths(counts),
      deps.epochs.doomedEpochIds(tenantId),
    );
    started += 1;
  }
  await deps.rekeyer.run((_tenantId, done) => onProgress?.('contact indexes', done, 0));
  return {
    dataKeysRotated: running.size,
    valuesReencrypted: values,
    customerKeysRenewed: renewed,
    indexGenerationsStarted: started,
  };
}

/** What `revokeOldKek` needs, from the services of an installation opened with the new KEK. */
export function revocationDeps(services: Services): RevocationDeps {
  const cipher = services.fieldCipher;
  const epochs = cipher.epochs;
  if (epochs === undefined)
    throw new AppError('key_unavailable', 're-keying needs the key folder (TIJORI_KEY_DIR)');
  return {
    db: services.identity.deps.db,
    cipher,
    rotation: services.rotation,
    rekeyer: new IndexRekeyer(services.identity.deps.db, cipher, epochs),
    epochs,
  };
}

/**
 * Moves the derived secrets of a database from the KEKs whose root they came from (`previous`) to
 * `current`'s root: each old pepper is retired (users re-hash at their next sign-in) and the
 * sign-in index is rebuilt under the current root. Used by a KEK rotation, by a start that finishes
 * an interrupted one, and by a restore of a backup older than a rotation (run `tijori keys revoke`
 * after that one: the restored data is under the keys of its time). Returns the hashes marked.
 */
export async function moveDerivedSecrets(
  db: Kysely<Database>,
  keyDir: string,
  previous: readonly KeyProvider[],
  current: KeyProvider,
  clock: Clock,
  deadline = new Date(clock.now().getTime() + DEFAULT_PEPPER_DEADLINE_DAYS * 86_400_000),
): Promise<number> {
  let marked = 0;
  for (const source of previous) {
    if (source.kekId === current.kekId) continue;
    marked += await retirePepper(db, keyDir, source, current, clock, deadline);
  }
  if (previous.every((k) => k.kekId === current.kekId)) return marked;
  const cipher = new FieldCipherService(db, new KeyRing(db, current, clock), clock);
  await rebuildLoginIndexes(db, cipher, createLoginIndexer(current));
  return marked;
}
