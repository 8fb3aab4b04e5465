/**
 * An installation upgraded from a release whose first run asked for fewer details (a store
 * without a printed address, phone, email or logo and a shop without a UPI id): the owner is told
 * what is missing, can leave the optional details for later (remembered per owner, so the prompt
 * does not return at each sign-in), can never leave the address for later, and the settings list
 * still shows everything missing. Nobody but an owner is asked. Both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { describeEachEngine } from '../support/engines.js';
import { createStore, createTenant } from '../support/factories.js';
import {
  ORIGIN,
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
} from '../support/identity.js';

interface ErrorReply {
  error: { code: string; field?: string; message: string };
}
interface Missing {
  stores: { storeId: string; storeName: string; missing: string[] }[];
  upiVpaMissing: boolean;
}

describeEachEngine('missing first-run details at the owner sign-in', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let branch: string;
  let owner: SignedIn;
  let secondOwner: SignedIn;
  let manager: SignedIn;

  const get = (s: SignedIn, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/setup/missing-details${query}`, headers: s.headers });
  const skip = (s: SignedIn, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/setup/missing-details/skips', headers: s.headers, payload });
  const skipRows = () =>
    getDb()
      .db.selectFrom('missing_detail_skips')
      .select(['user_id', 'store_id', 'detail'])
      .where('tenant_id', '=', tenantId)
      .execute();

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    ({ tenantId, storeId } = await createTenant(getDb().db, { name: 'Purana Vastra' }));
    branch = await createStore(getDb().db, tenantId, { storeName: 'Station Road' });
    await seedRoles(getDb().db, tenantId);
    owner = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    secondOwner = await signIn(t, await createAccount(t.services, tenantId, { role: 'owner' }), 'owner');
    manager = await signIn(t, await createAccount(t.services, tenantId, { role: 'manager' }), 'manager');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses the address as something to give later, and a UPI id named for one store, writing nothing', async () => {
    const address = await skip(owner, { storeId, details: ['phone', 'address'] });
    expect(address.statusCode).toBe(400);
    expect(address.json<ErrorReply>().error.field).toBe('details.1');
    const upiForStore = await skip(owner, { storeId, details: ['upiVpa'] });
    expect(upiForStore.statusCode).toBe(400);
    expect(upiForStore.json<ErrorReply>().error.field).toBe('details.0');
    const phoneForShop = await skip(owner, { storeId: null, details: ['phone'] });
    expect(phoneForShop.statusCode).toBe(400);
    const empty = await skip(owner, { storeId, details: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<ErrorReply>().error.field).toBe('body.details');
    const unknownStore = await skip(owner, {
      storeId: '7d0c6a52-4a8f-4b8e-9a53-2b1f0d5c9e11',
      details: ['phone'],
    });
    expect(unknownStore.statusCode).toBe(404);
    expect(await skipRows()).toEqual([]);
  });

  it('is for owners only: a manager who manages the settings is neither asked nor able to skip', async () => {
    expect((await get(manager)).statusCode).toBe(403);
    expect((await skip(manager, { storeId, details: ['phone'] })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/setup/missing-details' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists what each store and the shop lack, remembers a skip per owner, and keeps asking for the address', async () => {
    const before = (await get(owner)).json<Missing>();
    expect(before.upiVpaMissing).toBe(true);
    const byId = new Map(before.stores.map((s) => [s.storeId, s]));
    expect(byId.get(storeId)?.missing).toEqual(['address', 'phone', 'email', 'logo']);
    expect(byId.get(branch)).toMatchObject({ storeName: 'Station Road' });

    // The owner gives the main store its address and leaves the rest for later.
    await t.services.billing.settings.updateStoreProfile(operatorActor(tenantId), storeId, {
      addressLine1: '12 Gandhi Road',
      city: 'Nashik',
      pincode: '422001',
    });
    const skipped = await skip(owner, { storeId, details: ['phone', 'email', 'logo', 'phone'] });
    expect(skipped.statusCode).toBe(204);
    expect((await skip(owner, { storeId: null, details: ['upiVpa'] })).statusCode).toBe(204);
    // Skipping again is harmless.
    expect((await skip(owner, { storeId: null, details: ['upiVpa'] })).statusCode).toBe(204);
    // The branch cannot skip its address: the prompt still names it.
    expect((await skip(owner, { storeId: branch, details: ['phone', 'email', 'logo'] })).statusCode).toBe(
      204,
    );

    const after = (await get(owner)).json<Missing>();
    expect(after).toEqual({
      stores: [{ storeId: branch, storeName: 'Station Road', missing: ['address'] }],
      upiVpaMissing: false,
    });
    // The settings list shows what is still missing, skipped or not.
    const all = (await get(owner, '?include=skipped')).json<Missing>();
    expect(all.upiVpaMissing).toBe(true);
    expect(new Map(all.stores.map((s) => [s.storeId, s.missing])).get(storeId)).toEqual([
      'phone',
      'email',
      'logo',
    ]);
    // Another owner decides for themselves.
    const other = (await get(secondOwner)).json<Missing>();
    expect(other.upiVpaMissing).toBe(true);
    expect(other.stores.find((s) => s.storeId === storeId)?.missing).toEqual(['phone', 'email', 'logo']);
    const rows = await skipRows();
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(1);

    // Once the branch has its address it is no longer asked for.
    await t.services.billing.settings.updateStoreProfile(operatorActor(tenantId), branch, {
      addressLine1: '4 Station Road',
      city: 'Nashik',
      pincode: '422101',
    });
    expect((await get(owner)).json<Missing>()).toEqual({ stores: [], upiVpaMissing: false });
  });

  it('refuses a query it does not know, naming it', async () => {
    const res = await get(owner, '?include=everything');
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorReply>().error.field).toMatch(/^querystring\.include/);
  });
});

describeEachEngine('missing details of a shop set up on the setup page', (getDb) => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('does not ask the owner again for what they left empty on the setup page, but the settings list it', async () => {
    const code = (await t.services.setup.openSetupWindow()) ?? '';
    const owner = { email: 'naya.owner@example.com', password: 'juniper stallion 4417 amber kite' };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: ORIGIN },
      payload: {
        code,
        businessName: 'Naya Kirana',
        gstin: '27AAPFU0939F1ZV',
        addressLine: '3 Market Lane',
        city: 'Pune',
        pin: '411002',
        phone: '020 2345 6789',
        ownerEmail: owner.email,
        ownerPassword: owner.password,
      },
    });
    expect(created.statusCode).toBe(201);
    const { tenantId, ownerId } = created.json<{ tenantId: string; ownerId: string }>();
    const session = await signIn(t, { userId: ownerId, ...owner }, 'owner');
    const prompt = await t.app.inject({
      method: 'GET',
      url: '/api/v1/setup/missing-details',
      headers: session.headers,
    });
    expect(prompt.json<Missing>()).toEqual({ stores: [], upiVpaMissing: false });
    const settings = await t.app.inject({
      method: 'GET',
      url: '/api/v1/setup/missing-details?include=skipped',
      headers: session.headers,
    });
    const all = settings.json<Missing>();
    expect(all.upiVpaMissing).toBe(true);
    expect(all.stores.map((s) => s.missing)).toEqual([['email', 'logo']]);
    const rows = await getDb()
      .db.selectFrom('missing_detail_skips')
      .select(['user_id', 'detail'])
      .where('tenant_id', '=', tenantId)
      .orderBy('detail')
      .execute();
    expect(rows).toEqual([
      { user_id: ownerId, detail: 'email' },
      { user_id: ownerId, detail: 'logo' },
      { user_id: ownerId, detail: 'upiVpa' },
    ]);
  });
});
