/**
 * Generates an ordinary shop's data through the real services: the demo catalogue (barcodes,
 * sizes, colours) and customers (encrypted), a store profile with the shop's own phone and email,
 * then invoices with random lines, quantities, discounts and tenders (cash, UPI and card with a
 * processor reference, credit), B2B and inter-state sales, credit notes, an exchange and
 * cancellations with notes. A seeded random source keeps every run the same.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import type { CheckoutInput, PaymentInput } from '../../../src/modules/billing/checkout.schemas.js';
import { operatorActor } from '../../../src/kernel/actor.js';
import type { Services } from '../../../src/services.js';

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateOrdinaryShop(
  services: Services,
  db: Kysely<Database>,
  shop: { tenantId: string; storeId: string },
  invoices: number,
): Promise<{ invoices: number; creditNotes: number; cancellations: number }> {
  const rand = random(20261124);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const billing = services.billing;
  const operator = operatorActor(shop.tenantId);
  await billing.settings.updateStoreProfile(operator, shop.storeId, {
    legalName: 'Fake Fabrics Private Limited',
    tradeName: 'Fake Fabrics',
    addressLine1: 'Shop 4, Test Market Road',
    addressLine2: 'Near the clock tower',
    city: 'Ahmedabad',
    pincode: '380009',
    phone: '+91 79 2630 0000',
    email: 'accounts@fakefabrics.example',
  });
  await billing.demo.fill(operator, shop.storeId);
  // Ordered by what the demo data fixed (barcodes, credit limits), so both engines sell the same.
  const variants = (
    await db
      .selectFrom('item_variants')
      .select('id')
      .where('tenant_id', '=', shop.tenantId)
      .orderBy('barcode')
      .execute()
  ).map((v) => v.id);
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'credit_limit'])
    .where('tenant_id', '=', shop.tenantId)
    .orderBy('credit_limit')
    .execute();
  const issued: Array<{ id: string; unitPricePaise: number }> = [];
  for (let i = 0; i < invoices; i += 1) {
    // Every tenth sale, line 1 stays undiscounted: its return is credited at the unit price.
    // At most 3 lines of 2: below Rs 50,000, where a walk-in buyer would have to be named.
    const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, n) => ({
      variantId: pick(variants),
      quantity: 1 + Math.floor(rand() * 2),
      ...(rand() < 0.2 && !(n === 0 && i % 10 === 3)
        ? { discountPaise: 100 * Math.floor(1 + rand() * 50) }
        : {}),
    }));
    const customer = rand() < 0.5 ? pick(customers) : undefined;
    const input: CheckoutInput = {
      storeId: shop.storeId,
      lines,
      ...(customer === undefined ? {} : { customerId: customer.id }),
      ...(rand() < 0.1 ? { delivery: { stateCode: '27' } } : {}),
      payments: [],
    };
    // A part by UPI, card or on credit (never more than the bill), the rest in cash with change.
    const tender = rand();
    const part: PaymentInput | undefined =
      customer !== undefined && customer.credit_limit > 0 && tender < 0.2
        ? { method: 'credit', amountPaise: 100 }
        : tender < 0.5
          ? undefined
          : tender < 0.8
            ? {
                method: 'upi',
                amountPaise: 100,
                reference: String(400_000_000_000 + Math.floor(rand() * 99_999_999_999)),
              }
            : {
                method: 'card',
                amountPaise: 100,
                last4: String(1000 + Math.floor(rand() * 8999)),
                reference: `AUTH${String(Math.floor(rand() * 999_999))}`,
              };
    const payments: PaymentInput[] = [
      ...(part === undefined ? [] : [part]),
      { method: 'cash', amountPaise: 100_000_000 },
    ];
    const doc = await billing.checkout.checkout(operator, { ...input, payments }, `ordinary-${String(i)}`);
    issued.push({ id: doc.id, unitPricePaise: doc.lines[0]?.unitPricePaise ?? 0 });
  }
  let creditNotes = 0;
  let cancellations = 0;
  for (const [i, doc] of issued.entries()) {
    if (i % 10 === 3) {
      await billing.creditNotes.issue(
        operator,
        {
          invoiceId: doc.id,
          reason: 'return',
          lines: [{ lineNumber: 1, quantity: 1, restock: true }],
          refunds: [{ method: 'cash', amountPaise: doc.unitPricePaise }],
        },
        `return-${String(i)}`,
      );
      creditNotes += 1;
    } else if (i % 10 === 7) {
      await billing.invoices.cancel(operator, doc.id, {
        reason: 'other',
        note: `Wrong size billed, reissued as bill ${String(i + 1)}`,
      });
      cancellations += 1;
    }
  }
  return { invoices: issued.length, creditNotes, cancellations };
}
