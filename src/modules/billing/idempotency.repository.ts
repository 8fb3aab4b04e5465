/**
 * Idempotency keys: a client sends one key per sale (or return, or exchange); the first request
 * stores the key with the document it produced in the same transaction, and a repeated request
 * gets that document back instead of a second one. A concurrent duplicate waits on the key's
 * row (PostgreSQL) or the write lock (SQLite), then finds it taken. The same key with a different
 * request is refused.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { prepareInsert, prepareQuery } from '../../db/prepared-query.js';
import type { Database } from '../../db/schema.js';
import type { IdempotencyKeysTable } from '../../db/tables/billing.tables.js';
import { AppError } from '../../domain/app-error.js';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

/** Thrown inside a transaction whose key turned out to be taken; the caller answers with the first document. */
export class KeyAlreadyUsed extends Error {
  constructor() {
    super('idempotency key already used');
    this.name = 'KeyAlreadyUsed';
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** SHA-256 of the operation and the request in canonical JSON (key order does not matter). */
export function requestHash(operation: string, request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, canonical(request)]))
    .digest('hex');
}

const keyRow = prepareQuery((db, p: { tenantId: string; key: string }) =>
  db
    .selectFrom('idempotency_keys')
    .select(['tenant_id', 'key', 'operation', 'request_hash', 'document_id', 'created_at'])
    .where('tenant_id', '=', p.tenantId)
    .where('key', '=', p.key),
);

export async function findKey(
  db: Kysely<Database>,
  tenantId: string,
  key: string,
): Promise<IdempotencyRow | undefined> {
  const [row] = await keyRow.execute(db, { tenantId, key });
  return row;
}

/** The first request's document for a repeated key; a different request under the key is refused. */
export function replayOf(row: IdempotencyRow, operation: string, hash: string): string {
  if (row.operation !== operation || row.request_hash !== hash)
    throw new AppError(
      'conflict',
      'this idempotency key was used for a different request',
      'idempotency-key',
    );
  return row.document_id;
}

const insertKey = prepareInsert('idempotency_keys', (query) =>
  query.onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing()).returning('key'),
);

/** Claims the key inside `trx`; throws KeyAlreadyUsed when another request holds it. */
export async function claimKey(trx: Kysely<Database>, row: IdempotencyRow): Promise<void> {
  const [claimed] = await insertKey(trx, [row]);
  if (claimed === undefined) throw new KeyAlreadyUsed();
}
