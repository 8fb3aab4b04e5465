/**
 * The first run asks whether a sale may take stock below zero (issue 19, item 9): a value other
 * than allow or refuse is refused with the field named and nothing written; the shop's choice is
 * kept in its billing settings, and without a choice the shop keeps the default (allow).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSettings } from '../../src/modules/billing/billing-settings.repository.js';
import { describeEachEngine } from '../support/engines.js';
import { ORIGIN, buildIdentityTestApp, type IdentityTestApp } from '../support/identity.js';

const business = {
  businessName: 'Nanda Agro Inputs Private Limited',
  gstin: '27AAPFU0939F1ZV',
  addressLine: '14 Market Yard Road',
  city: 'Nashik',
  pin: '422001',
  ownerEmail: 'owner@nanda-agro.example',
  ownerPassword: 'harvest lantern 2026 tamarind orbit',
};

describeEachEngine('first run: the negative-stock choice', (getDb) => {
  let t: IdentityTestApp;
  let code: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    code = (await t.services.setup.openSetupWindow()) ?? '';
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const post = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: { origin: ORIGIN }, payload });

  it('refuses an unknown choice naming the field, then keeps "refuse"', async () => {
    for (const negativeStock of ['sometimes', '', 1, null]) {
      const bad = await post({ ...business, code, negativeStock });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { field: string } }>().error.field).toBe('body.negativeStock');
    }
    const tenants = await getDb().db.selectFrom('tenants').select('id').execute();
    expect(tenants).toEqual([]);

    const created = await post({ ...business, code, negativeStock: 'refuse' });
    expect(created.statusCode).toBe(201);
    const { tenantId } = created.json<{ tenantId: string }>();
    expect((await loadSettings(getDb().db, tenantId)).negativeStock).toBe('refuse');
  });
});

describeEachEngine('first run: the choice without a store address', (getDb) => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('keeps the default, allow, and a choice without an address is still kept', async () => {
    const code = (await t.services.setup.openSetupWindow()) ?? '';
    const { addressLine: _a, city: _c, pin: _p, ...withoutAddress } = business;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: ORIGIN },
      payload: { ...withoutAddress, code, negativeStock: 'allow' },
    });
    expect(created.statusCode).toBe(201);
    const { tenantId } = created.json<{ tenantId: string }>();
    expect((await loadSettings(getDb().db, tenantId)).negativeStock).toBe('allow');
    const row = await getDb()
      .db.selectFrom('billing_settings')
      .select('negative_stock')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    expect(row?.negative_stock).toBe('allow');
  });
});
