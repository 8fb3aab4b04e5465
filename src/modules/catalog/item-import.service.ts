/**
 * Item CSV import: one row per variant; rows with the same name form one item. Columns: name,
 * kind (goods|services), hsn_sac, uqc, rate_category, price_includes_tax (yes|no), price and mrp
 * (rupees, "1050.00"), barcode, sku, size, colour. Every bad row is reported; nothing is imported
 * from a file with a bad row unless `skipInvalid` is set. One transaction for the whole file.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { parseRupees } from '../../domain/money/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import {
  cell,
  columnMapper,
  checkRow,
  csvFlag,
  importDecision,
  parseCsv,
  type CsvSpec,
  type ImportProblem,
  type ImportReport,
  type ParsedRow,
} from '../billing/csv-import.js';
import { itemInput, type ItemInput } from './catalog.schemas.js';
import { checkItemRules, itemRows } from './item.rules.js';
import { insertItems, takenCodes } from './item.repository.js';

const ITEM_COLUMNS = ['name', 'kind', 'hsn_sac', 'uqc', 'rate_category', 'price_includes_tax'] as const;
const VARIANT_COLUMNS = ['price', 'mrp', 'barcode', 'sku', 'size', 'colour'] as const;
const COLUMN_OF: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  hsnSac: 'hsn_sac',
  uqc: 'uqc',
  rateCategory: 'rate_category',
  priceIncludesTax: 'price_includes_tax',
  pricePaise: 'price',
  mrpPaise: 'mrp',
  barcode: 'barcode',
  sku: 'sku',
  size: 'size',
  colour: 'colour',
};

const columnOf = columnMapper(COLUMN_OF);
const columnOfField = (field: string): string => columnOf(field.split('.'));

const spec: CsvSpec<ItemInput> = {
  required: ['name', 'hsn_sac', 'rate_category', 'price'],
  known: [...ITEM_COLUMNS, ...VARIANT_COLUMNS],
  schema: itemInput,
  columnOf,
  toInput(r) {
    const mrp = cell(r.mrp);
    return {
      kind: cell(r.kind)?.toLowerCase() ?? 'goods',
      name: r.name ?? '',
      hsnSac: r.hsn_sac ?? '',
      uqc: cell(r.uqc) ?? (cell(r.kind)?.toLowerCase() === 'services' ? 'OTH' : 'PCS'),
      rateCategory: r.rate_category ?? '',
      priceIncludesTax: csvFlag(r.price_includes_tax, 'price_includes_tax', true),
      variants: [
        {
          pricePaise: parseRupees(r.price ?? '', 'price'),
          ...(mrp === undefined ? {} : { mrpPaise: parseRupees(mrp, 'mrp') }),
          ...Object.fromEntries(
            (['barcode', 'sku', 'size', 'colour'] as const).flatMap((c) => {
              const v = cell(r[c]);
              return v === undefined ? [] : [[c, v]];
            }),
          ),
        },
      ],
    };
  },
};

function sameItem(a: ItemInput, b: ItemInput): boolean {
  return (
    a.kind === b.kind &&
    a.hsnSac === b.hsnSac &&
    a.uqc === b.uqc &&
    a.rateCategory === b.rateCategory &&
    a.priceIncludesTax === b.priceIncludesTax
  );
}

/** Groups variant rows into items; a row disagreeing with its item's first row is a problem. */
function groupRows(
  rows: readonly ParsedRow<ItemInput>[],
  problems: ImportProblem[],
): Map<string, { rows: number[]; item: ItemInput }> {
  const groups = new Map<string, { rows: number[]; item: ItemInput }>();
  for (const { row, input } of rows) {
    const key = input.name.toLowerCase();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { rows: [row], item: input });
    else if (!sameItem(group.item, input))
      problems.push({
        row,
        column: 'name',
        message: `differs from row ${group.rows[0]} of the same item in kind, HSN, unit, rate or tax flag`,
      });
    else {
      group.rows.push(row);
      group.item = { ...group.item, variants: [...group.item.variants, ...input.variants] };
    }
  }
  return groups;
}

export class ItemImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async importItems(
    actor: ServiceActor,
    csv: string,
    options: { skipInvalid: boolean },
  ): Promise<ImportReport> {
    const parsed = parseCsv(csv, spec);
    const problems = [...parsed.problems];
    const groups = groupRows(parsed.good, problems);
    const existing = await this.#existingNames(actor.tenantId, [...groups.keys()]);
    const taken = {
      barcode: await takenCodes(this.db, actor.tenantId, 'barcode', codesOf(groups, 'barcode')),
      sku: await takenCodes(this.db, actor.tenantId, 'sku', codesOf(groups, 'sku')),
    };
    const accepted: ItemInput[] = [];
    let acceptedRows = 0;
    for (const [key, group] of groups) {
      const first = group.rows[0] ?? 0;
      const ok = await checkRow(problems, first, columnOfField, () => {
        if (existing.has(key)) throw conflict('name', 'an item with this name already exists');
        checkItemRules(group.item);
        group.item.variants.forEach((v, i) => {
          for (const column of ['barcode', 'sku'] as const) {
            const value = v[column];
            if (typeof value === 'string' && taken[column].has(value))
              throw conflict(`variants.${i}.${column}`, `this ${column} belongs to another item`);
          }
        });
      });
      if (ok) {
        accepted.push(group.item);
        acceptedRows += group.rows.length;
      }
    }
    const { write, report } = importDecision(parsed.rows, acceptedRows, problems, options.skipInvalid);
    if (!write) return report;
    const rows = itemRows(actor.tenantId, accepted, this.clock.now().toISOString());
    await this.db.transaction().execute(async (trx) => {
      await insertItems(trx, rows.items, rows.variants);
      await this.audit.record(trx, actor.audit, {
        action: 'catalog.import',
        objectType: 'item',
        outcome: 'success',
        details: { items: rows.items.length, variants: rows.variants.length, skippedRows: report.skipped },
      });
    });
    return report;
  }

  async #existingNames(tenantId: string, lowerNames: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < lowerNames.length; i += 500) {
      const rows = await this.db
        .selectFrom('items')
        .select(sql<string>`lower(name)`.as('n'))
        .where('tenant_id', '=', tenantId)
        .where(sql<string>`lower(name)`, 'in', lowerNames.slice(i, i + 500))
        .execute();
      for (const row of rows) found.add(row.n);
    }
    return found;
  }
}

function conflict(field: string, message: string): AppError {
  return new AppError('conflict', message, field);
}

function codesOf(groups: Map<string, { item: ItemInput }>, column: 'barcode' | 'sku'): string[] {
  return [...groups.values()].flatMap((g) =>
    g.item.variants.map((v) => v[column]).filter((v): v is string => typeof v === 'string'),
  );
}
