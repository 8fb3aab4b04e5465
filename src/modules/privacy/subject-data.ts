/**
 * Everything held about one customer, found through the data inventory: every table whose
 * declaration links it to a customer (directly by a column, or through a parent row such as an
 * invoice's lines), filtered by tenant and customer, with the exported columns only and the
 * encrypted ones decrypted (under the customer's own key, or the tenant's key for documents).
 * A table added later with a subject link is included without changing this code.
 */
import type { Kysely } from 'kysely';
import { inventoryTables } from '../../db/data-inventory.js';
import type { ColumnSpec, SubjectLink, TableSpec } from '../../db/inventory.js';
import type { Database } from '../../db/schema.js';
import { encryptedColumns } from '../keys/encrypted-columns.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';

// Table and column names come from the declared inventory only, never from input.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
type Spec = TableSpec<Record<string, unknown>>;
type Row = Record<string, unknown>;

export interface SubjectSection {
  table: string;
  description: string;
  rows: Row[];
}

/** The customer-linked tables, parents before the tables linked through them. */
export function customerTables(): Array<[string, Spec & { subject: SubjectLink }]> {
  const linked = inventoryTables().filter(
    (entry): entry is [string, Spec & { subject: SubjectLink }] => entry[1].subject?.kind === 'customer',
  );
  return [
    ...linked.filter(([, s]) => 'column' in s.subject),
    ...linked.filter(([, s]) => 'via' in s.subject),
  ];
}

const PAGE = 500;

/** The customer's rows of one table (ids of parents given for `via` links). */
export async function subjectRows(
  db: Kysely<Database>,
  tenantId: string,
  table: string,
  link: SubjectLink,
  customerId: string,
  parentIds: ReadonlyMap<string, readonly string[]>,
): Promise<Row[]> {
  const any = db as unknown as AnyDb;
  if ('column' in link)
    return any
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(link.column, '=', customerId)
      .execute();
  const ids = parentIds.get(link.via.table) ?? [];
  const rows: Row[] = [];
  for (let i = 0; i < ids.length; i += PAGE)
    rows.push(
      ...(await any
        .selectFrom(table)
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(link.via.column, 'in', ids.slice(i, i + PAGE))
        .execute()),
    );
  return rows;
}

/** Collects every section; values of encrypted columns in clear, non-exported columns left out. */
export async function collectCustomerData(
  db: Kysely<Database>,
  cipher: FieldCipher,
  tenantId: string,
  customerId: string,
): Promise<SubjectSection[]> {
  const envelopes = new Map(encryptedColumns().map((c) => [`${c.table}.${c.column}`, c]));
  const parentIds = new Map<string, string[]>();
  const sections: SubjectSection[] = [];
  for (const [table, spec] of customerTables()) {
    const raw = await subjectRows(db, tenantId, table, spec.subject, customerId, parentIds);
    if ('column' in spec.subject)
      parentIds.set(
        table,
        raw.map((r) => String(r.id)),
      );
    const rows: Row[] = [];
    for (const row of raw) {
      const out: Row = {};
      for (const [column, columnSpec] of Object.entries<ColumnSpec>(spec.columns)) {
        if (columnSpec.export === false || column === 'tenant_id') continue;
        const value = row[column];
        const declared = envelopes.get(`${table}.${column}`);
        if (declared !== undefined && typeof value === 'string' && value !== '') {
          const subjectId =
            declared.subjectColumn === undefined ? undefined : String(row[declared.subjectColumn]);
          const ref = {
            tenantId,
            table,
            column,
            rowId: String(row[declared.rowIdColumn]),
            ...(subjectId ? { subjectId } : {}),
          };
          const clear = await cipher.decrypt(ref, value);
          out[column.replace(/_enc$/, '')] = parseJsonObject(clear);
        } else out[column] = value instanceof Buffer ? undefined : value;
      }
      rows.push(out);
    }
    if (rows.length > 0) sections.push({ table, description: spec.description, rows });
  }
  return sections;
}

/** Addresses are stored as JSON objects inside the envelope: export them as objects. */
function parseJsonObject(text: string): unknown {
  if (!text.startsWith('{')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
