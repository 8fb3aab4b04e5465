/**
 * The declared list of encrypted columns. A repository declares each of its encrypted columns once
 * (at module load); the rotation job re-encrypts exactly these, the plaintext scanner skips them,
 * and the data inventory checks them against its classification.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { KeyPurpose } from './field-crypto.types.js';

export interface EncryptedColumn {
  readonly table: string;
  readonly column: string;
  readonly purpose: KeyPurpose;
  /** The column holding the row id bound into the associated data. */
  readonly rowIdColumn: string;
  /**
   * For per-subject encryption: the column naming the data subject. Such values are under the
   * subject's own key and are not touched by rotation of the tenant key.
   */
  readonly subjectColumn?: string;
}

const registry = new Map<string, EncryptedColumn>();

/** Declares an encrypted column; declaring the same column twice with other settings is a bug. */
export function declareEncryptedColumn(column: EncryptedColumn): EncryptedColumn {
  const name = `${column.table}.${column.column}`;
  const existing = registry.get(name);
  if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(column)) {
    throw new Error(`encrypted column ${name} declared twice with different settings`);
  }
  registry.set(name, column);
  return column;
}

export function encryptedColumns(): readonly EncryptedColumn[] {
  return [...registry.values()];
}

export function encryptedColumnsFor(purpose: KeyPurpose): readonly EncryptedColumn[] {
  return encryptedColumns().filter((c) => c.purpose === purpose);
}

// Dynamic table and column names come only from the declared registry, never from input.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/**
 * How many of a tenant's values in the given declared columns have an envelope matching `like`
 * (and not `notLike`): the values under a key series or version (see `envelopePrefix`).
 */
export async function countValues(
  db: Kysely<Database>,
  tenantId: string,
  columns: readonly EncryptedColumn[],
  match: { like: string; notLike?: string },
): Promise<number> {
  let total = 0;
  for (const column of columns) {
    let query = (db as unknown as AnyDb)
      .selectFrom(column.table)
      .select(sql<number>`count(*)`.as('n'))
      .where('tenant_id', '=', tenantId)
      .where(column.column, 'like', match.like);
    if (match.notLike !== undefined) query = query.where(column.column, 'not like', match.notLike);
    const row = await query.executeTakeFirst();
    total += Number(row?.n ?? 0);
  }
  return total;
}
