/**
 * Online key rotation. Starting a rotation creates the next version of a data key, which new
 * writes use at once; a resumable job then re-encrypts the declared encrypted columns in batches,
 * oldest version first, with a compare-and-set update so a concurrent write is never overwritten.
 * When no value is left on an old version, and every instance has had time to drop the old key
 * from its cache, the old version is retired and refuses to decrypt.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { KeyRotationsTable } from '../../db/tables/keys.tables.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { countValues, encryptedColumnsFor, type EncryptedColumn } from './encrypted-columns.js';
import { systemContext, type AuditContext } from '../../kernel/audit.js';
import type { KeyPurpose } from './field-crypto.types.js';
import type { FieldCipherService } from './field-cipher.service.js';
import type { KeyRing } from './key-ring.service.js';

/** Rows re-encrypted between two yields to the event loop. */
const YIELD_EVERY_ROWS = 50;
/** How long a rotation waiting for other instances' key caches sleeps between checks. */
const IDLE_WAIT_MS = 250;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export type RotationRow = KeyRotationsTable;

export interface RotationProgress {
  id: string;
  tenantId: string;
  keyId: string;
  fromVersion: number;
  toVersion: number;
  status: RotationRow['status'];
  rowsDone: number;
  rowsTotal: number;
}

const toProgress = (row: RotationRow): RotationProgress => ({
  id: row.id,
  tenantId: row.tenant_id,
  keyId: row.key_id,
  fromVersion: row.from_version,
  toVersion: row.to_version,
  status: row.status,
  rowsDone: row.rows_done,
  rowsTotal: row.rows_total,
});

// Dynamic table and column names come only from the declared registry, never from input.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/** A stored value the rotation cannot decrypt: which one (ids only), and what to do. */
function unreadableValue(column: EncryptedColumn, rowId: string, cause: unknown): AppError {
  const given = cause instanceof AppError ? cause.details?.reason : undefined;
  const reason = typeof given === 'string' ? given : cause instanceof AppError ? cause.code : 'unknown';
  return new AppError(
    'decryption_failed',
    `the value in ${column.table}.${column.column} of row ${rowId} cannot be decrypted (${reason}): restore it from a backup or clear it, then run the rotation again`,
    undefined,
    { table: column.table, column: column.column, rowId, reason },
  );
}

export class RotationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyRing: KeyRing,
    private readonly cipher: FieldCipherService,
    private readonly clock: Clock,
    /** How long instances may keep using a cached active key; retirement waits this long. */
    private readonly activeKeyTtlMs: number,
  ) {}

  /**
   * Creates the next key version (used for new writes at once) and records the rotation, in the
   * tenant's audit chain too (`ctx`: who asked; a job or command when omitted).
   */
  async start(
    tenantId: string,
    purpose: KeyPurpose,
    ctx: AuditContext = systemContext(tenantId, 'keys'),
  ): Promise<RotationProgress> {
    const keyId = purpose;
    const now = this.clock.now().toISOString();
    const row = await this.db.transaction().execute(async (trx) => {
      const running = await trx
        .selectFrom('key_rotations')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('key_id', '=', keyId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (running !== undefined)
        throw new AppError('conflict', 'a rotation of this key is already running; resume it');
      const created = await this.keyRing.createVersion(tenantId, keyId, purpose, 'encryption', trx);
      await trx
        .updateTable('data_keys')
        .set({ status: 'decrypt_only' })
        .where('tenant_id', '=', tenantId)
        .where('key_id', '=', keyId)
        .where('version', '<', created.version)
        .where('status', '=', 'active')
        .execute();
      const rotation: RotationRow = {
        tenant_id: tenantId,
        id: newId(),
        key_id: keyId,
        from_version: created.version - 1,
        to_version: created.version,
        status: 'running',
        cursor: '',
        rows_done: 0,
        rows_total: await this.#countStale(
          trx,
          tenantId,
          keyId,
          created.version,
          encryptedColumnsFor(purpose),
        ),
        started_at: now,
        updated_at: now,
        finished_at: null,
      };
      await trx.insertInto('key_rotations').values(rotation).execute();
      await this.keyRing.audit.record(
        trx,
        { ...ctx, tenantId },
        {
          action: 'key.rotate',
          objectType: 'data_key',
          objectId: keyId,
          outcome: 'success',
          details: {
            rotationId: rotation.id,
            fromVersion: rotation.from_version,
            toVersion: rotation.to_version,
            valuesToReencrypt: rotation.rows_total,
          },
        },
      );
      return rotation;
    });
    this.keyRing.forgetActive(tenantId, keyId);
    return toProgress(row);
  }

  async progress(tenantId: string, rotationId: string): Promise<RotationProgress> {
    return toProgress(await this.#load(tenantId, rotationId));
  }

  /** Rotations left running (for instance by a crash), to resume. */
  async running(): Promise<RotationProgress[]> {
    const rows = await this.db
      .selectFrom('key_rotations')
      .selectAll()
      .where('status', '=', 'running')
      .execute();
    return rows.map(toProgress);
  }

  /**
   * Re-encrypts one batch; returns true when nothing is left on old versions. Safe to run again
   * after a crash: it picks up whatever is still on an old version.
   */
  async runBatch(tenantId: string, rotationId: string, batchSize = 500): Promise<boolean> {
    const rotation = await this.#load(tenantId, rotationId);
    if (rotation.status !== 'running') return true;
    const columns = encryptedColumnsFor(rotation.key_id as KeyPurpose);
    let rewritten = 0;
    let cursor = rotation.cursor;
    for (const column of columns) {
      const name = `${column.table}.${column.column}`;
      if (cursor !== '' && cursor.split('|')[0] !== name) continue;
      const after = cursor === '' ? '' : (cursor.split('|')[1] ?? '');
      const rows = await this.#staleRows(tenantId, rotation, column, after, batchSize);
      for (const [i, row] of rows.entries()) {
        const rowId = String(row[column.rowIdColumn]);
        const oldValue = String(row[column.column]);
        const ref = { tenantId, table: column.table, column: column.column, rowId };
        let plaintext: string;
        try {
          plaintext = await this.cipher.decrypt(ref, oldValue);
        } catch (error) {
          // Keep what this batch did; the rotation stays resumable once the value is dealt with.
          await this.#save(rotation, rotation.cursor, rewritten);
          throw unreadableValue(column, rowId, error);
        }
        const newValue = await this.cipher.encrypt(column.purpose, ref, plaintext);
        const db = this.db as unknown as AnyDb;
        const result = await db
          .updateTable(column.table)
          .set({ [column.column]: newValue })
          .where('tenant_id', '=', tenantId)
          .where(column.rowIdColumn, '=', rowId)
          .where(column.column, '=', oldValue)
          .executeTakeFirst();
        rewritten += Number(result.numUpdatedRows);
        // SQLite calls complete synchronously: without a yield a batch would hold the event loop
        // and the requests of a one-machine shop would wait for the whole batch.
        if (i % YIELD_EVERY_ROWS === YIELD_EVERY_ROWS - 1) await yieldToEventLoop();
      }
      if (rows.length === batchSize) {
        cursor = `${name}|${String(rows[rows.length - 1]?.[column.rowIdColumn])}`;
        await this.#save(rotation, cursor, rewritten);
        return false;
      }
      cursor = '';
    }
    // One full pass found nothing more: finish if every instance has dropped the old key.
    const remaining = await this.#countStale(
      this.db,
      tenantId,
      rotation.key_id,
      rotation.to_version,
      columns,
    );
    await this.#save(rotation, '', rewritten);
    if (remaining > 0) return false;
    const waitedLongEnough =
      this.clock.now().getTime() - new Date(rotation.started_at).getTime() >= this.activeKeyTtlMs;
    if (!waitedLongEnough) return false;
    await this.#finish(rotation);
    return true;
  }

  /** Runs batches until done (or `budgetMs` has passed), reporting progress after each. */
  async runToCompletion(
    tenantId: string,
    rotationId: string,
    options: {
      batchSize?: number;
      onProgress?: (p: RotationProgress) => void;
      pauseMs?: number;
      budgetMs?: number;
    } = {},
  ): Promise<RotationProgress> {
    const started = performance.now();
    let before = -1;
    for (;;) {
      const done = await this.runBatch(tenantId, rotationId, options.batchSize);
      const progress = await this.progress(tenantId, rotationId);
      options.onProgress?.(progress);
      if (done) return progress;
      if (options.budgetMs !== undefined && performance.now() - started >= options.budgetMs) return progress;
      // Nothing moved: every value is done and the old key's cache lifetime is still running out
      // on other instances. Wait instead of spinning.
      const pause =
        progress.rowsDone === before ? Math.max(options.pauseMs ?? 0, IDLE_WAIT_MS) : options.pauseMs;
      before = progress.rowsDone;
      if (pause !== undefined) await new Promise((r) => setTimeout(r, pause));
      else await yieldToEventLoop();
    }
  }

  async #finish(rotation: RotationRow): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const retired = await trx
        .updateTable('data_keys')
        .set({ status: 'retired', retired_at: now })
        .where('tenant_id', '=', rotation.tenant_id)
        .where('key_id', '=', rotation.key_id)
        .where('version', '<', rotation.to_version)
        .where('status', '=', 'decrypt_only')
        .executeTakeFirst();
      await trx
        .updateTable('key_rotations')
        .set({ status: 'completed', finished_at: now, updated_at: now, cursor: '' })
        .where('tenant_id', '=', rotation.tenant_id)
        .where('id', '=', rotation.id)
        .execute();
      await this.keyRing.audit.record(trx, systemContext(rotation.tenant_id, 'key-rotation'), {
        action: 'key.retire',
        objectType: 'data_key',
        objectId: rotation.key_id,
        outcome: 'success',
        details: {
          rotationId: rotation.id,
          belowVersion: rotation.to_version,
          versionsRetired: Number(retired.numUpdatedRows),
          valuesReencrypted: rotation.rows_done,
        },
      });
    });
    this.keyRing.clearCache();
  }

  async #save(rotation: RotationRow, cursor: string, rewritten: number): Promise<void> {
    await this.db
      .updateTable('key_rotations')
      .set((eb) => ({
        cursor,
        rows_done: eb('rows_done', '+', rewritten),
        updated_at: this.clock.now().toISOString(),
      }))
      .where('tenant_id', '=', rotation.tenant_id)
      .where('id', '=', rotation.id)
      .execute();
  }

  async #load(tenantId: string, rotationId: string): Promise<RotationRow> {
    const row = await this.db
      .selectFrom('key_rotations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', rotationId)
      .executeTakeFirst();
    if (row === undefined) throw new AppError('not_found', 'rotation not found');
    return row;
  }

  async #staleRows(
    tenantId: string,
    rotation: RotationRow,
    column: EncryptedColumn,
    after: string,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    const db = this.db as unknown as AnyDb;
    let query = db
      .selectFrom(column.table)
      .select([column.rowIdColumn, column.column])
      .where('tenant_id', '=', tenantId)
      .where(column.column, 'like', this.cipher.envelopePrefix(rotation.key_id))
      .where(column.column, 'not like', this.cipher.envelopePrefix(rotation.key_id, rotation.to_version));
    if (after !== '') query = query.where(column.rowIdColumn, '>', after);
    return query.orderBy(column.rowIdColumn).limit(limit).execute();
  }

  async #countStale(
    db: Kysely<Database>,
    tenantId: string,
    keyId: string,
    toVersion: number,
    columns: readonly EncryptedColumn[],
  ): Promise<number> {
    return countValues(db, tenantId, columns, {
      like: this.cipher.envelopePrefix(keyId),
      notLike: this.cipher.envelopePrefix(keyId, toVersion),
    });
  }
}
