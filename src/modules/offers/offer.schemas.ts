/**
 * Shapes of price lists, offers and coupons: request bodies (times in IST to the minute, or ISO
 * instants), the engine's rules, and the views the API answers with (instants ISO UTC).
 */
import { z } from 'zod';
import { id, label, paise } from '../../kernel/schema-atoms.js';

const IST_MINUTE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/** `2026-11-20T10:00` read as IST, or an ISO instant with its offset; answers the UTC instant. */
export const istMinute = z
  .string()
  .trim()
  .refine(
    (s) =>
      (IST_MINUTE.test(s) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) &&
      !Number.isNaN(Date.parse(IST_MINUTE.test(s) ? `${s}:00+05:30` : s)),
    'must be a date and time such as 2026-11-20T10:00 (IST)',
  )
  .transform((s) => new Date(Date.parse(IST_MINUTE.test(s) ? `${s}:00+05:30` : s)).toISOString());

/** Basis points of a percentage: 1 to 10000 (0.01 % to 100 %). */
const percentBp = z
  .number()
  .int()
  .min(1, 'must be more than 0')
  .max(10_000, 'must be at most 100 percent (10000)');
const group = label(40);

export const target = z
  .object({
    kind: z.enum(['item', 'variant', 'category', 'brand', 'collection', 'all']),
    value: z.string().trim().max(60).default(''),
  })
  .strict()
  .refine((t) => t.kind === 'all' || t.value !== '', { message: 'name what the target is', path: ['value'] })
  .refine((t) => (t.kind !== 'item' && t.kind !== 'variant') || id.safeParse(t.value).success, {
    message: 'must be an item or variant id',
    path: ['value'],
  });
const targets = z.array(target).min(1).max(50);

const scheduleFields = {
  storeId: id.nullable().default(null),
  customerGroup: group.nullable().default(null),
  startsAt: istMinute,
  endsAt: istMinute.nullable().default(null),
  priority: z.number().int().min(0).max(1000).default(0),
};
const endsAfterStart = (s: { startsAt: string; endsAt: string | null }) =>
  s.endsAt === null || Date.parse(s.endsAt) > Date.parse(s.startsAt);

export const priceListEntry = z
  .object({
    target,
    method: z.enum(['fixed', 'percent-off-mrp', 'percent-off-list']),
    /** Paise for `fixed`, basis points for a percentage. */
    value: z.number().int().min(0).max(1e13),
  })
  .strict()
  .refine((e) => e.method === 'fixed' || (e.value >= 1 && e.value <= 10_000), {
    message: 'a percentage is 1 to 10000 basis points',
    path: ['value'],
  });

export const priceListInput = z
  .object({ name: label(80), ...scheduleFields, entries: z.array(priceListEntry).min(1).max(5000) })
  .strict()
  .refine(endsAfterStart, { message: 'must be after the start', path: ['endsAt'] });
export type PriceListInput = z.infer<typeof priceListInput>;

export const offerRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent-off'), targets, percentBp }).strict(),
  z.object({ kind: z.literal('flat-off'), targets, amountPaise: paise.min(1) }).strict(),
  z
    .object({
      kind: z.literal('buy-x-get-y'),
      buy: z.object({ targets, quantity: z.number().int().min(1).max(100) }).strict(),
      get: z
        .object({ targets, quantity: z.number().int().min(1).max(100), percentBp: percentBp.default(10_000) })
        .strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('bundle'),
      targets,
      quantity: z.number().int().min(2).max(100),
      pricePaise: paise,
    })
    .strict(),
  z
    .object({
      kind: z.literal('bill-threshold'),
      minBillPaise: paise,
      percentBp: percentBp.optional(),
      amountPaise: paise.min(1).optional(),
    })
    .strict()
    .refine((r) => (r.percentBp === undefined) !== (r.amountPaise === undefined), {
      message: 'give either percentBp or amountPaise',
      path: ['percentBp'],
    }),
]);

export const offerInput = z
  .object({
    name: label(80),
    ...scheduleFields,
    stacking: z.enum(['best', 'exclusive', 'stackable']).default('best'),
    couponRequired: z.boolean().default(false),
    rule: offerRule,
  })
  .strict()
  .refine(endsAfterStart, { message: 'must be after the start', path: ['endsAt'] });
export type OfferInput = z.infer<typeof offerInput>;

export const couponCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{3,30}$/, 'must be 3 to 30 letters, digits or -')
  .transform((s) => s.toUpperCase());

export const couponInput = z
  .object({
    code: couponCode,
    offerId: id,
    /** null: unlimited; 1: single use. */
    maxUses: z.number().int().min(1).max(1_000_000).nullable().default(null),
    perCustomerLimit: z.number().int().min(1).max(1000).nullable().default(null),
    minBillPaise: paise.default(0),
    startsAt: istMinute,
    endsAt: istMinute.nullable().default(null),
  })
  .strict()
  .refine(endsAfterStart, { message: 'must be after the start', path: ['endsAt'] });
export type CouponInput = z.infer<typeof couponInput>;

export const statusPatch = z.object({ status: z.enum(['active', 'paused']) }).strict();

const scheduleView = {
  id: z.string(),
  name: z.string(),
  storeId: z.string().nullable(),
  customerGroup: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  priority: z.number(),
  status: z.enum(['active', 'paused']),
};
export const priceListView = z.object({
  ...scheduleView,
  entries: z.array(
    z.object({
      target: z.object({ kind: target.shape.kind, value: z.string() }),
      method: priceListEntry.shape.method,
      value: z.number(),
    }),
  ),
});
export type PriceListView = z.infer<typeof priceListView>;

export const offerView = z.object({
  ...scheduleView,
  kind: z.enum(['percent-off', 'flat-off', 'buy-x-get-y', 'bundle', 'bill-threshold']),
  stacking: z.enum(['best', 'exclusive', 'stackable']),
  couponRequired: z.boolean(),
  rule: z.record(z.string(), z.unknown()),
});
export type OfferView = z.infer<typeof offerView>;

export const couponView = z.object({
  id: z.string(),
  code: z.string(),
  offerId: z.string(),
  maxUses: z.number().nullable(),
  perCustomerLimit: z.number().nullable(),
  minBillPaise: z.number(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  uses: z.number(),
  status: z.enum(['active', 'paused']),
});
export type CouponView = z.infer<typeof couponView>;

/** What the checkout request may say about offers. */
export const saleOffersInput = z
  .object({
    couponCodes: z.array(couponCode).max(5).optional(),
    /** Offers the customer or cashier leaves out of this sale. */
    skip: z.array(id).max(50).optional(),
    /** Offers applied although their conditions do not hold (manager override: `discount.override`). */
    force: z.array(id).max(10).optional(),
  })
  .strict();
export type SaleOffersInput = z.infer<typeof saleOffersInput>;

export const appliedOfferView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  savingPaise: z.number(),
  lines: z.array(z.number()),
  couponCode: z.string().nullable(),
});
export const notAppliedOfferView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  reason: z.string(),
  missing: z.number().optional(),
  reward: z.number().optional(),
});
export const lineSavingView = z.object({
  source: z.enum(['price-list', 'offer']),
  id: z.string(),
  name: z.string(),
  paise: z.number(),
});

export const offerReportQuery = z
  .object({ from: z.iso.date(), to: z.iso.date(), storeId: id.optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export const offerReportRow = z.object({
  date: z.string(),
  storeId: z.string(),
  source: z.enum(['price-list', 'offer']),
  id: z.string(),
  name: z.string(),
  uses: z.number(),
  revenuePaise: z.number(),
  discountPaise: z.number(),
});
export type OfferReportRow = z.infer<typeof offerReportRow>;
