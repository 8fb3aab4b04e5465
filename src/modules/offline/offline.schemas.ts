/**
 * Requests of the offline counter. An offline sale is a walk-in sale paid in cash, UPI (with the
 * reference typed) or card (last 4 and reference): a customer's account, discounts beyond the
 * catalog price, offers chosen by hand and approvals are refused offline by the counter and have
 * no field here.
 */
import { z } from 'zod';
import { id, instant, paise, quantity } from '../../kernel/schema-atoms.js';
import { paymentInput } from '../billing/checkout.schemas.js';

export const openCounterInput = z.object({ storeId: id, counterId: id.optional() }).strict();

const offlinePayment = paymentInput.refine((p) => p.method !== 'credit', {
  message: "a sale on the customer's account needs the server: it cannot be made offline",
});

export const offlineSaleInput = z
  .object({
    blockId: id,
    /** The number the counter took from its block. */
    seq: z.number().int().min(1).max(1e12),
    /** When the sale was made at the counter (UTC instant). */
    madeAt: instant,
    /** The total the counter showed and was paid. */
    expectedTotalPaise: paise,
    sale: z
      .object({
        storeId: id,
        lines: z
          .array(z.object({ variantId: id, quantity, unitPricePaise: paise }).strict())
          .min(1)
          .max(500),
        payments: z.array(offlinePayment).min(1).max(10),
      })
      .strict(),
  })
  .strict();
export type OfflineSaleInput = z.infer<typeof offlineSaleInput>;

export const releaseInput = z.object({ usedTo: z.number().int().min(0).max(1e12) }).strict();
