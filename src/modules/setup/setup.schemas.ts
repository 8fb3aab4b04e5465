/** The first-run form's fields, checked alike for the setup page and `tijori init`. */
import { z } from 'zod';
import { validateGstin } from '../../domain/gst/gstin.js';
import { label } from '../../kernel/schema-atoms.js';

const gstinField = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const result = validateGstin(value);
    if (!result.valid) ctx.addIssue({ code: 'custom', message: result.message });
  });

/** The first store's address: given whole (line, city and PIN together) or not at all. */
const addressFields = ['addressLine', 'city', 'pin'] as const;

/** The first store's printed details (the setup page and `tijori init` check the same). */
export const firstStoreFields = z.object({
  tradeName: label(100).optional(),
  addressLine: label(100).optional(),
  city: label(50).optional(),
  pin: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{5}$/, 'must be a six-digit PIN code')
    .optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+ -]{6,20}$/, 'must be a phone number')
    .optional(),
  email: z.email().max(100).optional(),
  upiVpa: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{2,256}@[A-Za-z]{2,64}$/, 'must be a UPI address such as shop@okbank')
    .optional(),
  /** The shop's logo for A4 bills: a PNG or JPEG `data:` URL of at most 96 KB (re-encoded when stored). */
  logo: z
    .string()
    .max(131_104, 'must be an image of at most 96 KB')
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG or JPEG image')
    .optional(),
});

export const setupBody = z
  .object({
    code: z.string().trim().min(8).max(64),
    /** The legal name (as registered for GST). */
    businessName: label(100).pipe(z.string().min(2)),
    gstin: gstinField,
    /** Derived from the GSTIN when not given; a given one must match it. */
    stateCode: z
      .string()
      .regex(/^\d{2}$/, 'two digits, for example 27')
      .optional(),
    storeAddress: z.string().trim().max(300).optional(),
    ...firstStoreFields.shape,
    ownerName: z.string().trim().min(1).max(120).optional(),
    ownerEmail: z.email().max(254),
    ownerPassword: z.string().min(1).max(1024),
    /** Whether a sale may take an item's stock below zero (each negative level raises an alert). */
    negativeStock: z.enum(['allow', 'refuse']).optional(),
    /** Fill the new shop with a sample apparel catalog, stock and fake customers. */
    demo: z.union([z.boolean(), z.literal('on')]).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const given = addressFields.filter((f) => body[f] !== undefined);
    if (given.length > 0)
      for (const field of addressFields)
        if (body[field] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'give the address line, city and PIN together',
          });
  });
