/**
 * Agri-input rules at the counter on both engines (issue 17): the shop's near-expiry window (30
 * days until chosen, 1 to 365, used by the near-expiry list and every batch's warning, audited),
 * dealer licences (an end on or before the issue day refused; a sale of a category whose licence
 * is missing, expired or not yet valid refused with a reason the counter words; where each
 * licence stands for the cart), and subsidised fertiliser (the PoS reference and bags required
 * when such an item is sold, bags matching the bags sold, nothing written on a refusal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';
import { agriSettingsInput, saleRulesQuery } from '../../src/modules/agri/agri.schemas.js';
import { saleRules } from '../../src/modules/agri/sale-rules.js';
import { subsidyOf } from '../../src/modules/agri/fertiliser-subsidy.js';
import { describeEachEngine } from '../support/engines.js';
import { key, userActor } from '../billing/support/billing-fixture.js';
import { auditEntries } from '../billing/support/table-audit.js';
import { createAgriFixture, newPesticide, receiveBatches, type AgriFixture } from './support/agri-fixture.js';

/** The fixture's shop date is 15 May 2026 (IST). */
const inDays = (n: number) =>
  new Date(Date.parse('2026-05-15T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

describeEachEngine('agri rules at the counter', (getDb, engine) => {
  describe('near-expiry window', () => {
    let f: AgriFixture;
    let variantId: string;
    beforeAll(async () => {
      f = await createAgriFixture(getDb().db, engine);
      variantId = await newPesticide(f);
      await receiveBatches(f, variantId, [
        { batchNo: 'NX-1', expiryDate: inDays(1), quantity: 2 },
        { batchNo: 'NX-30', expiryDate: inDays(30), quantity: 2 },
        { batchNo: 'NX-31', expiryDate: inDays(31), quantity: 2 },
        { batchNo: 'NX-60', expiryDate: inDays(60), quantity: 2 },
        { batchNo: 'NX-61', expiryDate: inDays(61), quantity: 2 },
      ]);
    });

    it('is 30 days until the shop chooses, bounded 1 to 365, and drives the list and each batch warning', async () => {
      const settings = f.agri.settings;
      expect(await settings.settings(f.operator)).toEqual({ nearExpiryDays: 30 });
      const near = async () => {
        const r = await f.agri.batches.nearExpiry(f.operator);
        return {
          days: r.days,
          batches: r.batches.filter((b) => b.variantId === variantId).map((b) => b.batchNo),
        };
      };
      expect(await near()).toEqual({ days: 30, batches: ['NX-1', 'NX-30'] });
      const flags = async () =>
        (await f.agri.batches.batches(f.operator, { storeId: f.tenant.storeId, variantId })).map((b) => [
          b.batchNo,
          b.nearExpiry,
        ]);
      expect(await flags()).toEqual([
        ['NX-1', true],
        ['NX-30', true],
        ['NX-31', false],
        ['NX-60', false],
        ['NX-61', false],
      ]);

      for (const bad of [0, 366, 45.5, -1]) {
        const parsed = agriSettingsInput.safeParse({ nearExpiryDays: bad });
        expect(parsed.success, String(bad)).toBe(false);
        expect(parsed.error?.issues[0]?.path).toEqual(['nearExpiryDays']);
      }
      expect(agriSettingsInput.safeParse({ nearExpiryDays: '60' }).success).toBe(false);
      expect(agriSettingsInput.safeParse({ nearExpiryDays: 60, extra: 1 }).success).toBe(false);

      const cashier = await userActor(f, 'cashier', f.tenant.storeId);
      await expect(settings.setSettings(cashier, { nearExpiryDays: 60 })).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect(await settings.setSettings(f.operator, { nearExpiryDays: 60 })).toEqual({ nearExpiryDays: 60 });
      expect(await settings.settings(cashier)).toEqual({ nearExpiryDays: 60 });
      expect(await near()).toEqual({ days: 60, batches: ['NX-1', 'NX-30', 'NX-31', 'NX-60'] });
      expect((await flags()).filter(([, n]) => n === true).map(([b]) => b)).toEqual([
        'NX-1',
        'NX-30',
        'NX-31',
        'NX-60',
      ]);
      // An explicit window still answers as asked.
      expect((await f.agri.batches.nearExpiry(f.operator, 1)).days).toBe(1);
      await settings.setSettings(f.operator, { nearExpiryDays: 1 });
      expect(await near()).toEqual({ days: 1, batches: ['NX-1'] });
      const entries = await auditEntries(f.db, f.tenant.tenantId, 'agri.settings.update');
      expect(entries.map((e) => JSON.parse(e.details) as unknown)).toEqual(
        expect.arrayContaining([
          { nearExpiryDaysBefore: 30, nearExpiryDays: 60 },
          { nearExpiryDaysBefore: 60, nearExpiryDays: 1 },
        ]),
      );
      expect(entries).toHaveLength(2);
    });
  });

  describe('dealer licences', () => {
    let f: AgriFixture;
    beforeAll(async () => {
      f = await createAgriFixture(getDb().db, engine);
      await f.agri.batches.setCategoryRule(f.operator, {
        category: 'Seeds',
        needsBatch: false,
        licenceKind: 'seed',
      });
    });

    it('refuses a licence ending on or before its issue day, and the sale of a category whose licence is missing, expired or not yet valid', async () => {
      const seed = await newPesticide(f, 'Seeds');
      const set = (validFrom: string | null, validUntil: string) =>
        f.agri.licences.set(f.operator, f.tenant.storeId, 'seed', {
          number: 'SEED/GJ/77',
          validFrom,
          validUntil,
        });
      await expect(set(inDays(10), inDays(10))).rejects.toMatchObject({ field: 'validUntil' });
      await expect(set(inDays(10), inDays(9))).rejects.toMatchObject({ field: 'validUntil' });
      expect(await f.agri.licences.list(f.operator, f.tenant.storeId)).toHaveLength(1); // pesticide only

      await f.billing.stock.adjust(f.operator, {
        storeId: f.tenant.storeId,
        reason: 'opening',
        lines: [{ variantId: seed, quantity: 10 }],
      });
      const sell = () =>
        f.billing.checkout.checkout(
          f.operator,
          {
            storeId: f.tenant.storeId,
            lines: [
              { variantId: f.items.shirt, quantity: 1 },
              { variantId: seed, quantity: 1 },
            ],
            payments: [{ method: 'cash', amountPaise: 200_000 }],
          },
          key(),
        );
      const rules = () =>
        saleRules(f.db, f.agri.licences, f.operator, f.tenant.storeId, [seed, f.items.shirt]);
      const invoices = async () =>
        (
          await f.db
            .selectFrom('sales_documents')
            .select('id')
            .where('tenant_id', '=', f.tenant.tenantId)
            .execute()
        ).length;
      const before = await invoices();

      expect((await rules()).licences).toEqual([
        expect.objectContaining({ kind: 'seed', state: 'missing', number: null, variantIds: [seed] }),
      ]);
      await expect(sell()).rejects.toMatchObject({
        code: 'conflict',
        field: 'lines.1.variantId',
        details: { reason: 'licence-missing', licence: 'seed' },
      });

      await set(inDays(-400), inDays(-1));
      expect((await rules()).licences[0]).toMatchObject({ state: 'expired', daysLeft: -1 });
      await expect(sell()).rejects.toMatchObject({
        details: {
          reason: 'licence-expired',
          licence: 'seed',
          date: inDays(-1).split('-').reverse().join('-'),
        },
      });

      await set(inDays(1), inDays(365));
      expect((await rules()).licences[0]).toMatchObject({ state: 'not-yet-valid' });
      await expect(sell()).rejects.toMatchObject({ details: { reason: 'licence-not-yet-valid' } });
      expect(await invoices()).toBe(before);

      // The last valid day sells, and is reported as expiring soon.
      await set(inDays(-30), inDays(0));
      expect((await rules()).licences[0]).toMatchObject({
        state: 'expiring',
        daysLeft: 0,
        number: 'SEED/GJ/77',
      });
      await sell();
      await set(null, inDays(31));
      expect((await rules()).licences[0]).toMatchObject({ state: 'valid', daysLeft: 31 });
      expect(await invoices()).toBe(before + 1);
      const audited = await auditEntries(f.db, f.tenant.tenantId, 'store.licence');
      expect(audited.map((e) => JSON.parse(e.details) as unknown)).toContainEqual({
        kind: 'seed',
        validFrom: null,
        validUntil: inDays(31),
      });

      // Only those who sell are told (an accountant does not bill).
      const other = await userActor(f, 'accountant', f.tenant.storeId);
      await expect(saleRules(f.db, f.agri.licences, other, f.tenant.storeId, [seed])).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect(saleRulesQuery.safeParse({ storeId: f.tenant.storeId, variantIds: '' }).success).toBe(false);
      expect(
        saleRulesQuery.safeParse({ storeId: f.tenant.storeId, variantIds: `${seed},not an id` }).error
          ?.issues[0]?.path,
      ).toEqual(['variantIds', 1]);
    });
  });

  describe('subsidised fertiliser', () => {
    let f: AgriFixture;
    let urea: string;
    let dap: string;
    let zinc: string;
    beforeAll(async () => {
      f = await createAgriFixture(getDb().db, engine);
      await f.agri.licences.set(f.operator, f.tenant.storeId, 'fertiliser', {
        number: 'FCO/GJ/2025/77',
        validUntil: '2028-03-31',
      });
      await f.agri.batches.setCategoryRule(f.operator, {
        category: 'Subsidised fertilisers',
        needsBatch: false,
        licenceKind: 'fertiliser',
        subsidised: true,
      });
      await f.agri.batches.setCategoryRule(f.operator, {
        category: 'Micronutrients',
        needsBatch: false,
        licenceKind: 'fertiliser',
      });
      const make = async (name: string, category: string, uqc: string) =>
        (
          await f.billing.items.createItem(f.operator, {
            kind: 'goods',
            name,
            hsnSac: '3102',
            uqc,
            rateCategory: 'gst-5',
            priceIncludesTax: true,
            category,
            variants: [{ pricePaise: 26_650 }],
          })
        ).variants[0]?.id ?? '';
      urea = await make('Neem coated urea 45 kg', 'Subsidised fertilisers', 'BAG');
      dap = await make('DAP 50 kg', 'Subsidised fertilisers', 'BAG');
      zinc = await make('Zinc sulphate 5 kg', 'Micronutrients', 'KGS');
      await f.billing.stock.adjust(f.operator, {
        storeId: f.tenant.storeId,
        reason: 'opening',
        lines: [urea, dap, zinc].map((variantId) => ({ variantId, quantity: 100 })),
      });
    });

    const sell = (
      lines: { variantId: string; quantity: number }[],
      subsidy?: { posReference: string; bags: number },
    ) =>
      f.billing.checkout.checkout(
        f.operator,
        {
          storeId: f.tenant.storeId,
          lines,
          payments: [{ method: 'cash', amountPaise: 5_000_000 }],
          ...(subsidy === undefined ? {} : { fertiliserSubsidy: subsidy }),
        },
        key(),
      );

    it('only a fertiliser category can be subsidised', async () => {
      await expect(
        f.agri.batches.setCategoryRule(f.operator, {
          category: 'Pesticides',
          needsBatch: true,
          licenceKind: 'pesticide',
          subsidised: true,
        }),
      ).rejects.toMatchObject({ field: 'subsidised' });
      const rules = await f.agri.batches.categoryRules(f.operator);
      expect(rules.find((r) => r.category === 'Pesticides')).toMatchObject({ subsidised: false });
      expect(rules.find((r) => r.category === 'Subsidised fertilisers')).toMatchObject({ subsidised: true });
      const counter = await saleRules(f.db, f.agri.licences, f.operator, f.tenant.storeId, [urea, zinc]);
      expect(counter.subsidised).toEqual([{ variantId: urea, bagged: true }]);
    });

    it('needs the PoS reference and bags matching the bags sold; nothing is written when refused', async () => {
      const count = async () =>
        (
          await f.db
            .selectFrom('fertiliser_subsidy_sales')
            .select('document_id')
            .where('tenant_id', '=', f.tenant.tenantId)
            .execute()
        ).length;
      const before = await count();
      await expect(sell([{ variantId: urea, quantity: 2 }])).rejects.toMatchObject({
        code: 'validation_failed',
        field: 'fertiliserSubsidy',
        details: { reason: 'subsidy-needed' },
      });
      await expect(
        sell(
          [
            { variantId: urea, quantity: 2 },
            { variantId: dap, quantity: 3 },
          ],
          { posReference: 'IFMS-0001-0042', bags: 4 },
        ),
      ).rejects.toMatchObject({
        field: 'fertiliserSubsidy.bags',
        details: { reason: 'subsidy-bags-mismatch', bags: 5 },
      });
      expect(await count()).toBe(before);
      const stock = await f.db
        .selectFrom('stock_levels')
        .select('qty_milli')
        .where('tenant_id', '=', f.tenant.tenantId)
        .where('variant_id', '=', urea)
        .executeTakeFirstOrThrow();
      expect(stock.qty_milli).toBe(100_000);

      const bill = await sell(
        [
          { variantId: urea, quantity: 2 },
          { variantId: dap, quantity: 3 },
          { variantId: zinc, quantity: 1 },
        ],
        { posReference: 'IFMS-0001-0042', bags: 5 },
      );
      expect(await subsidyOf(f.db, f.tenant.tenantId, bill.id)).toEqual({
        posReference: 'IFMS-0001-0042',
        bags: 5,
      });
      const text = String(await f.billing.documents.render(f.operator, bill.id, 'invoice', 'text')).replace(
        /\s+/g,
        ' ',
      );
      expect(text).toContain('transaction IFMS-0001-0042, 5 bag(s)');
      expect(text).toContain('Fertiliser licence: FCO/GJ/2025/77');
      // Non-subsidised fertiliser alone needs no PoS reference.
      await sell([{ variantId: zinc, quantity: 1 }]);
      expect(await count()).toBe(before + 1);
    });
  });

  describe('over HTTP', () => {
    let t: IdentityTestApp;
    let storeId: string;
    let owner: SignedIn;
    let cashier: SignedIn;
    let variantId: string;
    const send = (s: SignedIn, method: 'GET' | 'PUT', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });
    beforeAll(async () => {
      t = await buildIdentityTestApp(getDb());
      const tenant = await createTenant(getDb().db, { name: 'Kisan Seva Kendra' });
      storeId = tenant.storeId;
      await seedRoles(getDb().db, tenant.tenantId);
      owner = await signIn(t, await createAccount(t.services, tenant.tenantId, { role: 'owner' }), 'owner');
      cashier = await signIn(
        t,
        await createAccount(t.services, tenant.tenantId, { role: 'cashier', storeId }),
      );
      const item = await t.services.billing.items.createItem(operatorActor(tenant.tenantId), {
        kind: 'goods',
        name: 'DAP 50 kg',
        hsnSac: '3105',
        uqc: 'BAG',
        rateCategory: 'gst-5',
        priceIncludesTax: true,
        category: 'Subsidised fertilisers',
        variants: [{ pricePaise: 135_000 }],
      });
      variantId = item.variants[0]?.id ?? '';
    }, 120_000);
    afterAll(async () => {
      await t.close();
    });

    it('answers 400 naming the field for a bad window, licence or rule, 403 to a cashier changing them, and tells the cashier the sale rules', async () => {
      for (const nearExpiryDays of [0, 366, 2.5]) {
        const bad = await send(owner, 'PUT', '/api/v1/agri/settings', { nearExpiryDays });
        expect(bad.statusCode, String(nearExpiryDays)).toBe(400);
        expect(bad.json<{ error: { field: string } }>().error.field).toBe('body.nearExpiryDays');
      }
      expect((await send(cashier, 'PUT', '/api/v1/agri/settings', { nearExpiryDays: 10 })).statusCode).toBe(
        403,
      );
      expect((await send(owner, 'PUT', '/api/v1/agri/settings', { nearExpiryDays: 10 })).json()).toEqual({
        nearExpiryDays: 10,
      });
      expect((await send(cashier, 'GET', '/api/v1/agri/settings')).json()).toEqual({ nearExpiryDays: 10 });
      const near = await send(cashier, 'GET', '/api/v1/stock/batches/near-expiry');
      expect(near.json<{ days: number }>().days).toBe(10);

      const sameDay = await send(owner, 'PUT', `/api/v1/stores/${storeId}/licences/fertiliser`, {
        number: 'FCO/GJ/2025/77',
        validFrom: '2026-04-01',
        validUntil: '2026-04-01',
      });
      expect(sameDay.statusCode).toBe(400);
      expect(sameDay.json<{ error: { field: string } }>().error.field).toBe('validUntil');
      const badRule = await send(owner, 'PUT', '/api/v1/agri/category-rules', {
        category: 'Subsidised fertilisers',
        needsBatch: false,
        licenceKind: 'seed',
        subsidised: true,
      });
      expect(badRule.statusCode).toBe(400);
      expect(badRule.json<{ error: { field: string } }>().error.field).toBe('subsidised');
      expect(
        (
          await send(owner, 'PUT', '/api/v1/agri/category-rules', {
            category: 'Subsidised fertilisers',
            needsBatch: false,
            licenceKind: 'fertiliser',
            subsidised: true,
          })
        ).statusCode,
      ).toBe(200);

      const rules = await send(
        cashier,
        'GET',
        `/api/v1/agri/sale-rules?storeId=${storeId}&variantIds=${variantId}`,
      );
      expect(rules.statusCode).toBe(200);
      expect(rules.json()).toEqual({
        licences: [
          {
            kind: 'fertiliser',
            state: 'missing',
            number: null,
            validFrom: null,
            validUntil: null,
            daysLeft: null,
            variantIds: [variantId],
          },
        ],
        subsidised: [{ variantId, bagged: true }],
      });
      const badIds = await send(cashier, 'GET', `/api/v1/agri/sale-rules?storeId=${storeId}&variantIds=`);
      expect(badIds.statusCode).toBe(400);
      expect(badIds.json<{ error: { field: string } }>().error.field).toMatch(/^querystring\.variantIds/);
    });
  });
});
