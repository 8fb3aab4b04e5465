/**
 * The walk-in queue over the real app on both engines: bad input is refused naming the field,
 * a walk-in joins with the service wanted and an optional preferred stylist, the queue shows the
 * waiting time and the stylists free now, assigning a free stylist makes an appointment checked
 * in now and the client leaves the queue, a busy stylist is refused, two receptionists assigning
 * the same client at once get one appointment, a client who goes away leaves the queue, and a
 * role without appointments cannot see the queue. The queue shows the client masked only.
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

interface QueueEntry {
  id: string;
  queueNumber: number;
  serviceName: string;
  customerMasked: string | null;
  preferredStaffId: string | null;
  waitingMinutes: number;
  freeStaff: Array<{ staffId: string; firstName: string }>;
}
interface ErrorReply {
  error: { code: string; field?: string };
}

describeEachEngine('salon walk-in queue', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let storeId: string;
  let desk: SignedIn;
  let desk2: SignedIn;
  let asha: string;
  let ravi: string;
  let haircut: string;
  let massage: string;
  let client: string;
  const send = (s: SignedIn, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });
  const queue = async (s = desk) => {
    const res = await send(s, 'GET', `/api/v1/salon/queue?storeId=${storeId}`);
    expect(res.statusCode).toBe(200);
    return res.json<{ queue: QueueEntry[] }>().queue;
  };
  /**
   * Each test's own day, later than every day before it whatever the order the tests run in (the
   * clock only moves forward: sign-in limits and sessions count time forward), at `hhmm` IST.
   */
  let day = 1;
  const nextDay = () => {
    day += 1;
    const date = `2026-06-${String(day).padStart(2, '0')}`;
    return (utc: string) => `${date}T${utc}:00.000Z`;
  };
  /** Receptionists signed in at the test's hour (a session idles out when the clock jumps hours). */
  const signInDesks = async () => {
    desk = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
    desk2 = await signIn(t, await createAccount(t.services, tenantId, { role: 'cashier', storeId }));
  };
  const join = (payload: object) => send(desk, 'POST', '/api/v1/salon/queue', { storeId, ...payload });

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    t.clock.set('2026-06-01T04:30:00.000Z'); // 10:00 IST
    const tenant = await createTenant(getDb().db, { name: 'Glow Salon' });
    tenantId = tenant.tenantId;
    storeId = tenant.storeId;
    await seedRoles(getDb().db, tenantId);
    const operator = operatorActor(tenantId);
    await signInDesks();
    asha = (await createAccount(t.services, tenantId, { role: 'stylist', storeId })).userId;
    ravi = (await createAccount(t.services, tenantId, { role: 'stylist', storeId })).userId;
    const service = async (name: string, staffIds: string[]) =>
      (
        await t.services.salon.services.create(operator, {
          name,
          sac: '999721',
          pricePaise: 31_500,
          priceIncludesTax: true,
          durationMinutes: 30,
          staffIds,
        })
      ).id;
    haircut = await service('Haircut', [asha, ravi]);
    massage = await service('Head massage', [asha]);
    client = (
      await t.services.billing.customers.create(operator, {
        name: 'Meera Iyer',
        phone: '9812345670',
        creditLimitPaise: 0,
      })
    ).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses bad input naming the field, and a role without appointments', async () => {
    const at = nextDay();
    t.clock.set(at('04:30')); // 10:00 IST
    await signInDesks();
    const cases: Array<[object, string]> = [
      [{}, 'body.serviceId'],
      [{ serviceId: 'not-an-id' }, 'body.serviceId'],
      [{ serviceId: haircut, preferredStaffId: 'x' }, 'body.preferredStaffId'],
      [{ serviceId: haircut, extra: 1 }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const res = await join(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorReply>().error.field ?? '').toContain(field);
    }
    // Ravi does not do head massages.
    const notHis = await join({ serviceId: massage, preferredStaffId: ravi });
    expect(notHis.statusCode).toBe(400);
    expect(notHis.json<ErrorReply>().error.field).toContain('preferredStaffId');
    const nobody = await join({ serviceId: massage, customerId: '00000000-0000-4000-8000-000000000000' });
    expect(nobody.statusCode).toBe(400);
    const accountant = await signIn(t, await createAccount(t.services, tenantId, { role: 'accountant' }));
    expect((await send(accountant, 'GET', `/api/v1/salon/queue?storeId=${storeId}`)).statusCode).toBe(403);
    expect((await join({ serviceId: haircut })).statusCode).toBe(201);
    const [entry] = (await queue()).filter((e) => e.serviceName === 'Haircut');
    const noStylist = await send(desk, 'POST', `/api/v1/salon/queue/${entry?.id ?? ''}/assign`, {});
    expect(noStylist.statusCode).toBe(400);
    expect(noStylist.json<ErrorReply>().error.field).toContain('staffId');
    expect((await send(desk, 'POST', `/api/v1/salon/queue/${entry?.id ?? ''}/leave`)).statusCode).toBe(200);
  });

  it('a walk-in waits, is assigned a free stylist and becomes an appointment checked in now', async () => {
    const at = nextDay();
    t.clock.set(at('06:30')); // 12:00 IST
    await signInDesks();
    const first = await join({ serviceId: massage, customerId: client, preferredStaffId: asha });
    expect(first.statusCode).toBe(201);
    const second = await join({ serviceId: massage });
    expect(second.statusCode).toBe(201);
    t.clock.set(at('06:42')); // 12 minutes later
    const waiting = await queue();
    const mine = waiting.filter((e) =>
      [first.json<QueueEntry>().id, second.json<QueueEntry>().id].includes(e.id),
    );
    expect(mine.map((e) => [e.waitingMinutes, e.preferredStaffId, e.customerMasked])).toEqual([
      [12, asha, 'M*** I***'],
      [12, null, null],
    ]);
    expect(mine[1]?.queueNumber).toBe((mine[0]?.queueNumber ?? 0) + 1);
    expect(mine[0]?.freeStaff.map((s) => s.staffId)).toEqual([asha]);
    expect(JSON.stringify(waiting)).not.toMatch(/Meera|Iyer|9812345670/);

    // Assigned to the preferred stylist (none named): an appointment starting and checked in now.
    const assigned = await send(desk, 'POST', `/api/v1/salon/queue/${mine[0]?.id ?? ''}/assign`, {});
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({
      staffId: asha,
      customerId: client,
      source: 'walk_in',
      status: 'checked_in',
      startsAt: at('06:42'),
      endsAt: at('07:12'),
      queueNumber: mine[0]?.queueNumber,
    });
    const after = await queue();
    expect(after.some((e) => e.id === mine[0]?.id)).toBe(false);
    // Asha is busy now: the next massage client has nobody free, and assigning her is refused.
    expect(after.find((e) => e.id === mine[1]?.id)?.freeStaff).toEqual([]);
    const busy = await send(desk, 'POST', `/api/v1/salon/queue/${mine[1]?.id ?? ''}/assign`, {
      staffId: asha,
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json<ErrorReply>().error.field).toBe('staffId');
    expect((await queue()).some((e) => e.id === mine[1]?.id)).toBe(true);
    // Assigning the first again is refused: it has left the queue.
    const again = await send(desk, 'POST', `/api/v1/salon/queue/${mine[0]?.id ?? ''}/assign`, {
      staffId: ravi,
    });
    expect(again.statusCode).toBe(409);
    // The second client goes away: out of the queue, and cannot leave twice.
    expect((await send(desk, 'POST', `/api/v1/salon/queue/${mine[1]?.id ?? ''}/leave`)).statusCode).toBe(200);
    expect((await queue()).some((e) => e.id === mine[1]?.id)).toBe(false);
    expect((await send(desk, 'POST', `/api/v1/salon/queue/${mine[1]?.id ?? ''}/leave`)).statusCode).toBe(409);
    const audit = await getDb()
      .db.selectFrom('audit_entries')
      .select(['action', 'details'])
      .where('tenant_id', '=', tenantId)
      .where('object_id', 'in', [mine[0]?.id ?? '', mine[1]?.id ?? ''])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'salon.walk_in.join',
      'salon.walk_in.join',
      'salon.walk_in.left',
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/Meera|Iyer|9812345670/);
  });

  it('two receptionists assigning the same walk-in at once: one appointment, one conflict', async () => {
    const at = nextDay();
    t.clock.set(at('09:30')); // 15:00 IST
    await signInDesks();
    const joined = await join({ serviceId: haircut });
    const id = joined.json<QueueEntry>().id;
    const [a, b] = await Promise.all([
      send(desk, 'POST', `/api/v1/salon/queue/${id}/assign`, { staffId: asha }),
      send(desk2, 'POST', `/api/v1/salon/queue/${id}/assign`, { staffId: ravi }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const row = await getDb()
      .db.selectFrom('salon_walk_ins')
      .select(['status', 'appointment_id'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('assigned');
    const made = await getDb()
      .db.selectFrom('appointments')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('starts_at', '=', at('09:30'))
      .execute();
    expect(made.map((m) => m.id)).toEqual([row.appointment_id]);
  });

  it('a service with no list of its staff may go to any free stylist', async () => {
    const at = nextDay();
    t.clock.set(at('11:30')); // 17:00 IST
    await signInDesks();
    const trim = (
      await t.services.salon.services.create(operatorActor(tenantId), {
        name: 'Beard trim',
        sac: '999721',
        pricePaise: 15_000,
        priceIncludesTax: true,
        durationMinutes: 15,
        staffIds: [],
      })
    ).id;
    const joined = await join({ serviceId: trim });
    expect(joined.statusCode).toBe(201);
    const [entry] = (await queue()).filter((e) => e.serviceName === 'Beard trim');
    const free = (entry?.freeStaff ?? []).map((s) => s.staffId);
    expect(free).toEqual(expect.arrayContaining([asha, ravi]));
    const assigned = await send(desk, 'POST', `/api/v1/salon/queue/${entry?.id ?? ''}/assign`, {
      staffId: ravi,
    });
    expect(assigned.statusCode).toBe(200);
    // Ravi is busy for the trim now: a second walk-in for it is offered the others only.
    expect((await join({ serviceId: trim })).statusCode).toBe(201);
    const [next] = (await queue()).filter((e) => e.serviceName === 'Beard trim');
    const nextFree = (next?.freeStaff ?? []).map((s) => s.staffId);
    expect(nextFree).toContain(asha);
    expect(nextFree).not.toContain(ravi);
  });
});
