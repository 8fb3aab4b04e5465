/**
 * The structure of an e-invoice (IRP JSON schema 1.1) as a zod schema: required sections and
 * fields, lengths and formats (GSTIN, dates dd/mm/yyyy, document numbers, PIN codes, state
 * codes, decimals). Only the fields Tijori produces are typed; the arithmetic rules live in
 * `e-invoice.validator.ts`.
 */
import { z } from 'zod';

const gstin = z.string().regex(/^([0-9]{2}[0-9A-Z]{13})$/, 'a 15-character GSTIN');
const stateCode = z.string().regex(/^(?:0[1-9]|[1-3][0-9]|9[67])$/, 'a two-digit state code');
const text = (min: number, max: number) => z.string().min(min).max(max);
const pin = z.number().int().min(100000).max(999999);
/** A number with at most `places` decimals (checked on the decimal text, so 0.1 + 0.2 passes). */
const decimal = (places: number, min = 0, max = 999_999_999_999.99) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine((n) => Number.isFinite(n) && Math.abs(Math.round(n * 10 ** places) - n * 10 ** places) < 1e-6, {
      message: `at most ${places} decimals`,
    });
const amount = decimal(2);
const GST_RATES = [0, 0.1, 0.25, 1, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40];

const party = {
  Gstin: gstin,
  LglNm: text(3, 100),
  TrdNm: text(3, 100).optional(),
  Addr1: text(1, 100),
  Addr2: text(3, 100).optional(),
  Loc: text(3, 50),
  Pin: pin,
  Stcd: stateCode,
  Ph: z
    .string()
    .regex(/^[0-9]{6,12}$/)
    .optional(),
  Em: z
    .string()
    .min(6)
    .max(100)
    .regex(/^[^@\s]+@[^@\s]+$/)
    .optional(),
};

export const eInvoiceItemSchema = z.object({
  SlNo: z.string().regex(/^[0-9]{1,6}$/),
  PrdDesc: text(3, 300).optional(),
  IsServc: z.enum(['Y', 'N']),
  HsnCd: z.string().regex(/^[0-9]{4}(?:[0-9]{2}){0,2}$/, 'an HSN or SAC code of 4, 6 or 8 digits'),
  Qty: decimal(3).optional(),
  Unit: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  UnitPrice: decimal(3),
  TotAmt: amount,
  Discount: amount.optional(),
  AssAmt: amount,
  GstRt: z.number().refine((r) => GST_RATES.includes(r), { message: 'a notified GST rate' }),
  IgstAmt: amount.optional(),
  CgstAmt: amount.optional(),
  SgstAmt: amount.optional(),
  CesRt: decimal(3, 0, 100).optional(),
  CesAmt: amount.optional(),
  TotItemVal: amount,
});

export const eInvoiceSchema = z.object({
  Version: z.literal('1.1'),
  TranDtls: z.object({
    TaxSch: z.literal('GST'),
    SupTyp: z.enum(['B2B', 'SEZWP', 'SEZWOP', 'EXPWP', 'EXPWOP', 'DEXP']),
    RegRev: z.enum(['Y', 'N']).optional(),
    IgstOnIntra: z.enum(['Y', 'N']).optional(),
  }),
  DocDtls: z.object({
    Typ: z.enum(['INV', 'CRN', 'DBN']),
    No: z
      .string()
      .regex(
        /^[A-Z1-9][A-Z0-9/-]{0,15}$/,
        'at most 16 capital letters, digits, / and -, not starting with 0, / or -',
      ),
    Dt: z.string().regex(/^(0[1-9]|[12][0-9]|3[01])\/(0[1-9]|1[0-2])\/(20[0-9]{2})$/, 'a date as dd/mm/yyyy'),
  }),
  SellerDtls: z.object(party),
  /** `URP` (unregistered person) for an overseas buyer, with state 96 and PIN 999999. */
  BuyerDtls: z.object({ ...party, Gstin: z.union([gstin, z.literal('URP')]), Pos: stateCode }),
  /** Credit and debit notes: the preceding documents they adjust (`PrecDocDtls`, Rule 53). */
  RefDtls: z
    .object({
      InvRm: z.string().min(3).max(100).optional(),
      PrecDocDtls: z
        .array(
          z.object({
            InvNo: z.string().regex(/^[A-Za-z1-9][A-Za-z0-9/-]{0,15}$/, 'the preceding document number'),
            InvDt: z
              .string()
              .regex(/^(0[1-9]|[12][0-9]|3[01])\/(0[1-9]|1[0-2])\/(20[0-9]{2})$/, 'a date as dd/mm/yyyy'),
            OthRefNo: z.string().min(1).max(20).optional(),
          }),
        )
        .min(1)
        .max(100)
        .optional(),
    })
    .optional(),
  ItemList: z.array(eInvoiceItemSchema).min(1).max(1000),
  /** Exports: shipping bill, port, refund claim, currency and country as far as known. */
  ExpDtls: z
    .object({
      ShipBNo: z.string().min(1).max(20).optional(),
      ShipBDt: z
        .string()
        .regex(/^(0[1-9]|[12][0-9]|3[01])\/(0[1-9]|1[0-2])\/(20[0-9]{2})$/, 'a date as dd/mm/yyyy')
        .optional(),
      Port: z
        .string()
        .regex(/^[A-Z0-9]{2,10}$/)
        .optional(),
      RefClm: z.enum(['Y', 'N']).optional(),
      ForCur: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional(),
      CntCode: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .optional(),
      ExpDuty: amount.optional(),
    })
    .optional(),
  ValDtls: z.object({
    AssVal: amount,
    CgstVal: amount.optional(),
    SgstVal: amount.optional(),
    IgstVal: amount.optional(),
    CesVal: amount.optional(),
    Discount: amount.optional(),
    OthChrg: amount.optional(),
    RndOffAmt: decimal(2, -99.99, 99.99).optional(),
    TotInvVal: amount,
  }),
});

/** An e-invoice as Tijori produces it. */
export type EInvoice = z.infer<typeof eInvoiceSchema>;
