/**
 * The checkout benchmark's baseline: the rows one checkout through the service wrote (the
 * idempotency key, lines, payment, stock movements and levels, the series counter, the document
 * and the hash-chained audit entry) are read back once and written again per sale by bare SQL
 * through the driver, in one transaction, with fresh ids, number and times. Ciphertexts and the
 * blind index are reused as they are (no encryption); the audit entry is chained to the head it
 * reads, as the trigger demands (two SHA-256). No pricing, no query builder, no other reads.
 * Statements are prepared once on both engines (better-sqlite3 statements, named pg statements),
 * so the baseline uses what the driver offers at its best.
 */
import { createHash, randomUUID } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../src/db/schema.js';
import { chainHash, contentHash, type ChainedEntry } from '../../src/modules/audit/audit-hash.js';

type Row = Record<string, unknown>;

/** One sale's rows as the service wrote them. */
export interface SaleTemplate {
  tenantId: string;
  key: Row;
  lines: Row[];
  payments: Row[];
  movements: Row[];
  document: Row;
  entry: Row;
}

/** Reads back everything the service wrote for `documentId`. */
export async function captureSale(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
): Promise<SaleTemplate> {
  const t = db.withoutPlugins();
  const of = <T>(rows: T[]) => rows as unknown as Row[];
  const one = <T>(rows: T[]) => {
    const [row] = of(rows);
    if (row === undefined) throw new Error('the sale to copy is incomplete');
    return row;
  };
  const where = { tenant: tenantId, doc: documentId };
  return {
    tenantId,
    key: one(
      await t
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('tenant_id', '=', where.tenant)
        .where('document_id', '=', where.doc)
        .execute(),
    ),
    lines: of(
      await t
        .selectFrom('sales_document_lines')
        .selectAll()
        .where('tenant_id', '=', where.tenant)
        .where('document_id', '=', where.doc)
        .orderBy('line_no')
        .execute(),
    ),
    payments: of(
      await t
        .selectFrom('sales_payments')
        .selectAll()
        .where('tenant_id', '=', where.tenant)
        .where('document_id', '=', where.doc)
        .execute(),
    ),
    movements: of(
      await t
        .selectFrom('stock_movements')
        .selectAll()
        .where('tenant_id', '=', where.tenant)
        .where('ref_id', '=', where.doc)
        .execute(),
    ),
    document: one(
      await t
        .selectFrom('sales_documents')
        .selectAll()
        .where('tenant_id', '=', where.tenant)
        .where('id', '=', where.doc)
        .execute(),
    ),
    entry: one(
      await t
        .selectFrom('audit_entries')
        .selectAll()
        .where('tenant_id', '=', where.tenant)
        .where('object_id', '=', where.doc)
        .execute(),
    ),
  };
}

/** One statement and its parameters (`?` placeholders; numbered for PostgreSQL by the runner). */
type Statement = readonly [sql: string, params: readonly unknown[]];

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** A multi-row insert of `rows` (all with the template's columns), with fields replaced. */
function insert(table: string, rows: readonly Row[], suffix = ''): Statement {
  const columns = Object.keys(rows[0] ?? {});
  const values = rows.map(() => `(${marks(columns.length)})`).join(', ');
  return [
    `insert into ${table} (${columns.join(', ')}) values ${values}${suffix}`,
    rows.flatMap((row) => columns.map((c) => row[c])),
  ];
}

/** The statements of one sale: before the number, the counter, then the document and the audit. */
interface Sale {
  before: Statement[];
  counter: Statement;
  document: (seq: number) => Statement;
  head: Statement;
  entry: (head: { seq: number; hash: string }) => Statement;
}

function sale(t: SaleTemplate, engine: 'sqlite' | 'postgres', now: string): Sale {
  const doc = randomUUID();
  const movements = t.movements.map((m): Row => ({ ...m, id: randomUUID(), ref_id: doc, created_at: now }));
  // In (store, variant) order, as the service takes the level rows.
  const ordered = [...movements].sort((a, b) =>
    `${String(a.store_id)}/${String(a.variant_id)}` < `${String(b.store_id)}/${String(b.variant_id)}`
      ? -1
      : 1,
  );
  const levels = ordered.map((m) => ({
    tenant_id: t.tenantId,
    store_id: m.store_id,
    variant_id: m.variant_id,
    qty_milli: m.qty_milli,
    updated_at: now,
  }));
  const d = t.document;
  const stem = String(d.number).replace(/\d+$/, '');
  const digits = String(d.number).length - stem.length;
  return {
    before: [
      insert('idempotency_keys', [{ ...t.key, key: `b-${doc}`, document_id: doc, created_at: now }]),
      insert(
        'sales_document_lines',
        t.lines.map((l) => ({ ...l, document_id: doc })),
      ),
      insert(
        'sales_payments',
        t.payments.map((p) => ({ ...p, id: randomUUID(), document_id: doc })),
      ),
      insert('stock_movements', movements),
      insert(
        'stock_levels',
        levels,
        ' on conflict (tenant_id, store_id, variant_id) do update set qty_milli = stock_levels.qty_milli + excluded.qty_milli, updated_at = excluded.updated_at returning store_id, variant_id, qty_milli',
      ),
    ],
    counter: [
      'update document_counters set last_seq = last_seq + 1 where tenant_id = ? and store_id = ? and series = ? and fy = ? returning last_seq, prefix, include_year, min_digits',
      [t.tenantId, d.store_id, 'invoice', d.fy],
    ],
    document: (seq) =>
      insert('sales_documents', [
        { ...d, id: doc, seq, number: `${stem}${String(seq).padStart(digits, '0')}`, issued_at: now },
      ]),
    head: [
      `select seq, hash from audit_heads where tenant_id = ?${engine === 'postgres' ? ' for update' : ''}`,
      [t.tenantId],
    ],
    entry: (head) => {
      const entry = {
        ...(t.entry as unknown as ChainedEntry),
        seq: head.seq + 1,
        object_id: doc,
        occurred_at: now,
      };
      const hash = chainHash(Buffer.from(head.hash, 'hex'), contentHash(entry)).toString('hex');
      return insert('audit_entries', [{ ...entry, hash }]);
    },
  };
}

/** Runs sales on SQLite through better-sqlite3 prepared statements, one immediate transaction each. */
export function sqliteBaseline(
  raw: SqliteDatabase.Database,
  template: SaleTemplate,
): (count: number) => void {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const exec = ([sql, params]: Statement): unknown[] => {
    let stmt = cache.get(sql);
    if (stmt === undefined) cache.set(sql, (stmt = raw.prepare(sql)));
    if (stmt.reader) return stmt.all(...params);
    stmt.run(...params);
    return [];
  };
  const one = raw.transaction(() => {
    const s = sale(template, 'sqlite', new Date().toISOString());
    s.before.forEach(exec);
    const [counter] = exec(s.counter) as Array<{ last_seq: number }>;
    exec(s.document(counter?.last_seq ?? 0));
    const [head] = exec(s.head) as Array<{ seq: number; hash: string }>;
    exec(s.entry(head ?? { seq: 0, hash: '' }));
  });
  return (count) => {
    for (let i = 0; i < count; i += 1) one.immediate();
  };
}

/** Runs sales on PostgreSQL through one pg client: begin, the statements (named, prepared once), commit. */
export function postgresBaseline(
  client: pg.Client,
  template: SaleTemplate,
): (count: number) => Promise<void> {
  const numbered = new Map<string, { text: string; name: string }>();
  const exec = async ([sql, params]: Statement) => {
    let query = numbered.get(sql);
    if (query === undefined) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${(n += 1)}`);
      query = { text, name: `b_${createHash('sha256').update(text).digest('hex').slice(0, 24)}` };
      numbered.set(sql, query);
    }
    return (await client.query({ ...query, values: [...params] })).rows as Row[];
  };
  return async (count) => {
    for (let i = 0; i < count; i += 1) {
      const s = sale(template, 'postgres', new Date().toISOString());
      await client.query('begin');
      for (const statement of s.before) await exec(statement);
      const [counter] = await exec(s.counter);
      await exec(s.document(Number(counter?.last_seq)));
      const [head] = await exec(s.head);
      await exec(s.entry({ seq: Number(head?.seq), hash: String(head?.hash) }));
      await client.query('commit');
    }
  };
}
