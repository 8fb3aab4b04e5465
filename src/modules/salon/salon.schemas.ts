/** Request shapes of the salon's API (services, appointments, packages, memberships, wallets, notes). */
import { z } from 'zod';
import { hsnSac, id, instant, isoDate, label, paise } from '../../kernel/schema-atoms.js';
import { cartLineInput, paymentInput, type PaymentInput } from '../billing/checkout.schemas.js';
import { revealReasons } from '../auth/step-up.policy.js';

const paymentReference = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9/-]{4,40}$/, 'must be 4 to 40 letters, digits, - or /');

export const serviceInput = z
  .object({
    name: label(120),
    sac: hsnSac.default('999721'),
    pricePaise: paise.min(1),
    priceIncludesTax: z.boolean().default(true),
    durationMinutes: z.number().int().min(5).max(600),
    staffIds: z.array(id).max(50).default([]),
  })
  .strict();
export type ServiceInput = z.infer<typeof serviceInput>;

export const servicePatch = z
  .object({
    durationMinutes: z.number().int().min(5).max(600),
    staffIds: z.array(id).max(50),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type ServicePatch = z.infer<typeof servicePatch>;

export const bookingInput = z
  .object({
    storeId: id,
    staffId: id,
    serviceId: id,
    customerId: id.nullish(),
    /** A booking by phone has a time; a walk-in joins today's queue at the next free minute. */
    source: z.enum(['phone', 'walk_in']),
    startsAt: instant.optional(),
    /** The client agreed to be reminded on this channel (their contact on record). */
    reminder: z.enum(['sms', 'email']).nullish(),
  })
  .strict()
  .refine((b) => b.source === 'walk_in' || b.startsAt !== undefined, {
    message: 'a booking by phone needs a time',
    path: ['startsAt'],
  });
export type BookingInput = z.infer<typeof bookingInput>;

/** A client joining the walk-in queue: the service wanted, optionally a preferred stylist. */
export const walkInInput = z
  .object({
    storeId: id,
    serviceId: id,
    customerId: id.nullish(),
    preferredStaffId: id.nullish(),
  })
  .strict();
export type WalkInInput = z.infer<typeof walkInInput>;

export const walkInAssignInput = z.object({ staffId: id.optional() }).strict();
export const storeQuery = z.object({ storeId: id }).strict();

export const calendarQuery = z
  .object({
    storeId: id,
    date: isoDate,
    view: z.enum(['day', 'week']).default('day'),
    staffId: id.optional(),
  })
  .strict();
export type CalendarQuery = z.infer<typeof calendarQuery>;

export const cancelInput = z
  .object({ outcome: z.enum(['cancelled', 'no_show']), reason: label(200).optional() })
  .strict();

export const packagePlanInput = z
  .object({
    name: label(120),
    serviceId: id,
    sessions: z.number().int().min(1).max(100),
    pricePaise: paise.min(1),
    validityDays: z.number().int().min(1).max(1_830),
    transferable: z.boolean().default(false),
    refundable: z.boolean().default(true),
  })
  .strict();
export type PackagePlanInput = z.infer<typeof packagePlanInput>;

export const membershipPlanInput = z
  .object({
    name: label(120),
    pricePaise: paise.min(1),
    discountPercent: z.number().min(0.01).max(100),
    validityDays: z.number().int().min(1).max(1_830),
  })
  .strict();
export type MembershipPlanInput = z.infer<typeof membershipPlanInput>;

export const walletLoadInput = z
  .object({
    customerId: id,
    paidPaise: paise.min(1),
    valuePaise: paise.min(1),
    method: z.enum(['cash', 'upi', 'card']),
    validityDays: z.number().int().min(1).max(1_830).default(365),
  })
  .strict()
  .refine((w) => w.valuePaise >= w.paidPaise, {
    message: 'value cannot be less than what is paid',
    path: ['valuePaise'],
  });
export type WalletLoadInput = z.infer<typeof walletLoadInput>;

/** A line at the salon's counter: a service or product, a package or membership sold, a session redeemed. */
export const salonLineInput = z.union([
  z
    .object({
      variantId: id,
      quantity: z.number().int().min(1).max(100).default(1),
      staffIds: cartLineInput.shape.staffIds,
      staffShares: cartLineInput.shape.staffShares,
      /** Pay this service with a session of the client's package. */
      packageId: id.optional(),
    })
    .strict(),
  z.object({ packagePlanId: id, staffIds: cartLineInput.shape.staffIds }).strict(),
  z.object({ membershipPlanId: id }).strict(),
]);
export type SalonLineInput = z.infer<typeof salonLineInput>;

export const salonCheckoutInput = z
  .object({
    storeId: id,
    customerId: id.nullish(),
    appointmentId: id.optional(),
    lines: z.array(salonLineInput).min(1).max(100),
    walletId: id.optional(),
    walletPaise: paise.min(1).optional(),
    payments: z.array(paymentInput).max(10).default([]),
  })
  .strict()
  .refine((c) => (c.walletId === undefined) === (c.walletPaise === undefined), {
    message: 'give walletId with walletPaise',
    path: ['walletPaise'],
  });
export type SalonCheckoutInput = z.infer<typeof salonCheckoutInput>;

/** A refund of unused package sessions: UPI and card refunds name their reference (a card its last 4 digits). */
export const refundInput = z
  .object({
    sessions: z.number().int().min(1).max(100),
    method: z.enum(['cash', 'upi', 'card']),
    reference: paymentReference.optional(),
    last4: z
      .string()
      .regex(/^\d{4}$/, 'must be the last 4 digits only')
      .optional(),
    /** A manager's approval of a refund beyond the cashier's allowance. */
    approvalId: id.optional(),
  })
  .strict()
  .refine((r) => r.method === 'cash' || r.reference !== undefined, {
    message: 'a UPI or card refund needs its reference',
    path: ['reference'],
  })
  .refine((r) => r.method !== 'card' || r.last4 !== undefined, {
    message: 'a card refund needs the last 4 digits',
    path: ['last4'],
  });
export type RefundInput = z.infer<typeof refundInput>;

/** The refund as a payment of billing's credit note. */
export function refundPayment(input: RefundInput, amountPaise: number): PaymentInput {
  if (input.method === 'cash') return { method: 'cash', amountPaise };
  const reference = input.reference ?? '';
  if (input.method === 'upi') return { method: 'upi', amountPaise, reference };
  return { method: 'card', amountPaise, reference, last4: input.last4 ?? '' };
}

export const transferInput = z.object({ customerId: id }).strict();

export const commissionRuleInput = z
  .object({
    staffId: id.optional(),
    role: z.string().min(1).max(40).optional(),
    servicePercent: z.number().min(0).max(100),
    productPercent: z.number().min(0).max(100).default(0),
    targetPaise: paise.min(1).optional(),
    targetBonusPercent: z.number().min(0).max(100).optional(),
  })
  .strict()
  .refine((r) => (r.staffId === undefined) !== (r.role === undefined), {
    message: 'give either staffId or role',
    path: ['staffId'],
  });
export type CommissionRuleInput = z.infer<typeof commissionRuleInput>;

export const periodQuery = z.object({ storeId: id, from: isoDate, to: isoDate }).strict();
export type PeriodQuery = z.infer<typeof periodQuery>;

export const noteKinds = ['allergy', 'skin', 'hair', 'colour_formula', 'photo', 'other'] as const;

export const noteInput = z
  .object({
    kind: z.enum(noteKinds),
    text: label(2_000).optional(),
    /** A photo as a data URL (JPEG or PNG, at most 512 KB). */
    photo: z
      .string()
      .max(700_000)
      .regex(/^data:image\/(?:jpeg|png);base64,[A-Za-z0-9+/=]+$/, 'must be a JPEG or PNG image')
      .optional(),
  })
  .strict()
  .refine((n) => n.text !== undefined || n.photo !== undefined, {
    message: 'write a note or add a photo',
    path: ['text'],
  });
export type NoteInput = z.infer<typeof noteInput>;

export const noteReadInput = z
  .object({
    /** A manager's reason (a stylist serving the client now needs none). */
    reason: z
      .object({ category: z.enum(revealReasons), text: z.string().trim().max(500).default('') })
      .strict()
      .optional(),
  })
  .strict();
export type NoteReadInput = z.infer<typeof noteReadInput>;

/** An edit of a note: its new text, its new photo, or both (what is not sent stays). */
export const noteEditInput = z
  .object({
    text: label(2_000).optional(),
    photo: noteInput.shape.photo,
  })
  .strict()
  .refine((n) => n.text !== undefined || n.photo !== undefined, {
    message: 'write the note again or add a photo',
    path: ['text'],
  });
export type NoteEditInput = z.infer<typeof noteEditInput>;

export const salonSettingsInput = z
  .object({
    /** Minutes before an appointment when its reminder is sent: 30 minutes to 3 days. */
    reminderLeadMinutes: z
      .number()
      .int()
      .min(30)
      .max(3 * 24 * 60),
  })
  .strict();
export type SalonSettingsInput = z.infer<typeof salonSettingsInput>;

/** Percent with up to two decimals to basis points. */
export function toBp(percent: number): number {
  return Math.round(percent * 100);
}
