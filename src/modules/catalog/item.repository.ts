/**
 * Items and variants in the database: inserts, tenant-scoped reads (by id, page, barcode) and
 * the joined rows checkout prices from. Every query names its tenant.
 */
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ItemVariantsTable, ItemsTable } from '../../db/tables/billing.tables.js';
import type { ItemView, VariantView } from './catalog.schemas.js';

export type ItemRow = Selectable<ItemsTable>;
export type VariantRow = Selectable<ItemVariantsTable>;

/** A variant with the item fields that pricing needs. */
export interface SellableRow extends VariantRow {
  item_kind: string;
  name: string;
  hsn_sac: string;
  uqc: string;
  rate_category: string;
  price_includes_tax: number;
  item_active: number;
  brand: string | null;
  category: string | null;
  collection: string | null;
}

export function toVariantView(v: VariantRow): VariantView {
  return {
    id: v.id,
    sku: v.sku,
    barcode: v.barcode,
    size: v.size,
    colour: v.colour,
    pricePaise: v.price,
    mrpPaise: v.mrp,
    active: v.active === 1,
  };
}

export function toItemView(item: ItemRow, variants: readonly VariantRow[]): ItemView {
  return {
    id: item.id,
    kind: item.kind === 'services' ? 'services' : 'goods',
    name: item.name,
    hsnSac: item.hsn_sac,
    uqc: item.uqc,
    rateCategory: item.rate_category,
    priceIncludesTax: item.price_includes_tax === 1,
    active: item.active === 1,
    brand: item.brand,
    category: item.category,
    collection: item.collection,
    variants: variants.map(toVariantView),
  };
}

export async function insertItems(
  trx: Kysely<Database>,
  items: readonly Insertable<ItemsTable>[],
  variants: readonly Insertable<ItemVariantsTable>[],
): Promise<void> {
  // Chunks keep each statement under the engines' bound-parameter limits.
  for (let i = 0; i < items.length; i += 500)
    await trx
      .insertInto('items')
      .values(items.slice(i, i + 500))
      .execute();
  for (let i = 0; i < variants.length; i += 500)
    await trx
      .insertInto('item_variants')
      .values(variants.slice(i, i + 500))
      .execute();
}

export async function findItem(
  db: Kysely<Database>,
  tenantId: string,
  itemId: string,
): Promise<{ item: ItemRow; variants: VariantRow[] } | undefined> {
  const item = await db
    .selectFrom('items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (item === undefined) return undefined;
  return { item, variants: await variantsOf(db, tenantId, [itemId]) };
}

export async function variantsOf(
  db: Kysely<Database>,
  tenantId: string,
  itemIds: readonly string[],
): Promise<VariantRow[]> {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('item_variants')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('item_id', 'in', [...itemIds])
    .orderBy('item_id')
    .orderBy('position')
    .execute();
}

export interface ItemPage {
  q?: string;
  includeInactive: boolean;
  after?: string;
  limit: number;
}

/** A page of items ordered by name, each with its variants. */
export async function listItems(db: Kysely<Database>, tenantId: string, page: ItemPage): Promise<ItemView[]> {
  let query = db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId);
  if (!page.includeInactive) query = query.where('active', '=', 1);
  if (page.q !== undefined && page.q !== '') {
    const pattern = `%${page.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
  }
  if (page.after !== undefined) {
    const cursor = await db
      .selectFrom('items')
      .select(['name', 'id'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', page.after)
      .executeTakeFirst();
    if (cursor !== undefined)
      query = query.where((eb) =>
        eb.or([
          eb('name', '>', cursor.name),
          eb.and([eb('name', '=', cursor.name), eb('id', '>', cursor.id)]),
        ]),
      );
  }
  const items = await query.orderBy('name').orderBy('id').limit(page.limit).execute();
  const variants = await variantsOf(
    db,
    tenantId,
    items.map((i) => i.id),
  );
  return items.map((item) =>
    toItemView(
      item,
      variants.filter((v) => v.item_id === item.id && (page.includeInactive || v.active === 1)),
    ),
  );
}

// Columns listed, not `v.*`: PostgreSQL can then keep the statement prepared (ADR 0019).
function sellableQuery(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('item_variants as v')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
    )
    .select([
      'v.tenant_id',
      'v.id',
      'v.item_id',
      'v.sku',
      'v.barcode',
      'v.size',
      'v.colour',
      'v.price',
      'v.mrp',
      'v.position',
      'v.active',
      'v.created_at',
      'v.updated_at',
      'i.kind as item_kind',
      'i.name',
      'i.hsn_sac',
      'i.uqc',
      'i.rate_category',
      'i.price_includes_tax',
      'i.active as item_active',
      'i.brand',
      'i.category',
      'i.collection',
    ])
    .where('v.tenant_id', '=', tenantId);
}

/** Every variant still sold (item and variant active), for the offline counter's catalog. */
export async function listSellable(
  db: Kysely<Database>,
  tenantId: string,
  limit: number,
): Promise<SellableRow[]> {
  return sellableQuery(db, tenantId)
    .where('v.active', '=', 1)
    .where('i.active', '=', 1)
    .orderBy('v.id')
    .limit(limit)
    .execute();
}

/** Variants with their items, by variant id or by barcode. */
export async function findSellable(
  db: Kysely<Database>,
  tenantId: string,
  by: { ids?: readonly string[]; barcodes?: readonly string[] },
): Promise<SellableRow[]> {
  const ids = [...new Set(by.ids ?? [])];
  const barcodes = [...new Set(by.barcodes ?? [])];
  if (ids.length === 0 && barcodes.length === 0) return [];
  return sellableQuery(db, tenantId)
    .where((eb) =>
      eb.or([
        ...(ids.length > 0 ? [eb('v.id', 'in', ids)] : []),
        ...(barcodes.length > 0 ? [eb('v.barcode', 'in', barcodes)] : []),
      ]),
    )
    .execute();
}

/** Which of these barcodes or SKUs already belong to a variant (other than `exceptVariantId`). */
export async function takenCodes(
  db: Kysely<Database>,
  tenantId: string,
  column: 'barcode' | 'sku',
  values: readonly string[],
  exceptVariantId?: string,
): Promise<Set<string>> {
  const unique = [...new Set(values)];
  const taken = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    let query = db
      .selectFrom('item_variants')
      .select(column)
      .where('tenant_id', '=', tenantId)
      .where(column, 'in', unique.slice(i, i + 500));
    if (exceptVariantId !== undefined) query = query.where('id', '!=', exceptVariantId);
    for (const row of await query.execute()) if (row[column] !== null) taken.add(row[column]);
  }
  return taken;
}
