/**
 * The plaintext personal-data scanner: reads every text and binary column of every table the
 * database catalog lists, in keyset pages by primary key (bounded memory whatever the size; one
 * tenant's rows through the key's leading `tenant_id`), and reports where card, Aadhaar, PAN,
 * phone and email values sit in clear: table, column, kind, count and a few row keys with masked
 * samples. Values are never printed, logged or returned whole. Between pages it yields to the
 * event loop, so a shop's counters keep being served while it runs on SQLite.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../../../db/database.js';
import type { Database } from '../../../db/schema.js';
import { personalDataKinds, type PersonalDataKind } from '../../../domain/personal-data.js';
import { readCatalog, type TableInfo } from './column-catalog.js';
import { maskMatches } from './finding-mask.js';
import { exemptionsFor, tableExempt } from './scan-exemptions.js';
import { matchesIn, scanValue, type ColumnRule } from './value-scan.js';

export interface ScanOptions {
  /** Only this tenant's rows (tables without a tenant column are installation-wide: skipped). */
  tenantId?: string;
  /** Rows per page (default 1000). */
  pageSize?: number;
  /** Row references kept per column and kind (default 10); every occurrence is counted. */
  examplesPerColumn?: number;
  onProgress?: (progress: { table: string; rows: number }) => void;
}

export interface FindingExample {
  /** The row's primary key (values masked where they hold personal data themselves). */
  key: Record<string, string>;
  sample: string;
}

export interface ColumnFinding {
  table: string;
  column: string;
  kind: PersonalDataKind;
  count: number;
  examples: FindingExample[];
}

export interface ScanReport {
  scope: string;
  tablesScanned: number;
  columnsScanned: number;
  rowsScanned: number;
  valuesScanned: number;
  findings: ColumnFinding[];
  /** Columns or kinds not reported, with the declared reason. */
  exemptions: Array<{ table: string; column: string; kinds: string; reason: string }>;
  /** Installation-wide tables left out of a tenant's scan. */
  outOfScope: string[];
}

interface ScannedColumn {
  name: string;
  rule: ColumnRule;
}

const ALL_KINDS: ReadonlySet<PersonalDataKind> = new Set(personalDataKinds);

/** The columns of a table to scan, each with its kinds after exemptions. */
function planColumns(table: TableInfo, report: ScanReport): ScannedColumn[] {
  const out: ScannedColumn[] = [];
  for (const column of table.columns) {
    if (column.kind === 'other') continue;
    const kinds = new Set(ALL_KINDS);
    for (const e of exemptionsFor(table.name, column.name)) {
      for (const k of e.kinds ?? personalDataKinds) kinds.delete(k);
      report.exemptions.push({
        table: table.name,
        column: column.name,
        kinds: (e.kinds ?? ['all']).join(','),
        reason: e.reason,
      });
    }
    if (kinds.size > 0)
      out.push({ name: column.name, rule: { kinds, barcode: /barcode/i.test(column.name) } });
  }
  return out;
}

const ROWID = '__scan_rowid';

/** One page of rows after `after` (keyset by the primary key; SQLite's rowid without one). */
async function readPage(
  db: Kysely<Database>,
  engine: Engine,
  table: TableInfo,
  columns: readonly string[],
  scope: { column: string; tenantId: string } | null,
  after: unknown[] | null,
  offset: number,
  pageSize: number,
): Promise<Array<Record<string, unknown>>> {
  const keyless = table.primaryKey.length === 0;
  const keys = keyless ? (engine === 'sqlite' ? [ROWID] : []) : table.primaryKey;
  const refs = (names: readonly string[]) => sql.join(names.map((n) => sql.ref(n)));
  const keyRefs = keys.map((k) => (k === ROWID ? sql`rowid` : sql.ref(k)));
  const selected: RawBuilder<unknown>[] = columns.map((c) => sql.ref(c));
  if (keys[0] === ROWID) selected.push(sql`rowid as ${sql.ref(ROWID)}`);
  const where: RawBuilder<unknown>[] = [];
  if (scope !== null) where.push(sql`${sql.ref(scope.column)} = ${scope.tenantId}`);
  if (after !== null && keys.length > 0)
    where.push(sql`(${sql.join(keyRefs)}) > (${sql.join(after.map((v) => sql`${v}`))})`);
  const order = keys.length > 0 ? sql.join(keyRefs) : engine === 'postgres' ? sql`ctid` : refs(columns);
  const filter = where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const paging = keys.length > 0 ? sql`limit ${pageSize}` : sql`limit ${pageSize} offset ${offset}`;
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(selected)} from ${sql.table(table.name)} ${filter} order by ${order} ${paging}`.execute(
    db,
  );
  return rows;
}

/** A row's key for the report: strings, masked where a key value holds personal data itself. */
function rowKey(row: Record<string, unknown>, keys: readonly string[], skip: string | null) {
  const key: Record<string, string> = {};
  for (const k of keys) {
    if (k === skip) continue;
    const value = row[k];
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    key[k === ROWID ? 'rowid' : k] = maskMatches(text, matchesIn(text));
  }
  return key;
}

/** Scans the database (or one tenant's rows) and reports personal data stored in clear. */
export async function scanPlaintext(
  db: Kysely<Database>,
  engine: Engine,
  options: ScanOptions = {},
): Promise<ScanReport> {
  const pageSize = options.pageSize ?? 1000;
  const keep = options.examplesPerColumn ?? 10;
  const report: ScanReport = {
    scope: options.tenantId ?? 'installation',
    tablesScanned: 0,
    columnsScanned: 0,
    rowsScanned: 0,
    valuesScanned: 0,
    findings: [],
    exemptions: [],
    outOfScope: [],
  };
  const findings = new Map<string, ColumnFinding>();
  for (const table of await readCatalog(db, engine)) {
    const exempt = tableExempt(table.name);
    if (exempt !== undefined) {
      report.exemptions.push({ table: table.name, column: '*', kinds: 'all', reason: exempt.reason });
      continue;
    }
    const scope =
      options.tenantId === undefined || table.tenantColumn === null
        ? null
        : { column: table.tenantColumn, tenantId: options.tenantId };
    if (options.tenantId !== undefined && scope === null) {
      report.outOfScope.push(table.name);
      continue;
    }
    const columns = planColumns(table, report);
    if (columns.length === 0) continue;
    report.tablesScanned += 1;
    report.columnsScanned += columns.length;
    const keys = table.primaryKey.length > 0 ? table.primaryKey : engine === 'sqlite' ? [ROWID] : [];
    const selected = [...new Set([...table.primaryKey, ...columns.map((c) => c.name)])];
    let after: unknown[] | null = null;
    let rowsInTable = 0;
    for (;;) {
      const rows = await readPage(db, engine, table, selected, scope, after, rowsInTable, pageSize);
      for (const row of rows) {
        for (const column of columns) {
          const value = row[column.name];
          if (value === null || value === undefined) continue;
          report.valuesScanned += 1;
          for (const hit of scanValue(value, column.rule)) {
            const id = `${table.name}\u0000${column.name}\u0000${hit.kind}`;
            const finding = findings.get(id) ?? {
              table: table.name,
              column: column.name,
              kind: hit.kind,
              count: 0,
              examples: [],
            };
            finding.count += 1;
            if (finding.examples.length < keep)
              finding.examples.push({ key: rowKey(row, keys, scope?.column ?? null), sample: hit.sample });
            findings.set(id, finding);
          }
        }
      }
      rowsInTable += rows.length;
      report.rowsScanned += rows.length;
      options.onProgress?.({ table: table.name, rows: rowsInTable });
      const last = rows[rows.length - 1];
      if (rows.length < pageSize || last === undefined) break;
      after = keys.map((k) => last[k]);
      await nextTurn();
    }
  }
  report.findings = [...findings.values()];
  return report;
}
