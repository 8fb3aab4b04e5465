/**
 * The stock register of an insecticide (Form XIII style) on both engines: opening stock, each
 * receipt, sale and return with the stock after it, and the closing stock, for a period; CSV.
 */
import { beforeAll, expect, it } from 'vitest';
import { stockRegister, stockRegisterCsv } from '../../src/modules/agri/stock-register.js';
import { describeEachEngine } from '../support/engines.js';
import { key } from '../billing/support/billing-fixture.js';
import { createAgriFixture, newPesticide, receiveBatches, type AgriFixture } from './support/agri-fixture.js';

describeEachEngine('agri insecticide stock register', (getDb, engine) => {
  let f: AgriFixture;
  beforeAll(async () => {
    f = await createAgriFixture(getDb().db, engine);
  });

  it('lists receipts, sales and returns with the running stock; a later period opens with the closing stock', async () => {
    f.clock.set('2026-05-15T06:30:00.000Z');
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'REG-1', mfgDate: '2026-04-01', expiryDate: '2028-03-31', quantity: 10 },
    ]);
    f.clock.advance(60_000);
    const bill = await f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId: v, quantity: 3 }],
        payments: [{ method: 'cash', amountPaise: 135_000 }],
      },
      key(),
    );
    f.clock.advance(60_000);
    await f.billing.creditNotes.issue(
      f.operator,
      {
        invoiceId: bill.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [{ method: 'cash', amountPaise: 45_000 }],
      },
      key(),
    );
    const query = { storeId: f.tenant.storeId, variantId: v, from: '2026-05-01', to: '2026-05-31' };
    const register = await stockRegister(f.db, f.operator, query);
    expect(register.opening).toBe(0);
    expect(register.rows.map((r) => [r.kind, r.batchNo, r.received, r.issued, r.balance])).toEqual([
      ['receipt', 'REG-1', 10, 0, 10],
      ['sale', 'REG-1', 0, 3, 7],
      ['return', 'REG-1', 1, 0, 8],
    ]);
    expect(register.rows[1]?.reference).toBe(bill.number);
    expect(register.closing).toBe(8);
    const csv = stockRegisterCsv(register);
    expect(csv).toContain('15-05-2026,Received,Rallis India Ltd');
    expect(csv).toContain(`15-05-2026,Sold,${bill.number},REG-1,01-04-2026,31-03-2028,0,3,7`);
    expect(csv).toContain('31-05-2026,Closing stock,,,,,,,8');
    const later = await stockRegister(f.db, f.operator, { ...query, from: '2026-06-01', to: '2026-06-30' });
    expect(later).toMatchObject({ opening: 8, rows: [], closing: 8 });
    await expect(stockRegister(f.db, f.operator, { ...query, from: '2026-06-01' })).rejects.toMatchObject({
      field: 'from',
    });
  });
});
