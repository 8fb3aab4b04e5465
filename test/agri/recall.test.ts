/**
 * Batch recall on both engines (issue 17): the recall of a batch lists exactly its sales (bill,
 * date, quantity net of returns, none of another batch's); revealing the farmers to contact needs
 * the permission, a reason and a recent step-up and is recorded; the notice is queued by SMS to
 * the farmers who consented; a credit note puts the stock back into the batch it was sold from.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { CheckoutInput } from '../../src/modules/billing/checkout.schemas.js';
import { builtinRoles } from '../../src/modules/auth/permissions.js';
import type { ServiceActor } from '../../src/kernel/actor.js';
import { describeEachEngine } from '../support/engines.js';
import { seedRoles } from '../support/identity.js';
import { key } from '../billing/support/billing-fixture.js';
import { auditEntries } from '../billing/support/table-audit.js';
import { createAgriFixture, newPesticide, receiveBatches, type AgriFixture } from './support/agri-fixture.js';

describeEachEngine('agri batch recall', (getDb, engine) => {
  let f: AgriFixture;
  beforeAll(async () => {
    f = await createAgriFixture(getDb().db, engine);
    const roles = await f.db
      .selectFrom('roles')
      .select('id')
      .where('tenant_id', '=', f.tenant.tenantId)
      .execute();
    if (roles.length === 0) await seedRoles(f.db, f.tenant.tenantId);
  });
  /** A signed-in user of `role`, stepped up `minutesAgo` minutes ago. */
  const staff = async (role: string, minutesAgo: number): Promise<ServiceActor> => {
    const userId = randomUUID();
    const actor = { type: 'user' as const, id: userId };
    const now = f.clock.now().toISOString();
    await f.db
      .insertInto('users')
      .values({
        tenant_id: f.tenant.tenantId,
        id: userId,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const { id: roleId } = await f.db
      .selectFrom('roles')
      .select('id')
      .where('tenant_id', '=', f.tenant.tenantId)
      .where('name', '=', role)
      .executeTakeFirstOrThrow();
    await f.db
      .insertInto('user_roles')
      .values({ tenant_id: f.tenant.tenantId, user_id: userId, role_id: roleId, store_id: '*' })
      .execute();
    return {
      tenantId: f.tenant.tenantId,
      userId,
      audit: { tenantId: f.tenant.tenantId, actor, source: 'http 10.1.1.20' },
      auth: {
        tenantId: f.tenant.tenantId,
        userId,
        actor,
        roles: [role],
        permissions: new Set(builtinRoles[role]),
        storeIds: 'all',
        mfaSatisfied: true,
        reauthenticatedAt: new Date(f.clock.now().getTime() - minutesAgo * 60_000),
      },
    };
  };
  const sell = (lines: CheckoutInput['lines'], customerId?: string) => {
    f.clock.advance(60_000);
    return f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        lines,
        payments: [{ method: 'cash', amountPaise: 10_000_000 }],
        ...(customerId === undefined ? {} : { customerId }),
      },
      key(),
    );
  };
  const farmer = (name: string) =>
    f.billing.customers.create(f.operator, {
      name,
      phone: `+91 98${randomBytes(4).readUInt32BE(0).toString().padStart(8, '0').slice(0, 8)}`,
      creditLimitPaise: 0,
    });

  it('lists exactly the sales of the batch, reveals farmers behind the gate and queues the notice to those who consented', async () => {
    f.clock.set('2026-05-15T06:30:00.000Z');
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'RC-101', expiryDate: '2027-06-30', quantity: 10 },
      { batchNo: 'RC-202', expiryDate: '2028-06-30', quantity: 10 },
    ]);
    const batches = await f.agri.batches.batches(f.operator, { storeId: f.tenant.storeId, variantId: v });
    const recalled = batches.find((b) => b.batchNo === 'RC-101')?.id ?? '';
    const other = batches.find((b) => b.batchNo === 'RC-202')?.id ?? '';
    const asha = await farmer('Asha Bhil');
    const bhola = await farmer('Bhola Nath');
    const chetan = await farmer('Chetan Rao');
    const toAsha = await sell([{ variantId: v, quantity: 3 }], asha.id);
    const toBhola = await sell([{ variantId: v, quantity: 2 }], bhola.id);
    const walkIn = await sell([{ variantId: v, quantity: 1 }]);
    // Chetan's bottles come from the other batch, chosen at the counter.
    await sell([{ variantId: v, quantity: 4, batchId: other }], chetan.id);
    // Asha brings one bottle back: it goes back into RC-101.
    await f.billing.creditNotes.issue(
      f.operator,
      {
        invoiceId: toAsha.id,
        reason: 'return',
        lines: [{ lineNumber: 1, quantity: 1 }],
        refunds: [{ method: 'cash', amountPaise: 45_000 }],
      },
      key(),
    );
    const after = await f.agri.batches.batch(f.operator, recalled);
    expect(after.quantity).toBe(5);
    expect(after.movements.map((m) => [m.kind, m.quantity])).toEqual([
      ['receipt', 10],
      ['sale', -3],
      ['sale', -2],
      ['sale', -1],
      ['return', 1],
    ]);
    expect((await f.agri.batches.batch(f.operator, other)).quantity).toBe(6);

    const recall = await f.agri.recalls.sales(f.operator, recalled);
    expect(recall.batch).toMatchObject({ batchNo: 'RC-101', expiryDate: '2027-06-30' });
    expect(recall.sales).toEqual([
      { documentId: toAsha.id, billNumber: toAsha.number, date: '2026-05-15', quantity: 2, hasFarmer: true },
      {
        documentId: toBhola.id,
        billNumber: toBhola.number,
        date: '2026-05-15',
        quantity: 2,
        hasFarmer: true,
      },
      { documentId: walkIn.id, billNumber: walkIn.number, date: '2026-05-15', quantity: 1, hasFarmer: false },
    ]);
    expect(JSON.stringify(recall)).not.toMatch(/Asha|Bhola|\+91/);
    // Before anyone agreed to SMS reminders: the notice would reach nobody, and the screen says why.
    expect(recall.audience).toEqual({
      willReceive: 0,
      alreadySent: 0,
      withoutConsent: 2,
      withoutPhone: 0,
      erased: 0,
      walkInBills: 1,
      lastSentAt: null,
    });

    const reason = { category: 'legal' as const, text: 'pesticide recall notice' };
    // Without the permission, without a reason, without a recent step-up: refused, nothing shown.
    await expect(f.agri.recalls.farmers(await staff('cashier', 0), recalled, reason)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      f.agri.recalls.farmers(await staff('owner', 0), recalled, { category: 'other', text: '' }),
    ).rejects.toMatchObject({ field: 'reason.text' });
    await expect(f.agri.recalls.farmers(await staff('owner', 30), recalled, reason)).rejects.toMatchObject({
      code: 'reauthentication_required',
    });
    await expect(f.agri.recalls.farmers(f.operator, recalled, reason)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await auditEntries(f.db, f.tenant.tenantId, 'recall.pii.reveal')).toEqual([]);

    // A recall notice is a safety notice, not marketing: consent to reminders counts, to marketing not.
    for (const [who, purpose] of [
      [asha.id, 'reminders_sms'],
      [bhola.id, 'marketing_sms'],
    ] as const)
      await f.db
        .insertInto('consent_current')
        .values({
          tenant_id: f.tenant.tenantId,
          customer_id: who,
          purpose,
          granted: 1,
          event_id: randomBytes(8).toString('hex'),
          notice_version: 'v1',
          updated_at: f.clock.now().toISOString(),
        })
        .execute();
    const owner = await staff('owner', 1);
    const farmers = await f.agri.recalls.farmers(owner, recalled, reason);
    expect(farmers.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''))).toEqual([
      {
        customerId: asha.id,
        name: 'Asha Bhil',
        phone: expect.stringMatching(/^\+91/) as unknown,
        bills: [toAsha.number],
        quantity: 2,
        smsConsent: true,
      },
      {
        customerId: bhola.id,
        name: 'Bhola Nath',
        phone: expect.stringMatching(/^\+91/) as unknown,
        bills: [toBhola.number],
        quantity: 2,
        smsConsent: false,
      },
    ]);
    const reveals = await auditEntries(f.db, f.tenant.tenantId, 'recall.pii.reveal');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ object_id: recalled });
    expect(JSON.stringify(reveals)).not.toMatch(/Asha|Bhola|\+91/);

    // A farmer with no phone on record who agreed: counted apart, never queued.
    const dinesh = await f.billing.customers.create(f.operator, { name: 'Dinesh Mali', creditLimitPaise: 0 });
    await f.db
      .insertInto('consent_current')
      .values({
        tenant_id: f.tenant.tenantId,
        customer_id: dinesh.id,
        purpose: 'reminders_sms',
        granted: 1,
        event_id: randomBytes(8).toString('hex'),
        notice_version: 'v1',
        updated_at: f.clock.now().toISOString(),
      })
      .execute();
    await sell([{ variantId: v, quantity: 1, batchId: recalled }], dinesh.id);
    const expected = {
      willReceive: 1,
      alreadySent: 0,
      withoutConsent: 1,
      withoutPhone: 1,
      erased: 0,
      walkInBills: 1,
      lastSentAt: null,
    };
    expect((await f.agri.recalls.sales(f.operator, recalled)).audience).toEqual(expected);
    const notice = await f.agri.recalls.sendNotice(owner, recalled);
    expect(notice).toEqual({ ...expected, queued: 1, lastSentAt: f.clock.now().toISOString() });
    // Sent again: nobody gets it twice; the farmer already told is counted as such.
    const again = await f.agri.recalls.sendNotice(owner, recalled);
    expect(again).toMatchObject({ queued: 0, willReceive: 0, alreadySent: 1, withoutConsent: 1 });
    expect((await f.agri.recalls.sales(f.operator, recalled)).audience).toMatchObject({
      willReceive: 0,
      alreadySent: 1,
      lastSentAt: f.clock.now().toISOString(),
    });
    const queued = await f.db
      .selectFrom('notification_deliveries')
      .select(['recipient_customer_id', 'channel', 'payload', 'ref_id'])
      .where('tenant_id', '=', f.tenant.tenantId)
      .where('kind', '=', 'batch_recall')
      .execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ recipient_customer_id: asha.id, channel: 'sms', ref_id: recalled });
    expect(queued[0]?.payload).toContain('RECALL');
    expect(queued[0]?.payload).toContain('batch RC-101');
    const sent = await auditEntries(f.db, f.tenant.tenantId, 'recall.notice.send');
    expect(sent).toHaveLength(2);
    expect(JSON.stringify(sent)).not.toMatch(/Asha|\+91/);
    // A cashier cannot send the notice.
    await expect(f.agri.recalls.sendNotice(await staff('cashier', 0), recalled)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('a return never puts more into a batch than the line took from it; the rest of a line split over batches goes to the next', async () => {
    f.clock.set('2026-05-15T06:30:00.000Z');
    const v = await newPesticide(f);
    await receiveBatches(f, v, [
      { batchNo: 'SPLIT-A', expiryDate: '2026-12-31', quantity: 2 },
      { batchNo: 'SPLIT-B', expiryDate: '2027-12-31', quantity: 5 },
    ]);
    const bill = await sell([{ variantId: v, quantity: 4 }]);
    const quantities = async () =>
      (
        await f.agri.batches.batches(f.operator, {
          storeId: f.tenant.storeId,
          variantId: v,
          includeEmpty: true,
        })
      ).map((b) => [b.batchNo, b.quantity]);
    expect(await quantities()).toEqual([
      ['SPLIT-A', 0],
      ['SPLIT-B', 3],
    ]);
    for (const quantity of [1, 2])
      await f.billing.creditNotes.issue(
        f.operator,
        {
          invoiceId: bill.id,
          reason: 'return',
          lines: [{ lineNumber: 1, quantity }],
          refunds: [{ method: 'cash', amountPaise: quantity * 45_000 }],
        },
        key(),
      );
    // 1 then 2 back: SPLIT-A gets back its 2, SPLIT-B the third.
    expect(await quantities()).toEqual([
      ['SPLIT-A', 2],
      ['SPLIT-B', 4],
    ]);
  });
});
