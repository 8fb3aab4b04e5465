/**
 * The catalog: goods (HSN) and services (SAC) with variants, barcodes unique per tenant, unit,
 * price and MRP, tax-inclusive flag and rate category. Changes are audited (price changes with
 * the old and new price, which are not personal data).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import { requireStore } from '../billing/store.repository.js';
import { authorizeStore } from '../auth/access.policy.js';
import { toMilli } from '../../kernel/schema-atoms.js';
import { nextInStoreBarcodes } from './in-store-barcode.js';
import { applyMovements, type MovementInput } from './stock.repository.js';
import type {
  ItemInput,
  ItemPatch,
  ItemView,
  VariantInput,
  VariantPatch,
  VariantView,
} from './catalog.schemas.js';
import { checkItemRules, checkKind, checkMrp, itemRows, knownCategories, variantRow } from './item.rules.js';
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

export class ItemService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * Creates an item with its variants; in the same transaction, in-store barcodes for variants
   * without one (when asked) and each variant's opening stock in the opening store.
   */
  async createItem(actor: ServiceActor, input: ItemInput): Promise<ItemView> {
    checkItemRules(input);
    await this.#refuseTakenCodes(actor.tenantId, input.variants, 'variants');
    if (input.openingStoreId !== undefined) {
      await requireStore(this.db, actor.tenantId, input.openingStoreId);
      await authorizeStore(this.db, actor, 'catalog.manage', input.openingStoreId);
    }
    const now = this.clock.now().toISOString();
    let itemId = '';
    await this.#write(async (trx) => {
      const missing = input.variants.filter((v) => v.barcode === undefined || v.barcode === null).length;
      const fresh =
        input.generateBarcodes === true ? await nextInStoreBarcodes(trx, actor.tenantId, missing) : [];
      const variants = input.variants.map((v) =>
        (v.barcode === undefined || v.barcode === null) && fresh.length > 0
          ? { ...v, barcode: fresh.shift() }
          : v,
      );
      const rows = itemRows(actor.tenantId, [{ ...input, variants }], now);
      itemId = rows.items[0]?.id ?? '';
      await insertItems(trx, rows.items, rows.variants);
      const opening: MovementInput[] = [];
      input.variants.forEach((v, i) => {
        const variantId = rows.variants[i]?.id;
        if (v.openingQuantity === undefined || variantId === undefined || input.openingStoreId === undefined)
          return;
        opening.push({
          storeId: input.openingStoreId,
          variantId,
          kind: 'adjustment',
          qtyMilli: toMilli(v.openingQuantity),
          reason: 'opening',
          refType: 'item',
          refId: itemId,
        });
      });
      if (opening.length > 0)
        await applyMovements(trx, actor.tenantId, opening, {
          actorId: actor.userId,
          now,
          refuseNegative: true,
        });
      await this.audit.record(trx, actor.audit, {
        action: 'catalog.item.create',
        objectType: 'item',
        objectId: itemId,
        outcome: 'success',
        details: { variants: rows.variants.length, openingLines: opening.length },
      });
    });
    return this.getItem(actor, itemId);
  }

  async getItem(actor: ServiceActor, itemId: string): Promise<ItemView> {
    const found = await findItem(this.db, actor.tenantId, itemId);
    if (found === undefined) throw notFound('item');
    return toItemView(found.item, found.variants);
  }

  async listItems(actor: ServiceActor, page: ItemPage): Promise<ItemView[]> {
    return listItems(this.db, actor.tenantId, page);
  }

  /** The variant a scanned barcode names, with its item. */
  async findByBarcode(actor: ServiceActor, barcode: string): Promise<ItemView> {
    const [row] = await findSellable(this.db, actor.tenantId, { barcodes: [barcode] });
    if (row === undefined) throw notFound('barcode');
    const found = await findItem(this.db, actor.tenantId, row.item_id);
    if (found === undefined) throw notFound('barcode');
    return toItemView(
      found.item,
      found.variants.filter((v) => v.id === row.id),
    );
  }

  async updateItem(actor: ServiceActor, itemId: string, patch: ItemPatch): Promise<ItemView> {
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
          ...(patch.brand === undefined ? {} : { brand: patch.brand }),
          ...(patch.category === undefined ? {} : { category: patch.category }),
          ...(patch.collection === undefined ? {} : { collection: patch.collection }),
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

  async addVariant(actor: ServiceActor, itemId: string, input: VariantInput): Promise<VariantView> {
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
    actor: ServiceActor,
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
