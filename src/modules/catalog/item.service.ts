/**
 * The catalog: goods (HSN) and services (SAC) with variants, barcodes unique per tenant, unit,
 * price and MRP, tax-inclusive flag and rate category. Changes are audited (price changes with
 * the old and new price, which are not personal data).
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ItemVariantsTable, ItemsTable } from '../../db/tables/billing.tables.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { DEFAULT_RATE_CATEGORIES } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../audit/audit.types.js';
import type { BillingActor } from '../billing/billing-actor.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import type {
  ItemInput,
  ItemPatch,
  ItemView,
  VariantInput,
  VariantPatch,
  VariantView,
} from './catalog.schemas.js';
import {
  findItem,
  findSellable,
  insertItems,
  listItems,
  takenCodes,
  toItemView,
  toVariantView,
  type ItemPage,
} from './item.repository.js';

const knownCategories = new Set(DEFAULT_RATE_CATEGORIES.map((c) => c.id));

/** Rules beyond the shape: category, HSN versus SAC, price within MRP, codes unique in the input. */
export function checkItemRules(item: ItemInput, field = ''): void {
  if (!knownCategories.has(item.rateCategory)) throw invalid(`${field}rateCategory`, 'unknown rate category');
  checkKind(item.kind, item.hsnSac, field);
  const seen = { barcode: new Set<string>(), sku: new Set<string>() };
  item.variants.forEach((v, i) => {
    checkMrp(v.pricePaise, v.mrpPaise, item.priceIncludesTax, `${field}variants.${i}`);
    for (const column of ['barcode', 'sku'] as const) {
      const value = v[column];
      if (value === undefined || value === null) continue;
      if (seen[column].has(value))
        throw invalid(`${field}variants.${i}.${column}`, `repeats another variant's ${column}`);
      seen[column].add(value);
    }
  });
}

function checkKind(kind: string, hsnSac: string, field: string): void {
  const service = hsnSac.startsWith('99');
  if (kind === 'services' && !service)
    throw invalid(`${field}hsnSac`, 'a service needs a SAC code (starting 99)');
  if (kind === 'goods' && service)
    throw invalid(`${field}hsnSac`, 'goods need an HSN code (SAC codes start 99)');
}

function checkMrp(price: number, mrp: number | null | undefined, inclusive: boolean, field: string): void {
  // MRP includes every tax, so only a tax-inclusive price compares with it directly.
  if (mrp !== undefined && mrp !== null && inclusive && price > mrp)
    throw invalid(`${field}.pricePaise`, 'must not exceed the MRP');
}

function variantRow(
  tenantId: string,
  itemId: string,
  v: VariantInput,
  now: string,
  position: number,
): Insertable<ItemVariantsTable> {
  return {
    tenant_id: tenantId,
    id: newId(),
    item_id: itemId,
    sku: v.sku ?? null,
    barcode: v.barcode ?? null,
    size: v.size ?? null,
    colour: v.colour ?? null,
    price: v.pricePaise,
    mrp: v.mrpPaise ?? null,
    position,
    active: 1,
    created_at: now,
    updated_at: now,
  };
}

/** Rows for new items, ready to insert. */
export function itemRows(
  tenantId: string,
  items: readonly ItemInput[],
  now: string,
): { items: Insertable<ItemsTable>[]; variants: Insertable<ItemVariantsTable>[] } {
  const out = { items: [] as Insertable<ItemsTable>[], variants: [] as Insertable<ItemVariantsTable>[] };
  for (const item of items) {
    const id = newId();
    out.items.push({
      tenant_id: tenantId,
      id,
      kind: item.kind,
      name: item.name,
      hsn_sac: item.hsnSac,
      uqc: item.uqc,
      rate_category: item.rateCategory,
      price_includes_tax: item.priceIncludesTax ? 1 : 0,
      active: 1,
      created_at: now,
      updated_at: now,
    });
    item.variants.forEach((v, i) => out.variants.push(variantRow(tenantId, id, v, now, i + 1)));
  }
  return out;
}

export class ItemService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async createItem(actor: BillingActor, input: ItemInput): Promise<ItemView> {
    checkItemRules(input);
    await this.#refuseTakenCodes(actor.tenantId, input.variants, 'variants');
    const now = this.clock.now().toISOString();
    const rows = itemRows(actor.tenantId, [input], now);
    const itemId = rows.items[0]?.id ?? '';
    await this.#write(async (trx) => {
      await insertItems(trx, rows.items, rows.variants);
      await this.audit.record(trx, actor.audit, {
        action: 'catalog.item.create',
        objectType: 'item',
        objectId: itemId,
        outcome: 'success',
        details: { variants: rows.variants.length },
      });
    });
    return this.getItem(actor, itemId);
  }

  async getItem(actor: BillingActor, itemId: string): Promise<ItemView> {
    const found = await findItem(this.db, actor.tenantId, itemId);
    if (found === undefined) throw notFound('item');
    return toItemView(found.item, found.variants);
  }

  async listItems(actor: BillingActor, page: ItemPage): Promise<ItemView[]> {
    return listItems(this.db, actor.tenantId, page);
  }

  /** The variant a scanned barcode names, with its item. */
  async findByBarcode(actor: BillingActor, barcode: string): Promise<ItemView> {
    const [row] = await findSellable(this.db, actor.tenantId, { barcodes: [barcode] });
    if (row === undefined) throw notFound('barcode');
    const found = await findItem(this.db, actor.tenantId, row.item_id);
    if (found === undefined) throw notFound('barcode');
    return toItemView(
      found.item,
      found.variants.filter((v) => v.id === row.id),
    );
  }

  async updateItem(actor: BillingActor, itemId: string, patch: ItemPatch): Promise<ItemView> {
    const found = await findItem(this.db, actor.tenantId, itemId);
    if (found === undefined) throw notFound('item');
    const { item } = found;
    if (patch.rateCategory !== undefined && !knownCategories.has(patch.rateCategory))
      throw invalid('rateCategory', 'unknown rate category');
    checkKind(item.kind, patch.hsnSac ?? item.hsn_sac, '');
    await this.#write(async (trx) => {
      await trx
        .updateTable('items')
        .set({
          ...(patch.name === undefined ? {} : { name: patch.name }),
          ...(patch.hsnSac === undefined ? {} : { hsn_sac: patch.hsnSac }),
          ...(patch.uqc === undefined ? {} : { uqc: patch.uqc }),
          ...(patch.rateCategory === undefined ? {} : { rate_category: patch.rateCategory }),
          ...(patch.priceIncludesTax === undefined
            ? {}
            : { price_includes_tax: patch.priceIncludesTax ? 1 : 0 }),
          ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
          updated_at: this.clock.now().toISOString(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', itemId)
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'catalog.item.update',
        objectType: 'item',
        objectId: itemId,
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      });
    });
    return this.getItem(actor, itemId);
  }

  async addVariant(actor: BillingActor, itemId: string, input: VariantInput): Promise<VariantView> {
    const found = await findItem(this.db, actor.tenantId, itemId);
    if (found === undefined) throw notFound('item');
    checkMrp(input.pricePaise, input.mrpPaise, found.item.price_includes_tax === 1, 'body');
    await this.#refuseTakenCodes(actor.tenantId, [input], 'body');
    const position = Math.max(0, ...found.variants.map((v) => v.position)) + 1;
    const row = variantRow(actor.tenantId, itemId, input, this.clock.now().toISOString(), position);
    await this.#write(async (trx) => {
      await trx.insertInto('item_variants').values(row).execute();
      await this.audit.record(trx, actor.audit, {
        action: 'catalog.variant.create',
        objectType: 'item_variant',
        objectId: row.id,
        outcome: 'success',
        details: { itemId },
      });
    });
    const view = (await findItem(this.db, actor.tenantId, itemId))?.variants.find((v) => v.id === row.id);
    if (view === undefined) throw notFound('variant');
    return toVariantView(view);
  }

  async updateVariant(
    actor: BillingActor,
    itemId: string,
    variantId: string,
    patch: VariantPatch,
  ): Promise<VariantView> {
    const found = await findItem(this.db, actor.tenantId, itemId);
    const variant = found?.variants.find((v) => v.id === variantId);
    if (found === undefined || variant === undefined) throw notFound('variant');
    checkMrp(
      patch.pricePaise ?? variant.price,
      patch.mrpPaise === undefined ? variant.mrp : patch.mrpPaise,
      found.item.price_includes_tax === 1,
      'body',
    );
    for (const column of ['barcode', 'sku'] as const) {
      const value = patch[column];
      if (value !== undefined && value !== null) {
        const taken = await takenCodes(this.db, actor.tenantId, column, [value], variantId);
        if (taken.size > 0)
          throw new AppError('conflict', `this ${column} belongs to another item`, `body.${column}`);
      }
    }
    await this.#write(async (trx) => {
      await trx
        .updateTable('item_variants')
        .set({
          ...(patch.sku === undefined ? {} : { sku: patch.sku }),
          ...(patch.barcode === undefined ? {} : { barcode: patch.barcode }),
          ...(patch.size === undefined ? {} : { size: patch.size }),
          ...(patch.colour === undefined ? {} : { colour: patch.colour }),
          ...(patch.pricePaise === undefined ? {} : { price: patch.pricePaise }),
          ...(patch.mrpPaise === undefined ? {} : { mrp: patch.mrpPaise }),
          ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
          updated_at: this.clock.now().toISOString(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', variantId)
        .execute();
      const priceChanged = patch.pricePaise !== undefined && patch.pricePaise !== variant.price;
      await this.audit.record(trx, actor.audit, {
        action: priceChanged ? 'catalog.price.change' : 'catalog.variant.update',
        objectType: 'item_variant',
        objectId: variantId,
        outcome: 'success',
        details: {
          fields: Object.keys(patch),
          ...(priceChanged ? { oldPricePaise: variant.price, newPricePaise: patch.pricePaise ?? 0 } : {}),
        },
      });
    });
    const updated = (await findItem(this.db, actor.tenantId, itemId))?.variants.find(
      (v) => v.id === variantId,
    );
    if (updated === undefined) throw notFound('variant');
    return toVariantView(updated);
  }

  async #refuseTakenCodes(tenantId: string, variants: readonly VariantInput[], field: string): Promise<void> {
    for (const column of ['barcode', 'sku'] as const) {
      const values = variants.map((v) => v[column]).filter((v): v is string => typeof v === 'string');
      const taken = await takenCodes(this.db, tenantId, column, values);
      const at = variants.findIndex((v) => typeof v[column] === 'string' && taken.has(v[column]));
      if (at >= 0) {
        const where = field === 'body' ? `body.${column}` : `${field}.${at}.${column}`;
        throw new AppError('conflict', `this ${column} belongs to another item`, where);
      }
    }
  }

  /** One transaction; a concurrent writer that took the same barcode gets a 409, not a 500. */
  async #write(work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
    try {
      await this.db.transaction().execute(work);
    } catch (error) {
      for (const column of ['barcode', 'sku'])
        if (isUniqueViolation(error, column))
          throw new AppError('conflict', `this ${column} belongs to another item`, column);
      throw error;
    }
  }
}
