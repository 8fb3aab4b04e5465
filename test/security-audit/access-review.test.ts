/**
 * Access reviews over the real API on both engines: a campaign has one item per grant; a store's
 * manager sees and decides the grants of that store (never their own, never owners' or tenant-wide
 * grants); removing a role needs a fresh re-authentication, takes the role away, ends the user's
 * sessions and is in the audit trail; unanswered items escalate to the owners with an alert; the
 * business keeps an owner; the campaign closes when every item is decided; the daily job starts
 * one campaign per period.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext } from '../../src/kernel/audit.js';
import type { CampaignView, ItemView } from '../../src/modules/access-review/access-review.views.js';
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

const DAY = 86_400_000;

describeEachEngine('access reviews', (getDb) => {
  let t: IdentityTestApp;

  /** A business of its own for each test: an owner, store A's manager and cashier, store B's cashier. */
  interface Shop {
    tenantId: string;
    storeA: string;
    owner: TestAccount;
    o: SignedIn;
    managerA: TestAccount;
    m: SignedIn;
    cashierA: TestAccount;
    cashierSession: SignedIn;
    cashierB: TestAccount;
  }
  async function newShop(): Promise<Shop> {
    const db = getDb().db;
    const { tenantId, storeId: storeA } = await createTenant(db, { name: 'Fake Fabrics' });
    const storeB = await createStore(db, tenantId, { storeName: 'Branch' });
    await seedRoles(db, tenantId);
    const owner = await createAccount(t.services, tenantId, { role: 'owner' });
    const managerA = await createAccount(t.services, tenantId, { role: 'manager', storeId: storeA });
    const cashierA = await createAccount(t.services, tenantId, { role: 'cashier', storeId: storeA });
    const cashierB = await createAccount(t.services, tenantId, { role: 'cashier', storeId: storeB });
    return {
      tenantId,
      storeA,
      owner,
      o: await signIn(t, owner, 'owner'),
      managerA,
      m: await signIn(t, managerA, 'manager'),
      cashierA,
      cashierSession: await signIn(t, cashierA),
      cashierB,
    };
  }
  /** A shop with a campaign started by its owner. */
  async function shopWithCampaign(): Promise<Shop & { campaign: CampaignView }> {
    const shop = await newShop();
    const res = await call('POST', shop.o, '/api/v1/access-reviews');
    expect(res.statusCode).toBe(201);
    return { ...shop, campaign: res.json<{ campaign: CampaignView }>().campaign };
  }

  const call = (method: 'GET' | 'POST' | 'PUT', s: SignedIn, url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });
  const itemsFor = async (campaign: CampaignView, s: SignedIn) =>
    (await call('GET', s, `/api/v1/access-reviews/${campaign.id}`)).json<{ items: ItemView[] }>().items;
  const decide = (campaign: CampaignView, s: SignedIn, item: ItemView, decision: 'confirm' | 'remove') =>
    call('POST', s, `/api/v1/access-reviews/${campaign.id}/items/${item.id}/decision`, { decision });
  const entries = async (tenantId: string, action: string) =>
    (
      await getDb()
        .db.selectFrom('audit_entries')
        .select(['details', 'object_id', 'actor_id'])
        .where('tenant_id', '=', tenantId)
        .where('action', '=', action)
        .orderBy('seq')
        .execute()
    ).map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }));

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('an owner starts a campaign with one item per grant; cashiers cannot see reviews', async () => {
    const { o, cashierSession } = await newShop();
    const res = await call('POST', o, '/api/v1/access-reviews');
    expect(res.statusCode).toBe(201);
    const campaign = res.json<{ campaign: CampaignView }>().campaign;
    expect(campaign.period).toMatch(/^\d{4}-Q[1-4]$/);
    expect(campaign.counts).toEqual({ total: 4, confirmed: 0, removed: 0, pending: 4 });
    expect((await call('POST', o, '/api/v1/access-reviews')).statusCode).toBe(409);
    expect((await call('GET', cashierSession, '/api/v1/access-reviews')).statusCode).toBe(403);
  });

  it('a store manager decides the grants of their store only: not their own, not owners, not another store', async () => {
    const { campaign, o, m, cashierA, cashierB } = await shopWithCampaign();
    const mine = await itemsFor(campaign, m);
    const decidable = mine.filter((i) => i.mayDecide).map((i) => `${i.userId}:${i.role}`);
    expect(decidable).toEqual([`${cashierA.userId}:cashier`]);
    expect(mine.find((i) => i.userId === cashierA.userId)?.userName).toBe('Test User');
    expect(mine.some((i) => i.userId === cashierB.userId)).toBe(false);
    const all = await itemsFor(campaign, o);
    expect(all).toHaveLength(4);
    for (const item of all.filter((i) => i.userId !== cashierA.userId))
      expect((await decide(campaign, m, item, 'confirm')).statusCode).toBe(404);
  });

  it('removing a role needs a fresh re-authentication, ends the user’s sessions, and is in the audit trail', async () => {
    const { campaign, tenantId, storeA, m, managerA, cashierA, cashierSession } = await shopWithCampaign();
    const item = (await itemsFor(campaign, m)).find((i) => i.userId === cashierA.userId);
    if (item === undefined) throw new Error('no item');
    expect((await call('GET', cashierSession, '/api/v1/auth/me')).statusCode).toBe(200);
    // The sign-in itself counts as a re-authentication for 5 minutes.
    t.clock.advance(6 * 60_000);
    const refused = await decide(campaign, m, item, 'remove');
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    expect(
      (await call('POST', m, '/api/v1/auth/reauthenticate', { password: managerA.password })).statusCode,
    ).toBe(204);
    const removed = await decide(campaign, m, item, 'remove');
    expect(removed.statusCode).toBe(200);
    expect(removed.json<{ campaign: CampaignView }>().campaign.counts).toMatchObject({
      removed: 1,
      pending: 3,
    });
    expect((await call('GET', cashierSession, '/api/v1/auth/me')).statusCode).toBe(401);
    const grants = await getDb()
      .db.selectFrom('user_roles')
      .select('role_id')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', cashierA.userId)
      .execute();
    expect(grants).toEqual([]);
    const [decision] = await entries(tenantId, 'access_review.decide');
    expect(decision).toMatchObject({
      object_id: item.id,
      actor_id: managerA.userId,
      details: { decision: 'remove', role: 'cashier', store: storeA, grantRemoved: true, sessionsEnded: 1 },
    });
    const [revoke] = await entries(tenantId, 'user.role.revoke');
    expect(revoke).toMatchObject({
      object_id: cashierA.userId,
      details: { reason: 'access_review', sessionsEnded: 1 },
    });
    expect((await decide(campaign, m, item, 'confirm')).statusCode).toBe(409);
  });

  it('unanswered items escalate to the owners past the due date, with an alert', async () => {
    const { campaign, tenantId, o, m, managerA, cashierA } = await shopWithCampaign();
    // One item decided (the manager removes store A's cashier); the three others stay unanswered.
    expect(
      (await call('POST', m, '/api/v1/auth/reauthenticate', { password: managerA.password })).statusCode,
    ).toBe(204);
    const cashierItem = (await itemsFor(campaign, m)).find((i) => i.userId === cashierA.userId);
    if (cashierItem === undefined) throw new Error('no item');
    expect((await decide(campaign, m, cashierItem, 'remove')).statusCode).toBe(200);
    expect(await t.services.accessReviews.service.escalate(systemContext(tenantId, 'test'))).toBe(0);
    // Two weeks on (moving the due date back keeps everyone's sessions alive).
    await getDb()
      .db.updateTable('access_review_campaigns')
      .set({ due_at: new Date(t.clock.now().getTime() - DAY).toISOString() })
      .where('id', '=', campaign.id)
      .execute();
    expect(await t.services.accessReviews.service.escalate(systemContext(tenantId, 'test'))).toBe(3);
    const alerts = await t.services.monitoring.alerts.list(
      tenantId,
      { detector: 'access_review_overdue' },
      10,
    );
    expect(alerts).toEqual([expect.objectContaining({ subjectId: campaign.id, severity: 'medium' })]);
    expect((await itemsFor(campaign, o)).filter((i) => i.escalated)).toHaveLength(3);
    expect(await t.services.accessReviews.service.escalate(systemContext(tenantId, 'test'))).toBe(0);
  });

  it('the business keeps an owner; the owner decides the rest and the campaign closes', async () => {
    const { campaign, tenantId, o, owner, m, managerA, cashierA } = await shopWithCampaign();
    // Store A's manager has removed their cashier's role; the owner decides the rest.
    expect(
      (await call('POST', m, '/api/v1/auth/reauthenticate', { password: managerA.password })).statusCode,
    ).toBe(204);
    const cashierItem = (await itemsFor(campaign, m)).find((i) => i.userId === cashierA.userId);
    if (cashierItem === undefined) throw new Error('no item');
    expect((await decide(campaign, m, cashierItem, 'remove')).statusCode).toBe(200);
    await call('POST', o, '/api/v1/auth/reauthenticate', { password: owner.password });
    const items = await itemsFor(campaign, o);
    const own = items.find((i) => i.userId === owner.userId);
    if (own === undefined) throw new Error('no item');
    expect(own.mayDecide).toBe(true);
    const keep = await decide(campaign, o, own, 'remove');
    expect(keep.statusCode).toBe(409);
    expect(keep.json<{ error: { message: string } }>().error.message).toMatch(/keep an active owner/);
    for (const item of items.filter((i) => i.decision === null))
      expect((await decide(campaign, o, item, 'confirm')).statusCode).toBe(200);
    const closed = (await call('GET', o, `/api/v1/access-reviews/${campaign.id}`)).json<{
      campaign: CampaignView;
    }>().campaign;
    expect(closed.status).toBe('closed');
    expect(closed.counts).toEqual({ total: 4, confirmed: 3, removed: 1, pending: 0 });
    expect(await entries(tenantId, 'access_review.close')).toHaveLength(1);
  });

  it('settings need a re-authentication and a frequency of 1, 3, 6 or 12 months; the job starts one campaign per period', async () => {
    const { o } = await newShop();
    const bad = await call('PUT', o, '/api/v1/access-reviews/settings', { frequencyMonths: 2, dueDays: 14 });
    expect(bad.statusCode).toBe(400);
    const ok = await call('PUT', o, '/api/v1/access-reviews/settings', { frequencyMonths: 1, dueDays: 7 });
    expect(ok.statusCode).toBe(200);
    const first = await t.services.accessReviews.service.runScheduled();
    const again = await t.services.accessReviews.service.runScheduled();
    expect(first.started).toBe(1);
    expect(again.started).toBe(0);
    const list = (await call('GET', o, '/api/v1/access-reviews')).json<{ campaigns: CampaignView[] }>()
      .campaigns;
    expect(list[0]).toMatchObject({ trigger: 'schedule', status: 'open' });
    expect(list[0]?.period).toMatch(/^\d{4}-\d{2}$/);
  });
});
