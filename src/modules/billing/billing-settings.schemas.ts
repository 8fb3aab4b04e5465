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
  /** Items of different rates sold for one price by an offer: the highest rate (CGST Act s.8(b)) or each its own (ADR 0029). */
  mixedSupplyRule: z.enum(['highest-rate', 'own-rates']),
  /** Paise a person without `discount.override` may pay out on one credit note unasked. */
  refundAllowancePaise: z.number().int().min(0).max(10_000_000_000),
});
export type BillingSettings = z.infer<typeof billingSettings>;

export const billingSettingsPatch = billingSettings
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one setting');

const seriesPrefix = z.string().trim().min(1).max(12);

/** Largest logo accepted, decoded (it is printed small on A4). */
export const MAX_LOGO_BYTES = 96 * 1024;

/** A PNG or JPEG as a `data:` URL whose bytes really are that image type, at most 96 KB. */
export const logoDataUrl = z
  .string()
  .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 32, 'must be an image of at most 96 KB')
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG or JPEG image')
  .refine((value) => {
    const [head, data = ''] = value.split(',', 2);
    const bytes = Buffer.from(data, 'base64');
    const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    return bytes.length <= MAX_LOGO_BYTES && (head?.includes('png') ? png : jpeg);
  }, 'must be a PNG or JPEG image of at most 96 KB');

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
  /** Debit notes' own series (Rule 53). */
  debitNotePrefix: z.string(),
  includeYear: z.boolean(),
  minDigits: z.number(),
  /** The Letter of Undertaking (GST RFD-11) for exports and SEZ supplies without IGST. */
  lutNumber: z.string().nullable(),
  lutDate: z.string().nullable(),
  /** The shop's logo for A4 documents (a PNG or JPEG `data:` URL), or none. */
  logo: z.string().nullable(),
  /** The language the store's receipts and bills print in (labels and headings). */
  receiptLanguage: z.enum(['en', 'hi']),
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
    debitNotePrefix: seriesPrefix,
    includeYear: z.boolean(),
    minDigits: z.number().int().min(1).max(10),
    logo: logoDataUrl.nullable(),
    receiptLanguage: z.enum(['en', 'hi']),
    lutNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9/-]{5,30}$/, 'must be the LUT reference: 5 to 30 letters, digits, / or -')
      .nullable(),
    lutDate: isoDate.nullable(),
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
