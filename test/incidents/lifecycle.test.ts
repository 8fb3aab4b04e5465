/**
 * An incident's life through the API: validation that names the field and writes nothing, the
 * state machine (one step at a time, early close only for a false positive, closing only with
 * every reporting clock settled, reviewed only with a review, one alert per review action past
 * its due date in India), notes on an append-only timeline that the database itself protects,
 * every change in the audit trail without personal data, and isolation: other businesses and
 * roles without `incident.manage` see nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { buildIdentityTestApp, createAccount, signIn, type IdentityTestApp } from '../support/identity.js';
import { call, createShop, ok, type Shop } from './support.js';

interface View {
  incident: {
    id: string;
    status: string;
    nextStatuses: string[];
    resolution: string | null;
    reference: string;
  };
}

describeEachEngine('incident lifecycle', (getDb) => {
  let t: IdentityTestApp;
  let shop: Shop;
  let other: Shop;

  const open = (session = shop.ownerSession, body: Record<string, unknown> = {}) =>
    ok<View>(t, session, 'POST', '/incidents', {
      title: 'Billing laptop stolen from the counter',
      category: 'lost_or_stolen_device',
      severity: 'high',
      awareAt: '2026-06-01T10:00:00+05:30',
      ...body,
    });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
  }, 60_000);
  // Each test gets its own shop (and sessions) at the starting time, so tests pass alone and
  // in any order even when one moves the clock on days or ends sessions.
  beforeEach(async () => {
    // A test that moved the clock on left sign-in throttle windows in what is now the future.
    await getDb().db.deleteFrom('auth_throttle').execute();
    t.clock.set('2026-06-01T05:00:00.000Z');
    shop = await createShop(t);
    other = await createShop(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await getDb().db.selectFrom('incidents').select('id').execute();
    const tries: Array<[Record<string, unknown>, string]> = [
      [{ category: 'volcano' }, 'body.category'],
      [{ severity: 'apocalyptic' }, 'body.severity'],
      [{ title: 'Call Ramesh on 98765 43210 now' }, 'title'],
      [{ ownerUserId: other.owner.userId }, 'ownerUserId'],
      [{ storeIds: [other.storeId] }, 'storeIds'],
      [{ dataCategories: ['aadhaar'] }, 'body.dataCategories.0'],
      [{ unexpected: true }, 'body'],
    ];
    for (const [body, field] of tries) {
      const res = await call<{ error: { code: string; field: string } }>(
        t,
        shop.ownerSession,
        'POST',
        '/incidents',
        {
          title: 'Something happened',
          category: 'data_leak',
          severity: 'low',
          awareAt: '2026-06-01T04:00:00Z',
          ...body,
        },
      );
      expect(res.status, field).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect(await getDb().db.selectFrom('incidents').select('id').execute()).toEqual(before);
  });

  it('moves one step at a time; closes only with the clocks settled; is reviewed only with a review', async () => {
    const { incident } = await open();
    expect(incident.reference).toMatch(/^INC-\d+$/);
    expect(incident.nextStatuses).toEqual(['triaged', 'closed']);
    const to = (status: string, extra: Record<string, unknown> = {}) =>
      call<{ error: { code: string; details?: Record<string, unknown> } }>(
        t,
        shop.ownerSession,
        'POST',
        `/incidents/${incident.id}/status`,
        { to: status, ...extra },
      );
    expect((await to('contained')).status).toBe(409);
    expect((await to('closed')).status).toBe(400);
    for (const s of ['triaged', 'contained', 'eradicated', 'recovered'])
      expect((await to(s)).status).toBe(200);
    const refused = await to('closed', { note: 'All clear' });
    expect(refused.status).toBe(412);
    expect(refused.body.error.details?.openClocks).toEqual(['cert_in']);
    await ok(t, shop.ownerSession, 'POST', `/incidents/${incident.id}/notices/cert_in/not-required`, {
      reason: 'reported_by_another_party',
    });
    expect((await to('closed', { note: 'All clear' })).status).toBe(200);
    const noReview = await to('reviewed');
    expect(noReview.status).toBe(412);
    await ok(t, shop.ownerSession, 'PUT', `/incidents/${incident.id}/review`, {
      rootCause: 'The laptop was left unlocked at the counter overnight.',
      whatWorked: 'Sessions of the device were revoked within 20 minutes.',
      toImprove: 'Lock counter laptops in the store room after closing.',
    });
    const action = await ok<{ id: string }>(
      t,
      shop.ownerSession,
      'POST',
      `/incidents/${incident.id}/review/actions`,
      {
        description: 'Buy a lockable cabinet for counter laptops',
        ownerUserId: shop.owner.userId,
        dueOn: '2026-06-15',
      },
    );
    expect((await to('reviewed')).status).toBe(200);
    await ok(t, shop.ownerSession, 'POST', `/incidents/${incident.id}/review/actions/${action.id}/done`);
    const review = await ok<{ review: { rootCause: string }; actions: Array<{ status: string }> }>(
      t,
      shop.ownerSession,
      'GET',
      `/incidents/${incident.id}/review`,
    );
    expect(review.review.rootCause).toContain('unlocked');
    expect(review.actions.map((a) => a.status)).toEqual(['done']);
    expect((await to('triaged')).status).toBe(409);

    // A false alarm closes early with that resolution.
    const alarm = await open();
    await ok(t, shop.ownerSession, 'POST', `/incidents/${alarm.incident.id}/status`, { to: 'triaged' });
    const closed = await ok<View>(t, shop.ownerSession, 'POST', `/incidents/${alarm.incident.id}/status`, {
      to: 'closed',
      resolution: 'false_positive',
    });
    expect(closed.incident).toMatchObject({ status: 'closed', resolution: 'false_positive' });
  });

  it('keeps an append-only timeline with encrypted notes, and audits every change without the text', async () => {
    const { incident } = await open();
    const note = 'Store manager Test Person found the drawer open at 09:40.';
    await ok(t, shop.ownerSession, 'POST', `/incidents/${incident.id}/notes`, { text: note });
    await ok(t, shop.ownerSession, 'PATCH', `/incidents/${incident.id}`, {
      severity: 'critical',
      description: 'Laptop with a signed-in cashier session.',
    });
    const { events } = await ok<{ events: Array<{ seq: number; kind: string; note: string | null }> }>(
      t,
      shop.ownerSession,
      'GET',
      `/incidents/${incident.id}/timeline`,
    );
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'created'],
      [2, 'note'],
      [3, 'updated'],
    ]);
    expect(events[1]?.note).toBe(note);
    const db = getDb().db;
    const stored = await db
      .selectFrom('incident_events')
      .select('note_enc')
      .where('incident_id', '=', incident.id)
      .execute();
    expect(stored.find((r) => r.note_enc !== null)?.note_enc).toMatch(/^tj1:documents:/);
    await expect(
      sql`update incident_events set kind = 'forged' where incident_id = ${incident.id}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from incident_events where incident_id = ${incident.id}`.execute(db),
    ).rejects.toThrow(/append-only/);
    const audit = await db
      .selectFrom('audit_entries')
      .select(['action', 'details'])
      .where('tenant_id', '=', shop.tenantId)
      .where('object_id', '=', incident.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['incident.create', 'incident.note', 'incident.update']);
    for (const a of audit) expect(a.details).not.toMatch(/drawer|Test Person|signed-in cashier/);
  });

  it('is invisible to other businesses and refused to roles without incident.manage', async () => {
    const { incident } = await open();
    expect((await call(t, other.ownerSession, 'GET', `/incidents/${incident.id}`)).status).toBe(404);
    expect(
      (await call(t, other.ownerSession, 'POST', `/incidents/${incident.id}/status`, { to: 'triaged' }))
        .status,
    ).toBe(404);
    const theirs = await ok<{ incidents: Array<{ id: string }> }>(t, other.ownerSession, 'GET', '/incidents');
    expect(theirs.incidents.some((i) => i.id === incident.id)).toBe(false);
    for (const role of ['manager', 'cashier', 'auditor']) {
      const person = await createAccount(t.services, shop.tenantId, { role });
      const session = await signIn(t, person, role);
      expect((await call(t, session, 'GET', '/incidents')).status, role).toBe(403);
    }
  });

  it('alerts once about a review action past its due date (India date), and not about one done', async () => {
    const { incident } = await open();
    for (const s of ['triaged', 'contained', 'eradicated', 'recovered'])
      await ok(t, shop.ownerSession, 'POST', `/incidents/${incident.id}/status`, { to: s });
    await ok(t, shop.ownerSession, 'PUT', `/incidents/${incident.id}/review`, {
      rootCause: 'A shared counter password was written on the drawer.',
      whatWorked: 'Monitoring raised the alert the same night.',
      toImprove: 'Personal sign-ins for every cashier.',
    });
    const addAction = (description: string, dueOn: string) =>
      ok<{ id: string }>(t, shop.ownerSession, 'POST', `/incidents/${incident.id}/review/actions`, {
        description,
        ownerUserId: shop.owner.userId,
        dueOn,
      });
    const late = await addAction('Give every cashier a personal sign-in', '2026-06-10');
    const done = await addAction('Remove the note from the drawer', '2026-06-10');
    const later = await addAction('Train staff on phishing', '2026-06-11');
    await ok(t, shop.ownerSession, 'POST', `/incidents/${incident.id}/review/actions/${done.id}/done`);

    // 23:00 UTC on 10 June is 04:30 on 11 June in India: the 10 June action is overdue there.
    t.clock.set('2026-06-10T23:00:00.000Z');
    await t.services.incidents.watch.run();
    await t.services.incidents.watch.run();
    const alerts = await t.services.monitoring.alerts.list(
      shop.tenantId,
      { detector: 'incident_action_overdue' },
      10,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.details).toEqual({
      incidentId: incident.id,
      actionId: late.id,
      ownerUserId: shop.owner.userId,
      dueOn: '2026-06-10',
    });
    // Ten days on, the owner's session has ended: a second owner reads the review.
    const again = await signIn(t, await createAccount(t.services, shop.tenantId, { role: 'owner' }), 'owner');
    const review = await ok<{ actions: Array<{ id: string; overdue: boolean }> }>(
      t,
      again,
      'GET',
      `/incidents/${incident.id}/review`,
    );
    const overdue = Object.fromEntries(review.actions.map((a) => [a.id, a.overdue]));
    expect(overdue).toEqual({ [late.id]: true, [done.id]: false, [later.id]: false });
  });
});
