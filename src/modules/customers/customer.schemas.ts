/**
 * Customer shapes: input (personal fields that get encrypted), masked output (the default), the
 * reveal request and answer, lookups (in a body, never in a URL) and the running account.
 */
import { z } from 'zod';
import { revealReasons } from '../auth/step-up.policy.js';
import { id, label, paise, stateCode } from '../../kernel/schema-atoms.js';

export const postalAddress = z
  .object({
    line1: label(120),
    line2: label(120).nullish(),
    city: label(60),
    pincode: z.string().regex(/^[1-9][0-9]{5}$/, 'must be a six-digit PIN code'),
    stateCode,
  })
  .strict();
export type PostalAddressInput = z.infer<typeof postalAddress>;

const fields = {
  name: label(120),
  phone: z.string().trim().min(4).max(24).nullish(),
  email: z.string().trim().min(3).max(254).nullish(),
  gstin: z.string().trim().min(15).max(20).nullish(),
  stateCode: stateCode.nullish(),
  address: postalAddress.nullish(),
  creditLimitPaise: paise,
};

export const customerInput = z.object({ ...fields, creditLimitPaise: paise.default(0) }).strict();
export type CustomerInput = z.infer<typeof customerInput>;

export const customerPatch = z
  .object(fields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type CustomerPatch = z.infer<typeof customerPatch>;

/** A customer as shown by default: personal fields masked. */
export const customerView = z.object({
  id: z.string(),
  registered: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  gstin: z.string().nullable(),
  stateCode: z.string().nullable(),
  hasAddress: z.boolean(),
  creditLimitPaise: z.number(),
  balancePaise: z.number(),
  /** The customer's personal data was erased (crypto-shredded). */
  erased: z.boolean(),
  createdAt: z.string(),
});
export type CustomerView = z.infer<typeof customerView>;

export const revealableFields = ['name', 'phone', 'email', 'gstin', 'address'] as const;
export type RevealableField = (typeof revealableFields)[number];

export const revealRequest = z
  .object({
    fields: z.array(z.enum(revealableFields)).min(1).max(revealableFields.length),
    reason: z
      .object({ category: z.enum(revealReasons), text: z.string().trim().max(500).default('') })
      .strict(),
  })
  .strict();

export const revealedCustomer = z.object({
  id: z.string(),
  name: z.string().nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
  gstin: z.string().nullish(),
  address: z
    .object({
      line1: z.string(),
      line2: z.string().nullish(),
      city: z.string(),
      pincode: z.string(),
      stateCode: z.string(),
    })
    .nullish(),
});
export type RevealedCustomer = z.infer<typeof revealedCustomer>;

/** Exactly one way to look a customer up. */
export const lookupRequest = z.union([
  z.object({ phone: z.string().trim().min(4).max(24) }).strict(),
  z.object({ phoneLast4: z.string().regex(/^\d{4}$/, 'must be four digits') }).strict(),
  z.object({ email: z.string().trim().min(3).max(254) }).strict(),
  z.object({ gstin: z.string().trim().min(15).max(20) }).strict(),
]);
export type LookupRequest = z.infer<typeof lookupRequest>;

export const paymentMethods = ['cash', 'upi', 'card', 'bank'] as const;

export const paymentReceived = z
  .object({ amountPaise: paise.min(1), method: z.enum(paymentMethods) })
  .strict();

export const ledgerEntryView = z.object({
  id: z.string(),
  kind: z.string(),
  amountPaise: z.number(),
  balanceAfterPaise: z.number(),
  method: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryView>;

export const customerParams = z.object({ customerId: id });
