/**
 * The checkout benchmark's baseline: the same rows a 5-line checkout writes (idempotency key,
 * lines, payment, stock movements and levels, the series counter, the document, the audit
 * entry), written by bare SQL through the driver in one transaction, with ciphertexts prepared
 * beforehand. No pricing, no encryption, no query builder, no reads.
 */
import { randomUUID } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';

export interface BaselineShop {
  tenantId: string;
  storeId: string;
  variantIds: readonly string[];
  customerId: string;
  /** Ciphertexts like the service's (buyer GSTIN, name, address; payment reference). */
  envelope: string;
}

/** One statement of the transaction and its parameters. */
type Statement = readonly [sql: string, params: readonly unknown[]];

const LINE_COLUMNS =
  'tenant_id, document_id, line_no, item_id, variant_id, rate_category, orig_line_no, description, hsn_sac, is_service, qty_milli, unit, unit_price, price_includes_tax, unit_price_excl, gross, discount, taxable, supply, rate, cess_rate, cgst, sgst, utgst, igst, cess, total, restocked';
const DOC_COLUMNS =
  'tenant_id, id, doc_type, kind, store_id, counter_id, series_key, fy, seq, number, doc_date, issued_at, customer_id, buyer_registered, buyer_gstin_idx, buyer_gstin_enc, buyer_name_enc, buyer_address_enc, buyer_state_code, place_of_supply, regime, reverse_charge, supplier_gstin, supplier_state_code, registration, supplier_json, gross, discount, taxable, cgst, sgst, utgst, igst, cess, tax, exact_total, round_off, total, original_id, original_number, original_date, original_total, original_pos, reason, exchange_id, created_by';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const rows = (count: number, width: number) =>
  Array.from({ length: count }, () => `(${marks(width)})`).join(', ');

/** The statements of one sale: before the counter, the counter (returns the number), after it. */
export interface SaleStatements {
  before: Statement[];
  counter: Statement;
  after: (seq: number) => Statement[];
}

export function saleStatements(shop: BaselineShop, now: string): SaleStatements {
  const doc = randomUUID();
  const lines = shop.variantIds.map((variantId, i) => [
    shop.tenantId,
    doc,
    i + 1,
    variantId,
    variantId,
    'apparel',
    null,
    'Bench item',
    '6205',
    0,
    1000,
    'PCS',
    105_000,
    1,
    100_000,
    100_000,
    0,
    100_000,
    'taxable',
    500,
    0,
    2_500,
    2_500,
    0,
    0,
    0,
    105_000,
    0,
  ]);
  const movements = shop.variantIds.map((variantId) => [
    shop.tenantId,
    randomUUID(),
    shop.storeId,
    variantId,
    'sale',
    -1000,
    null,
    'invoice',
    doc,
    null,
    now,
  ]);
  const levels = shop.variantIds.map((variantId) => [shop.tenantId, shop.storeId, variantId, -1000, now]);
  const e = shop.envelope;
  const before: Statement[] = [
    [
      'insert into idempotency_keys values (?, ?, ?, ?, ?, ?)',
      [shop.tenantId, `b-${doc}`, 'checkout', 'h'.repeat(64), doc, now],
    ],
    [`insert into sales_document_lines (${LINE_COLUMNS}) values ${rows(lines.length, 28)}`, lines.flat()],
    [
      'insert into sales_payments (tenant_id, id, document_id, seq, method, amount, tendered, change_due, reference_enc, card_last4) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [shop.tenantId, randomUUID(), doc, 1, 'upi', 525_000, null, 0, e, null],
    ],
    [
      `insert into stock_movements (tenant_id, id, store_id, variant_id, kind, qty_milli, reason, ref_type, ref_id, actor_id, created_at) values ${rows(movements.length, 11)}`,
      movements.flat(),
    ],
    [
      `insert into stock_levels (tenant_id, store_id, variant_id, qty_milli, updated_at) values ${rows(levels.length, 5)}
       on conflict (tenant_id, store_id, variant_id) do update set qty_milli = stock_levels.qty_milli + excluded.qty_milli, updated_at = excluded.updated_at returning qty_milli`,
      levels.flat(),
    ],
  ];
  const counter: Statement = [
    "update document_counters set last_seq = last_seq + 1 where tenant_id = ? and store_id = ? and series = 'invoice' and fy = 2026 returning last_seq",
    [shop.tenantId, shop.storeId],
  ];
  const after = (seq: number): Statement[] => [
    [
      `insert into sales_documents (${DOC_COLUMNS}) values (${marks(46)})`,
      [
        shop.tenantId,
        doc,
        'invoice',
        'tax-invoice',
        shop.storeId,
        null,
        `${shop.storeId}/invoice/2026`,
        2026,
        seq,
        `INV/26-27/${String(seq).padStart(5, '0')}`,
        '2026-05-15',
        now,
        shop.customerId,
        1,
        'idx',
        e,
        e,
        e,
        '27',
        '24',
        'igst',
        0,
        '24AAQCA8719H1ZC',
        '24',
        'regular',
        '{}',
        500_000,
        0,
        500_000,
        0,
        0,
        0,
        25_000,
        0,
        25_000,
        525_000,
        0,
        525_000,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
    ],
    [
      'insert into test_audit_entries values (?, ?, ?, ?, ?, ?, ?, ?)',
      [shop.tenantId, randomUUID(), 'invoice.issue', 'invoice', doc, 'success', 'system', '{"lines":5}'],
    ],
  ];
  return { before, counter, after };
}

/** Runs sales on SQLite through better-sqlite3 prepared statements, one immediate transaction each. */
export function sqliteBaseline(raw: SqliteDatabase.Database, shop: BaselineShop): (count: number) => void {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepared = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt === undefined) cache.set(sql, (stmt = raw.prepare(sql)));
    return stmt;
  };
  const exec = ([sql, params]: Statement) => {
    const stmt = prepared(sql);
    return stmt.reader ? stmt.all(...params) : stmt.run(...params);
  };
  const one = raw.transaction(() => {
    const sale = saleStatements(shop, new Date().toISOString());
    sale.before.forEach(exec);
    const [row] = exec(sale.counter) as Array<{ last_seq: number }>;
    sale.after(row?.last_seq ?? 0).forEach(exec);
  });
  return (count) => {
    for (let i = 0; i < count; i += 1) one.immediate();
  };
}

/** Runs sales on PostgreSQL through one pg client: begin, the statements, commit. */
export function postgresBaseline(client: pg.Client, shop: BaselineShop): (count: number) => Promise<void> {
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${(n += 1)}`);
  };
  return async (count) => {
    const exec = ([sql, params]: Statement) => client.query(numbered(sql), [...params]);
    for (let i = 0; i < count; i += 1) {
      const sale = saleStatements(shop, new Date().toISOString());
      await client.query('begin');
      for (const statement of sale.before) await exec(statement);
      const counter = await exec(sale.counter);
      for (const statement of sale.after(Number((counter.rows[0] as { last_seq: number }).last_seq)))
        await exec(statement);
      await client.query('commit');
    }
  };
}
