/**
 * Batches on items and on stock movements over the real app on both engines (issue 17): an
 * item's batches in a store (batch number, manufacturing and expiry dates, quantity), the batch
 * movements naming their batch and the bill or supplier invoice, the insecticide stock register
 * as CSV and PDF (read back with pdftotext), and the disposal of expired stock with its reason in
 * the audit trail. Bad input gets a 400 naming the field; another store's cashier sees nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { describeEachEngine } from '../support/engines.js';
import { createStore, createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';
import { pdftotext } from '../support/pdf-text.js';

interface ErrorReply {
  error: { code: string; field?: string };
}
interface BatchReply {
  id: string;
  variantId: string;
  batchNo: string;
  mfgDate: string | null;
  expiryDate: string;
  quantity: number;
  expiredQuantity: number;
  expired: boolean;
}
interface MovementReply {
  kind: string;
  quantity: number;
  expiredQuantity: number;
  reference: string | null;
  itemName: string;
  batch: { id: string; batchNo: string; mfgDate: string | null; expiryDate: string };
}

const DAY = 86_400_000;
const istDate = (at: Date) => new Date(at.getTime() + 330 * 60_000).toISOString().slice(0, 10);

describeEachEngine('agri batches on items and stock movements (HTTP)', (getDb) => {
  let t: IdentityTestApp;
  let storeId: string;
  let tenantId: string;
  let ownerAccount: TestAccount;
  let cashierAccount: TestAccount;
  let owner: SignedIn;
  let cashier: SignedIn;
  const send = (s: SignedIn, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
    t.app.inject({
      method,
      url,
      headers: { ...s.headers, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
  /** A new insecticide item (its own, so the tests run in any order). */
  const newItem = async (name: string) => {
    const item = await t.services.billing.items.createItem(operatorActor(tenantId), {
      kind: 'goods',
      name,
      hsnSac: '3808',
      uqc: 'BTL',
      rateCategory: 'gst-18',
      priceIncludesTax: true,
      category: 'Insecticides',
      variants: [{ pricePaise: 32_000 }],
    });
    return { itemId: item.id, variantId: item.variants[0]?.id ?? '' };
  };
  const receive = (
    variantId: string,
    batch: { batchNo: string; expiryDate: string; mfgDate?: string },
    quantity: number,
  ) =>
    send(owner, 'POST', '/api/v1/stock/receipts', {
      storeId,
      supplierName: 'Dhanuka Agritech',
      supplierInvoiceNo: `DA-${batch.batchNo}`,
      supplierInvoiceDate: istDate(t.clock.now()),
      lines: [{ variantId, quantity, unitCostPaise: 20_000, batch }],
    });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const tenant = await createTenant(getDb().db, { name: 'Kisan Seva Kendra' });
    storeId = tenant.storeId;
    tenantId = tenant.tenantId;
    await seedRoles(getDb().db, tenantId);
    const operator = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(operator, storeId, {
      city: 'Nashik',
      pincode: '422001',
    });
    ownerAccount = await createAccount(t.services, tenantId, { role: 'owner' });
    owner = await signIn(t, ownerAccount, 'owner');
    cashierAccount = await createAccount(t.services, tenantId, { role: 'cashier', storeId });
    cashier = await signIn(t, cashierAccount);
    await t.services.agri.batches.setCategoryRule(operator, {
      category: 'Insecticides',
      needsBatch: true,
      licenceKind: 'pesticide',
    });
    await t.services.agri.licences.set(operator, storeId, 'pesticide', {
      number: 'MH/NSK/INS/2025/0042',
      validUntil: '2099-03-31',
    });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  /** Two batches received, then 3 sold by FEFO (2 of the earlier batch, 1 of the later). */
  const receiveAndSell = async (name: string, prefix: string) => {
    const { itemId, variantId } = await newItem(name);
    const late = { batchNo: `${prefix}-LATE`, mfgDate: '2026-01-05', expiryDate: '2099-01-04' };
    expect((await receive(variantId, late, 6)).statusCode).toBe(201);
    t.clock.advance(60_000);
    const soon = { batchNo: `${prefix}-SOON`, expiryDate: '2098-06-30' };
    expect((await receive(variantId, soon, 2)).statusCode).toBe(201);
    t.clock.advance(60_000);
    const sale = await send(
      cashier,
      'POST',
      '/api/v1/invoices',
      { storeId, lines: [{ variantId, quantity: 3 }], payments: [{ method: 'cash', amountPaise: 96_000 }] },
      { 'idempotency-key': `batches-api-${variantId}` },
    );
    expect(sale.statusCode).toBe(201);
    return { itemId, variantId, billNumber: sale.json<{ number: string }>().number };
  };

  it("shows an item's batches and the batch movements naming their batch and bill; bad input names the field", async () => {
    const { itemId, variantId, billNumber } = await receiveAndSell('Lambda Cyhalothrin 5% EC 250 ml', 'LC');
    const list = await send(cashier, 'GET', `/api/v1/items/${itemId}/batches?storeId=${storeId}`);
    expect(list.statusCode).toBe(200);
    const body = list.json<{ itemId: string; batches: BatchReply[] }>();
    expect(body.itemId).toBe(itemId);
    // FEFO sold the 2 of the earlier batch and 1 of the later: the empty batch is left out.
    expect(body.batches.map((b) => [b.batchNo, b.mfgDate, b.expiryDate, b.quantity, b.variantId])).toEqual([
      ['LC-LATE', '2026-01-05', '2099-01-04', 5, variantId],
    ]);
    const all = (
      await send(cashier, 'GET', `/api/v1/items/${itemId}/batches?storeId=${storeId}&includeEmpty=true`)
    ).json<{ batches: BatchReply[] }>().batches;
    expect(all.map((b) => [b.batchNo, b.quantity])).toEqual([
      ['LC-SOON', 0],
      ['LC-LATE', 5],
    ]);

    const moves = await send(
      cashier,
      'GET',
      `/api/v1/stock/batch-movements?storeId=${storeId}&variantId=${variantId}`,
    );
    expect(moves.statusCode).toBe(200);
    const movements = moves.json<{ movements: MovementReply[] }>().movements;
    // Newest first: the sale took from both batches; each receipt names its supplier invoice.
    expect(
      movements
        .map((m) => [m.kind, m.batch.batchNo, m.quantity, m.reference])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ['receipt', 'LC-LATE', 6, 'DA-LC-LATE'],
      ['receipt', 'LC-SOON', 2, 'DA-LC-SOON'],
      ['sale', 'LC-LATE', -1, billNumber],
      ['sale', 'LC-SOON', -2, billNumber],
    ]);
    expect(movements.slice(0, 2).map((m) => m.kind)).toEqual(['sale', 'sale']);
    expect(movements.every((m) => m.itemName === 'Lambda Cyhalothrin 5% EC 250 ml')).toBe(true);
    const late = movements.find((m) => m.batch.batchNo === 'LC-LATE')?.batch;
    expect(late).toMatchObject({ mfgDate: '2026-01-05', expiryDate: '2099-01-04' });
    const ofBatch = (
      await send(
        cashier,
        'GET',
        `/api/v1/stock/batch-movements?storeId=${storeId}&batchId=${late?.id ?? ''}&limit=1`,
      )
    ).json<{ movements: MovementReply[] }>().movements;
    expect(ofBatch.map((m) => [m.kind, m.quantity])).toEqual([['sale', -1]]);

    const cases: [string, string][] = [
      [`/api/v1/items/${itemId}/batches`, 'querystring.storeId'],
      [`/api/v1/items/not-an-id/batches?storeId=${storeId}`, 'params.itemId'],
      [`/api/v1/stock/batch-movements?storeId=${storeId}&limit=5000`, 'querystring.limit'],
      [`/api/v1/stock/batch-movements?storeId=${storeId}&before=yesterday`, 'querystring.before'],
      [`/api/v1/stock/batch-movements?storeId=${storeId}&colour=red`, 'querystring'],
    ];
    for (const [url, field] of cases) {
      const bad = await send(cashier, 'GET', url);
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json<ErrorReply>().error.field, url).toBe(field);
    }
    const unknown = await send(cashier, 'GET', `/api/v1/items/${variantId}/batches?storeId=${storeId}`);
    expect(unknown.statusCode).toBe(404);
  });

  it('keeps another store out: its cashier cannot read this store’s batches, movements or register', async () => {
    const { itemId, variantId } = await newItem('Acephate 75% SP 500 g');
    const otherStore = await createStore(getDb().db, tenantId, { storeName: 'Kisan Seva Kendra Sinnar' });
    const stranger = await signIn(
      t,
      await createAccount(t.services, tenantId, { role: 'cashier', storeId: otherStore }),
    );
    for (const url of [
      `/api/v1/items/${itemId}/batches?storeId=${storeId}`,
      `/api/v1/stock/batch-movements?storeId=${storeId}`,
      `/api/v1/stock/registers/insecticide.pdf?storeId=${storeId}&variantId=${variantId}&from=2026-01-01&to=2026-01-31`,
    ]) {
      // Refused (another store's data is neither shown nor confirmed to exist).
      const refused = await send(stranger, 'GET', url);
      expect([403, 404], url).toContain(refused.statusCode);
      expect(refused.body).not.toContain('Acephate');
    }
  });

  it('gives the insecticide stock register as CSV and as PDF with the same rows; a reversed period is refused', async () => {
    const { variantId, billNumber } = await receiveAndSell('Cypermethrin 10% EC 1 litre', 'CY');
    const today = istDate(t.clock.now());
    const query = `storeId=${storeId}&variantId=${variantId}&from=${today}&to=${today}`;
    const csv = await send(cashier, 'GET', `/api/v1/stock/registers/insecticide?${query}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const pdf = await send(cashier, 'GET', `/api/v1/stock/registers/insecticide.pdf?${query}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdftotext(pdf.rawPayload);
    expect(text).toContain('Stock register of insecticides (Form XIII)');
    expect(text).toContain('Licence: MH/NSK/INS/2025/0042');
    expect(text).toMatch(/Opening stock\s+0/);
    expect(text).toContain('Insecticide: Cypermethrin 10% EC 1 litre');
    expect(text).toMatch(
      /Received\s+Dhanuka Agritech DA-CY-LATE\s+CY-LATE\s+05-01-2026\s+04-01-2099\s+6\s+6/,
    );
    // The sale took 2 of the earlier-expiring batch and 1 of the other (same instant: either order).
    expect(text).toMatch(new RegExp(`Sold\\s+${billNumber}\\s+CY-SOON\\s+30-06-2098\\s+2\\s+[56]\\b`));
    expect(text).toMatch(
      new RegExp(`Sold\\s+${billNumber}\\s+CY-LATE\\s+05-01-2026\\s+04-01-2099\\s+1\\s+[57]\\b`),
    );
    expect(text).toMatch(/Closing stock of the day\s+5/);
    expect(text).toMatch(/Closing stock\s+5/);
    // The CSV tells the same story.
    expect(csv.body).toContain('Received,Dhanuka Agritech DA-CY-LATE,CY-LATE,05-01-2026,04-01-2099,6,0,6');
    expect(csv.body).toMatch(/Closing stock,,,,,,,5\r\n$/);
    for (const suffix of ['', '.pdf']) {
      const reversed = await send(
        cashier,
        'GET',
        `/api/v1/stock/registers/insecticide${suffix}?storeId=${storeId}&variantId=${variantId}&from=${today}&to=2020-01-01`,
      );
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json<ErrorReply>().error.field).toBe('from');
      const badDay = await send(
        cashier,
        'GET',
        `/api/v1/stock/registers/insecticide${suffix}?storeId=${storeId}&variantId=${variantId}&from=2026-02-30&to=${today}`,
      );
      expect(badDay.json<ErrorReply>().error.field).toBe('querystring.from');
    }
  });

  it('disposes of segregated expired stock only with a reason, recorded in the audit trail', async () => {
    const { variantId } = await newItem('Profenofos 50% EC 500 ml');
    // Received three days ago, it expired yesterday.
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() - 3 * DAY));
    try {
      await t.services.billing.receipts.receive(operatorActor(tenantId), {
        storeId,
        supplierName: 'Dhanuka Agritech',
        supplierInvoiceNo: 'DA-PF-EXP',
        supplierInvoiceDate: istDate(t.clock.now()),
        lines: [
          {
            variantId,
            quantity: 4,
            unitCostPaise: 20_000,
            batch: { batchNo: 'PF-EXP', expiryDate: istDate(new Date(start.getTime() - DAY)) },
          },
        ],
      });
    } finally {
      t.clock.set(start);
    }
    const moved = await send(owner, 'POST', '/api/v1/stock/batches/segregate-expired', { storeId });
    expect(moved.statusCode).toBe(200);
    const batch = moved.json<{ batches: BatchReply[] }>().batches.find((b) => b.batchNo === 'PF-EXP');
    expect(batch).toMatchObject({ quantity: 0, expiredQuantity: 4, expired: true });
    const url = `/api/v1/stock/batches/${batch?.id ?? ''}/dispose`;
    const noReason = await send(owner, 'POST', url, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<ErrorReply>().error.field).toBe('body.reason');
    const badReason = await send(owner, 'POST', url, { reason: 'sold it anyway' });
    expect(badReason.json<ErrorReply>().error.field).toBe('body.reason');
    expect((await send(cashier, 'POST', url, { reason: 'destroyed' })).statusCode).toBe(403);
    // Nothing of the refused requests was written.
    const still = await send(owner, 'GET', `/api/v1/stock/batches/${batch?.id ?? ''}`);
    expect(still.json<BatchReply>().expiredQuantity).toBe(4);
    t.clock.advance(60_000);
    const done = await send(owner, 'POST', url, { reason: 'handed_to_authority' });
    expect(done.statusCode).toBe(200);
    expect(done.json<BatchReply>()).toMatchObject({ quantity: 0, expiredQuantity: 0 });
    const entries = await getDb()
      .db.selectFrom('audit_entries')
      .select(['action', 'details'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'stock.dispose_expired')
      .execute();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]?.details ?? '{}')).toMatchObject({
      reason: 'handed_to_authority',
      quantity: 4,
    });
    const disposal = (
      await send(owner, 'GET', `/api/v1/stock/batch-movements?storeId=${storeId}&batchId=${batch?.id ?? ''}`)
    ).json<{ movements: MovementReply[] }>().movements;
    expect(disposal.map((m) => [m.kind, m.quantity, m.expiredQuantity])).toEqual([
      ['dispose', 0, -4],
      ['segregate', -4, 4],
      ['receipt', 4, 0],
    ]);
  });
});
