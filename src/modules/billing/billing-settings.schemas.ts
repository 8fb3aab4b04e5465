/** Shapes of the shop's billing settings, store profiles (as printed, with series formats) and rate corrections. */
import { z } from 'zod';
import { id, isoDate, label } from '../../kernel/schema-atoms.js';

export const billingSettings = z.object({
  inclusiveBand: z.enum(['higher-rate', 'lower-rate', 'refuse']),
  thresholdBasis: z.enum(['taxable-value', 'price-with-tax']),
  roundOff: z.enum(['rupee', 'none']),
  negativeStock: z.enum(['allow', 'refuse']),
  upiVpa: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{2,256}@[A-Za-z]{2,64}$/, 'must be a UPI address such as shop@okbank')
    .nullable(),
  upiPayeeName: label(60).nullable(),
  turnoverAbove5Cr: z.boolean(),
  /** Percent of a line's price a person without `discount.override` may take off unasked. */
  discountAllowancePercent: z.number().int().min(0).max(100),
  /** Paise a person without `discount.override` may pay out on one credit note unasked. */
  refundAllowancePaise: z.number().int().min(0).max(10_000_000_000),
});
export type BillingSettings = z.infer<typeof billingSettings>;

export const billingSettingsPatch = billingSettings
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one setting');

const seriesPrefix = z.string().trim().min(1).max(12);

export const storeProfile = z.object({
  storeId: z.string(),
  gstin: z.string(),
  stateCode: z.string(),
  legalName: z.string(),
  tradeName: z.string().nullable(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  pincode: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  registration: z.enum(['regular', 'composition']),
  invoicePrefix: z.string(),
  creditNotePrefix: z.string(),
  includeYear: z.boolean(),
  minDigits: z.number(),
  /** When a changed series format starts: today if no document of this year used the old one. */
  seriesFormatFrom: z.string().optional(),
});
export type StoreProfile = z.infer<typeof storeProfile>;

export const storeProfilePatch = z
  .object({
    legalName: label(100),
    tradeName: label(100).nullable(),
    addressLine1: label(100),
    addressLine2: label(100).nullable(),
    city: label(50),
    pincode: z.string().regex(/^[1-9][0-9]{5}$/, 'must be a six-digit PIN code'),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+ -]{6,20}$/, 'must be a phone number')
      .nullable(),
    email: z.email().max(100).nullable(),
    registration: z.enum(['regular', 'composition']),
    invoicePrefix: seriesPrefix,
    creditNotePrefix: seriesPrefix,
    includeYear: z.boolean(),
    minDigits: z.number().int().min(1).max(10),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type StoreProfilePatch = z.infer<typeof storeProfilePatch>;

export const rateRule = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('flat'), rate: z.number().int(), cessRate: z.number().int().optional() })
    .strict(),
  z.object({ kind: z.literal('zero'), supply: z.enum(['nil', 'exempt', 'non-gst']) }).strict(),
  z
    .object({
      kind: z.literal('per-piece-threshold'),
      thresholdPaise: z.number().int(),
      lowRate: z.number().int(),
      highRate: z.number().int(),
    })
    .strict(),
  z.object({ kind: z.literal('withdrawn') }).strict(),
]);

export const rateOverrideInput = z
  .object({
    category: z.string().min(1).max(40),
    effectiveFrom: isoDate,
    rule: rateRule,
    verified: z.boolean().default(false),
    source: label(200),
  })
  .strict();
export type RateOverrideInput = z.infer<typeof rateOverrideInput>;

export const rateEntryView = z.object({
  category: z.string(),
  effectiveFrom: z.string(),
  rule: rateRule,
  verified: z.boolean(),
  source: z.string(),
  origin: z.enum(['default', 'shop']),
});

export const rateCategoryView = z.object({
  id: z.string(),
  name: z.string(),
  hsnHints: z.array(z.string()),
  entries: z.array(rateEntryView),
});

export const storeParams = z.object({ storeId: id });
