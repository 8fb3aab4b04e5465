/**
 * The catalog's input and output shapes: items (goods with HSN, services with SAC) and their
 * variants (size, colour, barcode, price, MRP). The same schemas check API bodies and CSV rows.
 */
import { z } from 'zod';
import { code, hsnSac, id, label, paise, quantity, uqc } from '../../kernel/schema-atoms.js';

export const variantInput = z
  .object({
    sku: code.nullish(),
    barcode: code.nullish(),
    size: label(40).nullish(),
    colour: label(40).nullish(),
    pricePaise: paise,
    mrpPaise: paise.nullish(),
  })
  .strict();
export type VariantInput = z.infer<typeof variantInput>;

/** A variant of a new item, with the stock it starts with in the item's opening store. */
export const newVariantInput = variantInput.extend({ openingQuantity: quantity.optional() }).strict();

export const itemInput = z
  .object({
    kind: z.enum(['goods', 'services']),
    name: label(120),
    hsnSac,
    uqc: uqc.default('PCS'),
    rateCategory: z.string().min(1).max(40),
    priceIncludesTax: z.boolean().default(true),
    /** What offers and price lists select on. */
    brand: label(60).nullish(),
    category: label(60).nullish(),
    collection: label(60).nullish(),
    variants: z.array(newVariantInput).min(1, 'an item needs at least one variant').max(200),
    /** Give variants without a barcode one in the shop's own (in-store EAN-13) range. */
    generateBarcodes: z.boolean().optional(),
    /** The store that holds the variants' opening quantities. */
    openingStoreId: id.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const opening = input.variants.some((v) => v.openingQuantity !== undefined);
    if (opening && input.openingStoreId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['openingStoreId'],
        message: 'name the store that holds the opening stock',
      });
    if (opening && input.kind === 'services')
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'services hold no stock' });
    const sizes = new Set<string>();
    input.variants.forEach((v, i) => {
      const key = `${v.size ?? ''}\u0000${v.colour ?? ''}`;
      if (sizes.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'size'],
          message: 'this size and colour is already in the item',
        });
      sizes.add(key);
    });
  });
export type ItemInput = z.infer<typeof itemInput>;

export const itemPatch = z
  .object({
    name: label(120),
    hsnSac,
    uqc,
    rateCategory: z.string().min(1).max(40),
    priceIncludesTax: z.boolean(),
    active: z.boolean(),
    brand: label(60).nullable(),
    category: label(60).nullable(),
    collection: label(60).nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type ItemPatch = z.infer<typeof itemPatch>;

export const variantPatch = z
  .object({
    sku: code.nullable(),
    barcode: code.nullable(),
    size: label(40).nullable(),
    colour: label(40).nullable(),
    pricePaise: paise,
    mrpPaise: paise.nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type VariantPatch = z.infer<typeof variantPatch>;

export const variantView = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  size: z.string().nullable(),
  colour: z.string().nullable(),
  pricePaise: z.number(),
  mrpPaise: z.number().nullable(),
  active: z.boolean(),
});
export type VariantView = z.infer<typeof variantView>;

export const itemView = z.object({
  id: z.string(),
  kind: z.enum(['goods', 'services']),
  name: z.string(),
  hsnSac: z.string(),
  uqc: z.string(),
  rateCategory: z.string(),
  priceIncludesTax: z.boolean(),
  active: z.boolean(),
  brand: z.string().nullable(),
  category: z.string().nullable(),
  collection: z.string().nullable(),
  variants: z.array(variantView),
});
export type ItemView = z.infer<typeof itemView>;

export const itemListQuery = z
  .object({
    q: z.string().trim().max(60).optional(),
    includeInactive: z.enum(['true', 'false']).default('false'),
    after: id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const itemParams = z.object({ itemId: id });
export const variantParams = z.object({ itemId: id, variantId: id });
