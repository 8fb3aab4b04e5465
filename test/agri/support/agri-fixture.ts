/**
 * An agri-input shop for tests: the billing fixture's shop (12:00 IST on 15 May 2026) with agri
 * billing over it, the category "Pesticides" kept per batch under the pesticide licence (valid to
 * 31 March 2027), and helpers to make a pesticide item and receive batches of it.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Engine } from '../../../src/db/database.js';
import type { Database } from '../../../src/db/schema.js';
import { createAgri, type Agri } from '../../../src/modules/agri/agri.module.js';
import { RevealGate } from '../../../src/modules/auth/step-up.policy.js';
import { noMailSender } from '../../../src/modules/notify/mail-sender.js';
import { NotificationOutbox } from '../../../src/modules/notify/outbox.js';
import { createBillingFixture, type BillingFixture } from '../../billing/support/billing-fixture.js';
import { tableAuditRecorder } from '../../billing/support/table-audit.js';

export interface AgriFixture extends BillingFixture {
  agri: Agri;
}

export const PESTICIDES = 'Pesticides';

export async function createAgriFixture(db: Kysely<Database>, engine: Engine): Promise<AgriFixture> {
  const f = await createBillingFixture(db, engine, { tenantName: 'Kisan Krishi Kendra' });
  const agri = createAgri({
    db,
    clock: f.clock,
    audit: tableAuditRecorder,
    checkout: f.billing.checkout,
    receipts: f.billing.receipts,
    documents: f.billing.documents,
    creditNotes: f.billing.creditNotes,
    customers: f.billing.customers,
    reveal: new RevealGate(tableAuditRecorder, f.clock),
    outbox: new NotificationOutbox({ db, clock: f.clock, mail: noMailSender }),
  });
  await agri.batches.setCategoryRule(f.operator, {
    category: PESTICIDES,
    needsBatch: true,
    licenceKind: 'pesticide',
  });
  await agri.licences.set(f.operator, f.tenant.storeId, 'pesticide', {
    number: 'GJ/AHD/INS/2024/0815',
    validFrom: '2024-04-01',
    validUntil: '2027-03-31',
  });
  return { ...f, agri };
}

/** A new pesticide item (18 %, Rs 450 a bottle inclusive), category "Pesticides". */
export async function newPesticide(f: AgriFixture, category = PESTICIDES): Promise<string> {
  const item = await f.billing.items.createItem(f.operator, {
    kind: 'goods',
    name: `Chlorpyriphos 20% EC 500 ml ${randomBytes(2).toString('hex')}`,
    hsnSac: '3808',
    uqc: 'BTL',
    rateCategory: 'gst-18',
    priceIncludesTax: true,
    category,
    variants: [{ pricePaise: 45_000 }],
  });
  return item.variants[0]?.id ?? '';
}

/** Receives batches of a variant (one supplier invoice per call). */
export async function receiveBatches(
  f: AgriFixture,
  variantId: string,
  batches: { batchNo: string; expiryDate: string; quantity: number; mfgDate?: string }[],
) {
  return f.billing.receipts.receive(f.operator, {
    storeId: f.tenant.storeId,
    supplierName: 'Rallis India Ltd',
    supplierInvoiceNo: `R-${randomBytes(3).toString('hex')}`,
    supplierInvoiceDate: '2026-05-14',
    lines: batches.map((b) => ({
      variantId,
      quantity: b.quantity,
      unitCostPaise: 30_000,
      batch: { batchNo: b.batchNo, expiryDate: b.expiryDate, ...(b.mfgDate ? { mfgDate: b.mfgDate } : {}) },
    })),
  });
}
