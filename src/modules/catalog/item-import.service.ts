/**
 * Item CSV import: one row per variant; rows with the same name form one item. Columns: name,
 * kind (goods|services), hsn_sac, uqc, rate_category, price_includes_tax (yes|no), price and mrp
 * (rupees, "1050.00"), barcode, sku, size, colour, opening_quantity and store (the store's name;
 * empty means the store the import was started from). Opening quantities go into stock as one
 * movement per variant, referenced per store like a goods receipt, in the same transaction.
 * Every bad row is reported; nothing is imported from a file with a bad row unless `skipInvalid`
 * is set. One transaction for the whole file.
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
import { applyMovements, type MovementInput } from './stock.repository.js';
import { newId } from '../../domain/ids.js';
import { toMilli } from '../../kernel/schema-atoms.js';
import { authorizeStore } from '../auth/access.policy.js';
import { requireStore } from '../billing/store.repository.js';

const ITEM_COLUMNS = ['name', 'kind', 'hsn_sac', 'uqc', 'rate_category', 'price_includes_tax'] as const;
const VARIANT_COLUMNS = [
  'price',
  'mrp',
  'barcode',
  'sku',
  'size',
  'colour',
  'opening_quantity',
  'store',
] as const;
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
  openingQuantity: 'opening_quantity',
  openingStoreId: 'store',
};

const columnOf = columnMapper(COLUMN_OF);
const columnOfField = (field: string): string => columnOf(field.split('.'));

/** The stores rows may name (lower-cased name to id) and the one an empty cell means. */
interface StoreChoice {
  byName: ReadonlyMap<string, string>;
  defaultStoreId: string | undefined;
}

const specFor = (stores: StoreChoice): CsvSpec<ItemInput> => ({
  required: ['name', 'hsn_sac', 'rate_category', 'price'],
  known: [...ITEM_COLUMNS, ...VARIANT_COLUMNS],
  schema: itemInput,
  columnOf,
  toInput(r) {
    const mrp = cell(r.mrp);
    const opening = cell(r.opening_quantity);
    const storeName = cell(r.store);
    if (opening !== undefined && !/^[0-9]+(\.[0-9]{1,3})?$/.test(opening))
      throw new AppError('validation_failed', 'must be a quantity such as 12 or 2.5', 'opening_quantity');
    let openingStoreId: string | undefined;
    if (storeName !== undefined) {
      openingStoreId = stores.byName.get(storeName.toLowerCase());
      if (openingStoreId === undefined)
        throw new AppError('validation_failed', 'no store of this name', 'store');
    } else if (opening !== undefined) {
      openingStoreId = stores.defaultStoreId;
      if (openingStoreId === undefined)
        throw new AppError('validation_failed', 'name the store that holds the opening stock', 'store');
    }
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
          ...(opening === undefined ? {} : { openingQuantity: Number(opening) }),
          ...Object.fromEntries(
            (['barcode', 'sku', 'size', 'colour'] as const).flatMap((c) => {
              const v = cell(r[c]);
              return v === undefined ? [] : [[c, v]];
            }),
          ),
        },
      ],
      ...(openingStoreId === undefined ? {} : { openingStoreId }),
    };
  },
});

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
    options: { skipInvalid: boolean; storeId?: string },
  ): Promise<ImportReport> {
    if (options.storeId !== undefined) await requireStore(this.db, actor.tenantId, options.storeId);
    const stores = await this.db
      .selectFrom('stores')
      .select(['id', 'name'])
      .where('tenant_id', '=', actor.tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const byName = new Map<string, string>();
    for (const store of stores)
      if (!byName.has(store.name.toLowerCase())) byName.set(store.name.toLowerCase(), store.id);
    const parsed = parseCsv(csv, specFor({ byName, defaultStoreId: options.storeId }));
    // Each row is one variant: where its opening stock goes, by row number.
    const openingOf = new Map<number, { storeId: string; quantity: number }>();
    for (const { row, input } of parsed.good) {
      const quantity = input.variants[0]?.openingQuantity;
      if (quantity !== undefined && input.openingStoreId !== undefined)
        openingOf.set(row, { storeId: input.openingStoreId, quantity });
    }
    const problems = [...parsed.problems];
    const groups = groupRows(parsed.good, problems);
    const existing = await this.#existingNames(actor.tenantId, [...groups.keys()]);
    const taken = {
      barcode: await takenCodes(this.db, actor.tenantId, 'barcode', codesOf(groups, 'barcode')),
      sku: await takenCodes(this.db, actor.tenantId, 'sku', codesOf(groups, 'sku')),
    };
    const accepted: ItemInput[] = [];
    const acceptedRowNumbers: number[][] = [];
    let acceptedRows = 0;
    for (const [key, group] of groups) {
      const first = group.rows[0] ?? 0;
      const ok = await checkRow(problems, first, columnOfField, async () => {
        for (const row of group.rows) {
          const storeId = openingOf.get(row)?.storeId;
          if (storeId !== undefined) await this.#mayStock(actor, storeId);
        }
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
        acceptedRowNumbers.push(group.rows);
        acceptedRows += group.rows.length;
      }
    }
    const { write, report } = importDecision(parsed.rows, acceptedRows, problems, options.skipInvalid);
    if (!write) return report;
    const now = this.clock.now().toISOString();
    const rows = itemRows(actor.tenantId, accepted, now);
    // Variants come out of itemRows in the order of the accepted items and their rows.
    const rowNumbers = acceptedRowNumbers.flat();
    const importRef = new Map<string, string>();
    const opening: MovementInput[] = [];
    rows.variants.forEach((variant, i) => {
      const open = openingOf.get(rowNumbers[i] ?? -1);
      if (open === undefined || variant.id === undefined) return;
      const refId = importRef.get(open.storeId) ?? newId();
      importRef.set(open.storeId, refId);
      opening.push({
        storeId: open.storeId,
        variantId: variant.id,
        kind: 'adjustment',
        qtyMilli: toMilli(open.quantity),
        reason: 'opening',
        refType: 'item_import',
        refId,
      });
    });
    await this.db.transaction().execute(async (trx) => {
      await insertItems(trx, rows.items, rows.variants);
      if (opening.length > 0)
        await applyMovements(trx, actor.tenantId, opening, {
          actorId: actor.userId,
          now,
          refuseNegative: true,
        });
      await this.audit.record(trx, actor.audit, {
        action: 'catalog.import',
        objectType: 'item',
        outcome: 'success',
        details: {
          items: rows.items.length,
          variants: rows.variants.length,
          skippedRows: report.skipped,
          openingLines: opening.length,
          stores: importRef.size,
        },
      });
    });
    return report;
  }

  /** The actor may put stock into this store (a row naming another store is that row's problem). */
  async #mayStock(actor: ServiceActor, storeId: string): Promise<void> {
    try {
      await authorizeStore(this.db, actor, 'catalog.manage', storeId);
    } catch (error) {
      // A store outside the actor's scope answers not found (its existence is not told).
      if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found'))
        throw new AppError('validation_failed', 'you may not add stock in this store', 'openingStoreId');
      throw error;
    }
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
