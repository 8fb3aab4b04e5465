/**
 * Checkout's request and the document view every billing route answers with. Payment objects
 * are strict: a card is the last 4 digits and a processor reference, and there is no field for a
 * card number or a CVV (an unknown field is refused; a card number in any field is refused by the
 * sensitive-number hook before validation).
 */
import { z } from 'zod';
import { SUPPLY_TYPES } from '../../domain/gst/supply-type.js';
import { code, id, isoDate, paise, quantity, stateCode } from '../../kernel/schema-atoms.js';
import { fertiliserSubsidyInput } from '../agri/agri.schemas.js';
import { appliedOfferView, lineSavingView, saleOffersInput } from '../offers/offer.schemas.js';

const reference = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9/-]{4,40}$/, 'must be 4 to 40 letters, digits, - or /');

export const paymentInput = z.discriminatedUnion('method', [
  /** Cash handed over; anything beyond what is due comes back as change. */
  z.object({ method: z.literal('cash'), amountPaise: paise }).strict(),
  z.object({ method: z.literal('upi'), amountPaise: paise.min(1), reference }).strict(),
  z
    .object({
      method: z.literal('card'),
      amountPaise: paise.min(1),
      last4: z.string().regex(/^\d{4}$/, 'must be the last 4 digits only'),
      reference,
    })
    .strict(),
  /** On the customer's account (khata), within their credit limit. */
  z.object({ method: z.literal('credit'), amountPaise: paise.min(1) }).strict(),
]);
export type PaymentInput = z.infer<typeof paymentInput>;

export const cartLineInput = z
  .object({
    variantId: id.optional(),
    barcode: code.optional(),
    quantity,
    /** A price other than the catalog's (needs `discount.override`). */
    unitPricePaise: paise.optional(),
    /** Discount on the whole line, in the price's terms (needs `discount.override`). */
    discountPaise: paise.optional(),
    /** The staff who performed a service line (salon), with their shares in basis points. */
    staffIds: z.array(id).min(1).max(4).optional(),
    staffShares: z.array(z.number().int().min(1).max(10_000)).min(1).max(4).optional(),
    /** The batch the cashier chose (agri inputs; absent: earliest expiry first). */
    batchId: id.optional(),
  })
  .strict()
  .refine((l) => (l.variantId === undefined) !== (l.barcode === undefined), {
    message: 'give either variantId or barcode',
    path: ['variantId'],
  });
export type CartLine = z.infer<typeof cartLineInput>;

/** How a bill is supplied: regular, to an SEZ or an export, with or without IGST. */
export const supplyType = z.enum(SUPPLY_TYPES);

/** What is known of an export when it is billed (the shipping bill may come later). */
export const exportDetailsInput = z
  .object({
    countryCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be the two-letter country code (AE, US)'),
    portCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}[A-Z0-9]{4}$/, 'must be the six-character port code (INNSA1)')
      .optional(),
    shippingBillNumber: z
      .string()
      .trim()
      .regex(/^[0-9]{3,7}$/, 'must be the shipping bill number: 3 to 7 digits')
      .optional(),
    shippingBillDate: isoDate.optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'must be the three-letter currency code (USD)')
      .optional(),
  })
  .strict()
  .refine((e) => (e.shippingBillNumber === undefined) === (e.shippingBillDate === undefined), {
    message: 'give the shipping bill number and its date together',
    path: ['shippingBillDate'],
  });
export type ExportDetailsInput = z.infer<typeof exportDetailsInput>;

export const checkoutInput = z
  .object({
    storeId: id,
    counterId: id.optional(),
    customerId: id.nullish(),
    /** Goods delivered to another state (place of supply is where the movement ends). */
    delivery: z.object({ stateCode }).strict().optional(),
    lines: z.array(cartLineInput).min(1).max(500),
    payments: z.array(paymentInput).max(10).default([]),
    /** A manager's approval of a discount beyond the cashier's allowance (POST /discount-approvals). */
    approvalId: id.optional(),
    /** Coupons, offers left out, offers a manager applies (issue 15). */
    offers: saleOffersInput.optional(),
    /** Subsidised fertiliser sold through the government PoS (issue 17). */
    fertiliserSubsidy: fertiliserSubsidyInput.optional(),
    /** Default `regular`: exports and supplies to an SEZ are zero-rated (issue 18). */
    supplyType: supplyType.optional(),
    /** Exports: destination, port and shipping bill as far as known. */
    export: exportDetailsInput.optional(),
  })
  .strict();

export type CheckoutInput = z.infer<typeof checkoutInput>;

/** A credit note's line: a return of a quantity (restocked unless told), or a value correction. */
export const returnLine = z
  .object({ lineNumber: z.number().int().min(1), quantity, restock: z.boolean().optional() })
  .strict();
export const noteLine = z.union([
  returnLine,
  z.object({ lineNumber: z.number().int().min(1), amountPaise: z.number().int().min(1) }).strict(),
]);

/** `Idempotency-Key`: one per sale, so a retried request cannot bill twice. */
export const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'must be 8 to 100 letters, digits or _.:-');

const taxes = z.object({
  cgst: z.number(),
  sgst: z.number(),
  utgst: z.number(),
  igst: z.number(),
  cess: z.number(),
});

export const documentView = z.object({
  id: z.string(),
  type: z.enum(['invoice', 'credit-note', 'debit-note']),
  kind: z.enum(['tax-invoice', 'bill-of-supply', 'invoice-cum-bill-of-supply']),
  number: z.string(),
  date: z.string(),
  issuedAt: z.string(),
  status: z.enum(['issued', 'cancelled']),
  storeId: z.string(),
  customerId: z.string().nullable(),
  /** Masked: the documents themselves print what the law requires. */
  buyer: z
    .object({
      registered: z.boolean(),
      gstin: z.string().nullable(),
      name: z.string().nullable(),
      stateCode: z.string().nullable(),
    })
    .nullable(),
  placeOfSupply: z.string(),
  regime: z.enum(['cgst-sgst', 'cgst-utgst', 'igst', 'none']),
  supplyType: supplyType,
  exportDetails: z
    .object({
      countryCode: z.string().nullish(),
      portCode: z.string().nullish(),
      shippingBillNumber: z.string().nullish(),
      shippingBillDate: z.string().nullish(),
      currency: z.string().nullish(),
    })
    .nullable(),
  lut: z.object({ number: z.string(), date: z.string() }).nullable(),
  lines: z.array(
    z.object({
      number: z.number(),
      variantId: z.string().nullable(),
      description: z.string(),
      hsnSac: z.string(),
      quantity: z.number(),
      unit: z.string(),
      unitPricePaise: z.number(),
      priceIncludesTax: z.boolean(),
      grossPaise: z.number(),
      discountPaise: z.number(),
      taxablePaise: z.number(),
      supply: z.string(),
      rate: z.number(),
      taxes,
      totalPaise: z.number(),
      /** What the line saved, by price list and offer (issue 15). */
      savings: z.array(lineSavingView).optional(),
    }),
  ),
  totals: z.object({
    grossPaise: z.number(),
    discountPaise: z.number(),
    taxablePaise: z.number(),
    taxes,
    taxPaise: z.number(),
    exactTotalPaise: z.number(),
    roundOffPaise: z.number(),
    totalPaise: z.number(),
  }),
  payments: z.array(
    z.object({
      method: z.string(),
      amountPaise: z.number(),
      changePaise: z.number(),
      cardLast4: z.string().nullable(),
      reference: z.string().nullable(),
    }),
  ),
  original: z.object({ id: z.string().nullable(), number: z.string(), date: z.string() }).nullable(),
  reason: z.string().nullable(),
  exchangeId: z.string().nullable(),
  notes: z.array(z.object({ line: z.number(), code: z.string(), message: z.string() })),
  /** The offers applied and what the customer saved in all (issue 15). */
  offers: z.array(appliedOfferView).optional(),
  savedPaise: z.number().optional(),
  /** True when this answers a repeated idempotency key with the first request's document. */
  replayed: z.boolean(),
});
export type DocumentView = z.infer<typeof documentView>;
