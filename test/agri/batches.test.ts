/**
 * Batches and expiry of agri inputs on both engines (issue 17): goods receipts record batches,
 * FEFO picks the earliest-expiring batch and the cashier may choose another, an expired batch is
 * refused naming its number and date, concurrent sales of a batch's last units never oversell
 * when negative stock is refused, expired stock is moved aside and disposed of, and the stock of
 * every batch equals the sum of its movements.
 */
import { beforeAll, expect, it } from 'vitest';
import type { CheckoutInput } from '../../src/modules/billing/checkout.schemas.js';
import { describeEachEngine } from '../support/engines.js';
import { pdftotext } from '../support/pdf-text.js';
import { key } from '../billing/support/billing-fixture.js';
import { auditEntries } from '../billing/support/table-audit.js';
import { createAgriFixture, newPesticide, receiveBatches, type AgriFixture } from './support/agri-fixture.js';

/** A message matching `pattern` (typed for object matchers). */
const says = (pattern: RegExp): unknown => expect.stringMatching(pattern) as unknown;

describeEachEngine('agri batches and expiry', (getDb, engine) => {
  let f: AgriFixture;
  beforeAll(async () => {
    f = await createAgriFixture(getDb().db, engine);
  });
  const sell = (lines: CheckoutInput['lines'], payPaise = 10_000_000) =>
    f.billing.checkout.checkout(
      f.operator,
      { storeId: f.tenant.storeId, lines, payments: [{ method: 'cash', amountPaise: payPaise }] },
      key(),
    );
  const batchesOf = async (variantId: string) =>
    f.agri.batches.batches(f.operator, { storeId: f.tenant.storeId, variantId, includeEmpty: true });
  const level = async (variantId: string) =>
    (await f.billing.stock.levels(f.operator, { storeId: f.tenant.storeId, variantIds: [variantId] }))[0]
      ?.quantity;
  /** Every batch of the tenant: its stock equals the sum of its movements (sellable and expired). */
  const expectBatchesEqualMovements = async () => {
    const batches = await f.db
      .selectFrom('stock_batches')
      .select(['id', 'qty_milli', 'expired_milli'])
      .where('tenant_id', '=', f.tenant.tenantId)
      .orderBy('id')
      .execute();
    const sums = await f.db
      .selectFrom('batch_movements')
      .select((eb) => [
        'batch_id',
        eb.fn.sum<number>('qty_milli').as('qty'),
        eb.fn.sum<number>('expired_milli').as('expired'),
      ])
      .where('tenant_id', '=', f.tenant.tenantId)
      .groupBy('batch_id')
      .orderBy('batch_id')
      .execute();
    const byId = new Map(sums.map((s) => [s.batch_id, s]));
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) {
      expect(Number(byId.get(b.id)?.qty)).toBe(Number(b.qty_milli));
      expect(Number(byId.get(b.id)?.expired)).toBe(Number(b.expired_milli));
    }
  };

  it('a receipt records each batch; an item kept per batch cannot be received without one', async () => {
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'CP-2605', mfgDate: '2026-04-20', expiryDate: '2028-04-19', quantity: 12 },
    ]);
    const [batch] = await batchesOf(v);
    expect(batch).toMatchObject({
      batchNo: 'CP-2605',
      mfgDate: '2026-04-20',
      expiryDate: '2028-04-19',
      quantity: 12,
      expired: false,
    });
    expect(await level(v)).toBe(12);
    // The same batch again adds to it; with another expiry date it is refused.
    await receiveBatches(f, v, [{ batchNo: 'CP-2605', expiryDate: '2028-04-19', quantity: 3 }]);
    expect((await batchesOf(v)).map((b) => b.quantity)).toEqual([15]);
    await expect(
      receiveBatches(f, v, [{ batchNo: 'CP-2605', expiryDate: '2028-05-01', quantity: 1 }]),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'lines.0.batch.expiryDate',
    });
    await expect(
      f.billing.receipts.receive(f.operator, {
        storeId: f.tenant.storeId,
        supplierName: 'Rallis India Ltd',
        supplierInvoiceNo: 'NB-1',
        supplierInvoiceDate: '2026-05-14',
        lines: [{ variantId: v, quantity: 5, unitCostPaise: 30_000 }],
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'lines.0.batch' });
    // Nothing of the refused receipt was written.
    expect(await level(v)).toBe(15);
    await expect(
      receiveBatches(f, v, [{ batchNo: 'OLD-1', expiryDate: '2026-05-14', quantity: 1 }]),
    ).rejects.toMatchObject({
      field: 'lines.0.batch.expiryDate',
      message: says(/OLD-1 expired on 14-05-2026/),
    });
    await expect(
      receiveBatches(f, v, [
        { batchNo: 'X-1', mfgDate: '2026-06-01', expiryDate: '2027-06-01', quantity: 1 },
      ]),
    ).rejects.toMatchObject({ field: 'lines.0.batch.mfgDate' });
    await expectBatchesEqualMovements();
  });

  it('FEFO sells the earliest-expiring batch first and spills into the next; the cashier may choose another', async () => {
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'LATE-1', expiryDate: '2027-09-30', quantity: 5 },
      { batchNo: 'SOON-1', expiryDate: '2026-07-31', quantity: 5 },
      { batchNo: 'MID-1', expiryDate: '2027-01-31', quantity: 5 },
    ]);
    const first = await sell([{ variantId: v, quantity: 7 }]);
    expect(await f.agri.batches.lineBatches(f.tenant.tenantId, first.id)).toEqual([
      { lineNo: 1, batchNo: 'SOON-1', expiryDate: '2026-07-31', quantity: 5 },
      { lineNo: 1, batchNo: 'MID-1', expiryDate: '2027-01-31', quantity: 2 },
    ]);
    const late = (await batchesOf(v)).find((b) => b.batchNo === 'LATE-1');
    const chosen = await sell([{ variantId: v, quantity: 1, batchId: late?.id }]);
    expect(await f.agri.batches.lineBatches(f.tenant.tenantId, chosen.id)).toEqual([
      { lineNo: 1, batchNo: 'LATE-1', expiryDate: '2027-09-30', quantity: 1 },
    ]);
    expect((await batchesOf(v)).map((b) => [b.batchNo, b.quantity])).toEqual([
      ['SOON-1', 0],
      ['MID-1', 3],
      ['LATE-1', 4],
    ]);
    expect(await level(v)).toBe(7);
    // A batch of another item is not this line's batch.
    const other = await newPesticide(f);
    await receiveBatches(f, other, [{ batchNo: 'OTH-1', expiryDate: '2027-09-30', quantity: 2 }]);
    const otherBatch = (await batchesOf(other))[0];
    await expect(sell([{ variantId: v, quantity: 1, batchId: otherBatch?.id }])).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'lines.0.batchId',
    });
    await expectBatchesEqualMovements();
  });

  it('an expired batch is refused with its number and date, chosen or left as the only stock', async () => {
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'EXP-0601', expiryDate: '2026-06-01', quantity: 4 },
      { batchNo: 'GOOD-2701', expiryDate: '2027-01-01', quantity: 2 },
    ]);
    f.clock.set('2026-06-02T06:30:00.000Z');
    try {
      const expired = (await batchesOf(v)).find((b) => b.batchNo === 'EXP-0601');
      expect(expired).toMatchObject({ expired: true, daysLeft: -1 });
      await expect(sell([{ variantId: v, quantity: 1, batchId: expired?.id }])).rejects.toMatchObject({
        code: 'validation_failed',
        field: 'lines.0.batchId',
        message: says(/batch EXP-0601 expired on 01-06-2026/),
      });
      // FEFO skips the expired batch.
      const sold = await sell([{ variantId: v, quantity: 2 }]);
      expect((await f.agri.batches.lineBatches(f.tenant.tenantId, sold.id)).map((b) => b.batchNo)).toEqual([
        'GOOD-2701',
      ]);
      await f.billing.settings.updateSettings(f.operator, { negativeStock: 'refuse' });
      try {
        await expect(sell([{ variantId: v, quantity: 1 }])).rejects.toMatchObject({
          field: 'lines.0.quantity',
          message: says(/EXP-0601 expired on 01-06-2026/),
        });
      } finally {
        await f.billing.settings.updateSettings(f.operator, { negativeStock: 'allow' });
      }
      // Expired stock goes aside: out of the sellable level, kept for disposal, then disposed.
      expect(await level(v)).toBe(4);
      const moved = await f.agri.batches.segregateExpired(f.operator, f.tenant.storeId);
      expect(moved.find((b) => b.batchNo === 'EXP-0601')).toMatchObject({ quantity: 0, expiredQuantity: 4 });
      expect(await level(v)).toBe(0);
      expect(await f.agri.batches.segregateExpired(f.operator, f.tenant.storeId)).toEqual([]);
      // The dashboard lists it as expired stock awaiting disposal until it is disposed of.
      const awaiting = (await f.agri.batches.nearExpiry(f.operator, 0)).batches.find(
        (b) => b.batchNo === 'EXP-0601',
      );
      expect(awaiting).toMatchObject({ quantity: 0, expiredQuantity: 4, expired: true });
      f.clock.set('2026-06-02T09:00:00.000Z');
      const disposed = await f.agri.batches.dispose(f.operator, expired?.id ?? '', 'returned_to_supplier');
      expect(disposed).toMatchObject({ quantity: 0, expiredQuantity: 0 });
      expect((await f.agri.batches.nearExpiry(f.operator, 0)).batches.map((b) => b.batchNo)).not.toContain(
        'EXP-0601',
      );
      await expect(
        f.agri.batches.dispose(f.operator, expired?.id ?? '', 'returned_to_supplier'),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      const history = await f.agri.batches.batch(f.operator, expired?.id ?? '');
      expect(history.movements.map((m) => [m.kind, m.quantity, m.expiredQuantity])).toEqual([
        ['receipt', 4, 0],
        ['segregate', -4, 4],
        ['dispose', 0, -4],
      ]);
      const actions = (await auditEntries(f.db, f.tenant.tenantId)).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['stock.segregate_expired', 'stock.dispose_expired']));
    } finally {
      f.clock.set('2026-05-15T06:30:00.000Z');
    }
    await expectBatchesEqualMovements();
  });

  it('8 concurrent sales of the last 3 units of a chosen batch sell exactly 3 when negative stock is refused', async () => {
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'LAST-3', expiryDate: '2026-08-31', quantity: 3 },
      { batchNo: 'PLENTY', expiryDate: '2027-08-31', quantity: 20 },
    ]);
    const last = (await batchesOf(v)).find((b) => b.batchNo === 'LAST-3');
    await f.billing.settings.updateSettings(f.operator, { negativeStock: 'refuse' });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => sell([{ variantId: v, quantity: 1, batchId: last?.id }])),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(3);
      expect(refused).toHaveLength(5);
      for (const r of refused)
        expect(r.reason).toMatchObject({
          code: 'conflict',
          field: 'lines.0.batchId',
          message: says(/LAST-3 has only 0 left/),
        });
      expect((await batchesOf(v)).map((b) => [b.batchNo, b.quantity])).toEqual([
        ['LAST-3', 0],
        ['PLENTY', 20],
      ]);
      expect(await level(v)).toBe(20);
    } finally {
      await f.billing.settings.updateSettings(f.operator, { negativeStock: 'allow' });
    }
    await expectBatchesEqualMovements();
  });

  it('8 concurrent FEFO sales of 2 against 11 units in batches sell 5 and never take a batch below zero', async () => {
    const v = await newPesticide(f);
    // 10 units on hand without a batch (an opening count) do not make batch stock.
    await f.billing.stock.adjust(f.operator, {
      storeId: f.tenant.storeId,
      reason: 'opening',
      lines: [{ variantId: v, quantity: 10 }],
    });
    await receiveBatches(f, v, [
      { batchNo: 'F-A', expiryDate: '2026-07-31', quantity: 4 },
      { batchNo: 'F-B', expiryDate: '2026-12-31', quantity: 7 },
    ]);
    await f.billing.settings.updateSettings(f.operator, { negativeStock: 'refuse' });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => sell([{ variantId: v, quantity: 2 }])),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      const quantities = (await batchesOf(v)).map((b) => [b.batchNo, b.quantity]);
      expect(quantities).toEqual([
        ['F-A', 0],
        ['F-B', 1],
      ]);
    } finally {
      await f.billing.settings.updateSettings(f.operator, { negativeStock: 'allow' });
    }
    await expectBatchesEqualMovements();
  });

  it('a sale of a category whose licence has expired or is missing is refused; other items still sell', async () => {
    const v = await newPesticide(f);
    await receiveBatches(f, v, [{ batchNo: 'LIC-1', expiryDate: '2027-12-31', quantity: 5 }]);
    f.clock.set('2027-04-01T06:30:00.000Z');
    try {
      await expect(
        sell([
          { variantId: f.items.seeds, quantity: 1 },
          { variantId: v, quantity: 1 },
        ]),
      ).rejects.toMatchObject({
        code: 'conflict',
        field: 'lines.1.variantId',
        message: says(/pesticide .*licence expired on 31-03-2027/),
      });
      expect((await batchesOf(v))[0]?.quantity).toBe(5);
      const seeds = await sell([{ variantId: f.items.seeds, quantity: 1 }]);
      expect(seeds.totals.totalPaise).toBe(6_000);
    } finally {
      f.clock.set('2026-05-15T06:30:00.000Z');
    }
    await f.agri.batches.setCategoryRule(f.operator, {
      category: 'Fertilisers',
      needsBatch: false,
      licenceKind: 'fertiliser',
    });
    const urea = await newPesticide(f, 'Fertilisers');
    await expect(sell([{ variantId: urea, quantity: 1 }])).rejects.toMatchObject({
      code: 'conflict',
      message: says(/no fertiliser licence on record/),
    });
    await f.agri.licences.set(f.operator, f.tenant.storeId, 'fertiliser', {
      number: 'FCO/GJ/2025/77',
      validUntil: '2028-03-31',
    });
    await expect(sell([{ variantId: urea, quantity: 1 }])).resolves.toMatchObject({ status: 'issued' });
    expect(await f.agri.licences.expiring(f.tenant.tenantId, 365)).toEqual([
      { storeId: f.tenant.storeId, kind: 'pesticide', validUntil: '2027-03-31', expired: false },
    ]);
  });

  it("the bill prints each line's batch and expiry and the pesticide licence, on A4, thermal and text", async () => {
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'PR-0726', expiryDate: '2026-07-31', quantity: 1 },
      { batchNo: 'PR-0427', expiryDate: '2027-04-30', quantity: 5 },
    ]);
    const bill = await sell([
      { variantId: v, quantity: 3 },
      { variantId: f.items.shirt, quantity: 1 },
    ]);
    const text = String(await f.billing.documents.render(f.operator, bill.id, 'invoice', 'text')).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Pesticide licence: GJ/AHD/INS/2024/0815 (valid to 31-03-2027)');
    expect(text).toContain('Batch PR-0726, Exp 31-07-2026 x 1; Batch PR-0427, Exp 30-04-2027 x 2');
    for (const format of ['a4', 'thermal'] as const) {
      const pdf = await pdftotext(
        (await f.billing.documents.render(f.operator, bill.id, 'invoice', format)) as Buffer,
      );
      const flat = pdf.replace(/\s+/g, ' ');
      expect(flat).toContain('GJ/AHD/INS/2024/0815');
      expect(flat).toContain('PR-0726');
      expect(flat).toContain('30-04-2027');
    }
    // A bill without licensed items carries no licence line.
    const shirt = await sell([{ variantId: f.items.shirt, quantity: 1 }]);
    const plain = String(await f.billing.documents.render(f.operator, shirt.id, 'invoice', 'text'));
    expect(plain).not.toMatch(/licence|Batch/);
  });

  it('a store that prints in Hindi prints the batch, expiry and licence lines in Hindi', async () => {
    const v = await newPesticide(f);
    await receiveBatches(f, v, [{ batchNo: 'PR-HI-01', expiryDate: '2027-06-30', quantity: 4 }]);
    const bill = await sell([{ variantId: v, quantity: 1 }]);
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'hi' });
    try {
      const text = String(await f.billing.documents.render(f.operator, bill.id, 'invoice', 'text')).replace(
        /\s+/g,
        ' ',
      );
      expect(text).toContain('कीटनाशक लाइसेंस: GJ/AHD/INS/2024/0815 (31-03-2027 तक मान्य)');
      expect(text).toContain('बैच PR-HI-01, समाप्ति 30-06-2027');
      expect(text).not.toMatch(/Pesticide licence|Batch PR-HI-01/);
      const pdf = (
        await pdftotext((await f.billing.documents.render(f.operator, bill.id, 'invoice', 'a4')) as Buffer)
      ).replace(/\s+/g, ' ');
      expect(pdf).toContain('PR-HI-01');
      expect(pdf).not.toContain('Pesticide licence');
    } finally {
      await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'en' });
    }
  });
});
