/**
 * The offline counter's API over the real app on both engines (issue 21): a counter key per
 * counter and session, kept encrypted; blocks of numbers in the counter's own series that never
 * overlap, even reserved side by side; an offline sale billed exactly once with the number it
 * took and the time it was made, a retry after a lost answer answered with the first invoice;
 * conflicts raised for a manager, never changed; unused numbers given back; a wiped counter's
 * queue refused and the numbers that never arrived shown to the manager.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

interface KeyView {
  keyId: string;
  counterId: string;
  seriesCode: string;
  key: string;
}
interface BlockView {
  blockId: string;
  firstSeq: number;
  lastSeq: number;
  firstNumber: string;
  lastNumber: string;
}
interface Synced {
  document: {
    id: string;
    number: string;
    issuedAt: string;
    replayed: boolean;
    totals: { totalPaise: number };
  };
  conflicts: { reason: string; line: number | null }[];
}

describeEachEngine('offline counter API', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let counterId: string;
  let shirt: string;
  let scarf: string;
  let cashier: SignedIn;
  let manager: SignedIn;
  let n = 0;
  const newKey = () => `offline-test-${String((n += 1)).padStart(6, '0')}`;
  const post = (s: SignedIn, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...s.headers, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const get = (s: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const openKey = async (s: SignedIn) => {
    const res = await post(s, '/api/v1/offline/counter-keys', { storeId });
    expect(res.statusCode).toBe(200);
    return res.json<KeyView>();
  };
  const reserve = async (s: SignedIn, keyId: string) => {
    const res = await post(s, `/api/v1/offline/counter-keys/${keyId}/blocks`);
    expect(res.statusCode).toBe(201);
    return res.json<BlockView>();
  };
  /** One shirt (Rs 1,050 with GST) paid in cash, made a minute ago. */
  const sale = (block: BlockView, seq: number, extra: Record<string, unknown> = {}) => ({
    blockId: block.blockId,
    seq,
    madeAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
    expectedTotalPaise: 105_000,
    sale: {
      storeId,
      lines: [{ variantId: shirt, quantity: 1, unitPricePaise: 105_000 }],
      payments: [{ method: 'cash', amountPaise: 110_000 }],
    },
    ...extra,
  });
  const sync = (s: SignedIn, body: unknown, key = newKey()) =>
    post(s, '/api/v1/offline/sales', body, { 'idempotency-key': key });
  const count = async (table: 'sales_documents' | 'offline_sales', where: Record<string, string>) => {
    let q = getDb()
      .db.selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId);
    for (const [column, value] of Object.entries(where)) q = q.where(column as 'tenant_id', '=', value);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const stockOf = async (variantId: string) =>
    Number(
      (
        await getDb()
          .db.selectFrom('stock_levels')
          .select('qty_milli')
          .where('tenant_id', '=', tenantId)
          .where('store_id', '=', storeId)
          .where('variant_id', '=', variantId)
          .executeTakeFirst()
      )?.qty_milli ?? 0,
    ) / 1000;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId, storeId, counterId } = await createTenant(getDb().db, { name: 'Offline Fabrics' }));
    await seedRoles(getDb().db, tenantId);
    const op = operatorActor(tenantId);
    await t.services.billing.settings.updateStoreProfile(op, storeId, {
      city: 'Ahmedabad',
      pincode: '380009',
    });
    const make = async (name: string, pricePaise: number, barcode: string) =>
      (
        await t.services.billing.items.createItem(op, {
          kind: 'goods',
          name,
          hsnSac: '6205',
          uqc: 'PCS',
          rateCategory: 'apparel',
          priceIncludesTax: true,
          variants: [{ pricePaise, barcode }],
        })
      ).variants[0]?.id ?? '';
    shirt = await make('Cotton shirt', 105_000, '2000000000015');
    scarf = await make('Silk scarf', 49_900, '2000000000022');
    await t.services.billing.stock.adjust(op, {
      storeId,
      reason: 'opening',
      lines: [{ variantId: shirt, quantity: 100 }],
    });
    cashier = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    manager = await signIn(
      t,
      await createAccount(t.services, tenantId, { role: 'manager', storeId }),
      'manager',
    );
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('a session gets one key per counter, stored only encrypted, and the counter its own series code', async () => {
    const first = await openKey(cashier);
    expect(first.counterId).toBe(counterId);
    expect(first.seriesCode).toMatch(/^C\d+$/);
    expect(Buffer.from(first.key, 'base64url')).toHaveLength(32);
    expect((await openKey(cashier)).keyId).toBe(first.keyId);
    const row = await getDb()
      .db.selectFrom('counter_keys')
      .select('key_enc')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', first.keyId)
      .executeTakeFirstOrThrow();
    expect(row.key_enc).toMatch(/^tj1:/);
    expect(row.key_enc).not.toContain(first.key);
    // Another session (the manager's) gets its own key for the same counter.
    expect((await openKey(manager)).keyId).not.toBe(first.keyId);
  });

  it('refuses a store the caller cannot sell in and a counter of another store, naming the field', async () => {
    const other = await post(cashier, '/api/v1/offline/counter-keys', { storeId: crypto.randomUUID() });
    expect([403, 404]).toContain(other.statusCode);
    const bad = await post(cashier, '/api/v1/offline/counter-keys', { storeId: 'not-an-id' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { field: string } }>().error.field).toBe('body.storeId');
  });

  it('blocks reserved side by side never overlap and follow one another in the series', async () => {
    const a = await openKey(cashier);
    const b = await openKey(manager);
    const blocks = await Promise.all([
      reserve(cashier, a.keyId),
      reserve(manager, b.keyId),
      reserve(cashier, a.keyId),
      reserve(manager, b.keyId),
    ]);
    const ranges = blocks.map((x) => [x.firstSeq, x.lastSeq] as const).sort((p, q) => p[0] - q[0]);
    for (let i = 1; i < ranges.length; i += 1) expect(ranges[i]?.[0]).toBe((ranges[i - 1]?.[1] ?? 0) + 1);
    expect(blocks.every((x) => x.firstNumber.startsWith(`${a.seriesCode}/`))).toBe(true);
    // Another session's key cannot reserve for this one.
    expect((await post(cashier, `/api/v1/offline/counter-keys/${b.keyId}/blocks`)).statusCode).toBe(404);
  });

  it('an offline sale is billed once with its number and made-at time; a retry after a lost answer gets the same invoice', async () => {
    const key = await openKey(cashier);
    const block = await reserve(cashier, key.keyId);
    const before = await stockOf(shirt);
    const idem = newKey();
    const body = sale(block, block.firstSeq);
    const first = await sync(cashier, body, idem);
    expect(first.statusCode).toBe(201);
    const made = first.json<Synced>();
    expect(made.document.number).toBe(block.firstNumber);
    expect(made.document.issuedAt).toBe(body.madeAt);
    expect(made.document.totals.totalPaise).toBe(105_000);
    expect(made.conflicts).toEqual([]);
    // The answer was lost: the counter sends the same sale again.
    const again = await sync(cashier, body, idem);
    expect(again.statusCode).toBe(200);
    expect(again.json<Synced>().document.id).toBe(made.document.id);
    expect(again.json<Synced>().document.replayed).toBe(true);
    expect(await count('sales_documents', { number: block.firstNumber })).toBe(1);
    expect(await count('offline_sales', { block_id: block.blockId })).toBe(1);
    expect(await stockOf(shirt)).toBe(before - 1);
    // The same key with another sale, and the same number under another key, are refused.
    const changed = await sync(cashier, { ...body, expectedTotalPaise: 1 }, idem);
    expect(changed.statusCode).toBe(409);
    const reused = await sync(cashier, body);
    expect(reused.statusCode).toBe(409);
    expect(reused.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'number-used',
    );
    // The trail has when it was made and when it arrived.
    const entry = await getDb()
      .db.selectFrom('audit_entries')
      .select('details')
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'offline_sale.sync')
      .where('object_id', '=', made.document.id)
      .executeTakeFirstOrThrow();
    const details = JSON.parse(String(entry.details)) as Record<string, string>;
    expect(details.madeAt).toBe(body.madeAt);
    expect(details.arrivedAt).toBe(t.clock.now().toISOString());
  });

  it('refuses what an offline sale cannot be, naming the field', async () => {
    const key = await openKey(cashier);
    const block = await reserve(cashier, key.keyId);
    const field = async (body: unknown) => {
      const res = await sync(cashier, body);
      expect(res.statusCode).toBe(400);
      return res.json<{ error: { field: string } }>().error.field;
    };
    expect(await field(sale(block, block.lastSeq + 1))).toBe('seq');
    expect(await field(sale(block, block.firstSeq - 1 > 0 ? block.firstSeq - 1 : block.lastSeq + 2))).toBe(
      'seq',
    );
    const future = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    expect(await field(sale(block, block.firstSeq, { madeAt: future }))).toBe('madeAt');
    const early = new Date(t.clock.now().getTime() - 86_400_000).toISOString();
    expect(await field(sale(block, block.firstSeq, { madeAt: early }))).toBe('madeAt');
    const credit = sale(block, block.firstSeq);
    credit.sale.payments = [{ method: 'credit', amountPaise: 105_000 }];
    expect(await field(credit)).toMatch(/^body\.sale\.payments/);
    expect(await count('offline_sales', { block_id: block.blockId })).toBe(0);
  });

  it('a sale below the catalog price or taking stock below zero is billed as made and raised for a manager', async () => {
    const key = await openKey(cashier);
    const block = await reserve(cashier, key.keyId);
    const body = sale(block, block.firstSeq + 1, {
      expectedTotalPaise: 90_000 + 49_900,
      sale: {
        storeId,
        lines: [
          { variantId: shirt, quantity: 1, unitPricePaise: 90_000 },
          { variantId: scarf, quantity: 1, unitPricePaise: 49_900 },
        ],
        payments: [{ method: 'upi', amountPaise: 139_900, reference: 'UPI-123456' }],
      },
    });
    const res = await sync(cashier, body);
    expect(res.statusCode).toBe(201);
    const synced = res.json<Synced>();
    expect(synced.document.totals.totalPaise).toBe(139_900);
    expect(synced.conflicts).toEqual(
      expect.arrayContaining([
        { reason: 'price-differs', line: 1 },
        { reason: 'stock-below-zero', line: 2 },
      ]),
    );
    const alert = await getDb()
      .db.selectFrom('alerts')
      .select(['detector', 'subject_id'])
      .where('tenant_id', '=', tenantId)
      .where('detector', '=', 'offline_sale_conflict')
      .where('subject_id', '=', synced.document.id)
      .executeTakeFirst();
    expect(alert).toBeDefined();
  });

  it('unused numbers go back to the series when the counter releases its block', async () => {
    const key = await openKey(cashier);
    const block = await reserve(cashier, key.keyId);
    expect((await sync(cashier, sale(block, block.firstSeq))).statusCode).toBe(201);
    const bad = await post(cashier, `/api/v1/offline/blocks/${block.blockId}/release`, {
      usedTo: block.lastSeq + 1,
    });
    expect(bad.statusCode).toBe(400);
    const early = await post(cashier, `/api/v1/offline/blocks/${block.blockId}/release`, {
      usedTo: block.firstSeq - 1,
    });
    expect(early.statusCode).toBe(400);
    const released = await post(cashier, `/api/v1/offline/blocks/${block.blockId}/release`, {
      usedTo: block.firstSeq,
    });
    expect(released.json()).toEqual({ returned: block.lastSeq - block.firstSeq });
    const next = await reserve(cashier, key.keyId);
    expect(next.firstSeq).toBe(block.firstSeq + 1);
    // The released numbers cannot be used by the old block any more.
    const late = await sync(cashier, sale(block, block.firstSeq + 1));
    expect(late.statusCode).toBe(409);
  });

  it('a wiped counter cannot send its queue or fetch its key, and the manager sees the numbers that never arrived', async () => {
    const key = await openKey(cashier);
    const block = await reserve(cashier, key.keyId);
    expect((await sync(cashier, sale(block, block.firstSeq))).statusCode).toBe(201);
    // A cashier cannot wipe a counter.
    expect((await post(cashier, `/api/v1/offline/counters/${counterId}/wipe`)).statusCode).toBe(403);
    const wiped = await post(manager, `/api/v1/offline/counters/${counterId}/wipe`);
    expect(wiped.statusCode).toBe(200);
    const status = wiped.json<{
      activeKeys: number;
      blocks: {
        firstNumber: string;
        state: string;
        received: number;
        notReceived: { from: string; count: number }[];
      }[];
    }>();
    expect(status.activeKeys).toBe(0);
    const mine = status.blocks.find((b) => b.firstNumber === block.firstNumber);
    expect(mine?.state).toBe('wiped');
    expect(mine?.received).toBe(1);
    expect(mine?.notReceived[0]?.count).toBe(block.lastSeq - block.firstSeq);
    // The queue waiting on the counter is refused; the key is gone.
    const refused = await sync(cashier, sale(block, block.firstSeq + 1));
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'counter-wiped',
    );
    expect((await post(cashier, `/api/v1/offline/counter-keys/${key.keyId}/recover`)).statusCode).toBe(409);
    const row = await getDb()
      .db.selectFrom('counter_keys')
      .select('key_enc')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', key.keyId)
      .executeTakeFirstOrThrow();
    expect(row.key_enc).toBeNull();
    const alert = await getDb()
      .db.selectFrom('alerts')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('detector', '=', 'counter_wiped')
      .where('subject_id', '=', counterId)
      .executeTakeFirst();
    expect(alert).toBeDefined();
    const list = await get(manager, `/api/v1/offline/counters?storeId=${storeId}`);
    expect(list.statusCode).toBe(200);
    // A new session on the counter starts again with a new key.
    const fresh = await openKey(cashier);
    expect(fresh.keyId).not.toBe(key.keyId);
  });

  it('a closed key is given again only to a session that may sell in its store', async () => {
    const key = await openKey(manager);
    expect((await post(manager, `/api/v1/offline/counter-keys/${key.keyId}/close`)).statusCode).toBe(204);
    const back = await post(cashier, `/api/v1/offline/counter-keys/${key.keyId}/recover`);
    expect(back.statusCode).toBe(200);
    expect(back.json<KeyView>().key).toBe(key.key);
    expect((await post(cashier, `/api/v1/offline/counter-keys/${key.keyId}/blocks`)).statusCode).toBe(404);
  });
});
