/**
 * What a busy salon and a curious colleague cannot do, on both engines: twenty receptionists
 * booking one stylist's 10:00 leave one appointment; a redemption and a refund of the same last
 * package session cannot both succeed; client notes are read only by the stylist serving the
 * client during the appointment or a manager with a reason, every read is in the trail, exports
 * carry them and erasure leaves no trace of a note in the database's bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSigner, generateSigningKeyPair } from '../../src/crypto/signing.js';
import { inventoryTables } from '../../src/db/data-inventory.js';
import { ErasureService } from '../../src/modules/keys/erasure.service.js';
import { CustomerErasureService } from '../../src/modules/privacy/customer-erasure.service.js';
import { collectCustomerData } from '../../src/modules/privacy/subject-data.js';
import { describeEachEngine } from '../support/engines.js';
import { key } from '../billing/support/billing-fixture.js';
import { auditEntries, tableAuditRecorder } from '../billing/support/table-audit.js';
import { noteEditInput } from '../../src/modules/salon/salon.schemas.js';
import {
  createSalonFixture,
  newClient,
  rawDatabaseContains,
  steppedUp,
  type SalonFixture,
} from './support/salon-fixture.js';

describeEachEngine('salon safety', (getDb, engine) => {
  let f: SalonFixture;
  beforeAll(async () => {
    f = await createSalonFixture(getDb().db, engine);
  });

  describe('double booking', () => {
    it("twenty concurrent bookings of one stylist's 10:00 slot leave exactly one appointment", async () => {
      const startsAt = '2026-05-16T04:30:00.000Z'; // 10:00 IST tomorrow
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          f.salon.appointments.book(f.cashier, {
            storeId: f.tenant.storeId,
            staffId: f.asha.userId ?? '',
            serviceId: f.haircut,
            customerId: f.client,
            source: 'phone',
            startsAt,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected'))
        expect(r.reason).toMatchObject({ code: 'conflict' });
      const rows = await f.db
        .selectFrom('appointments')
        .select('id')
        .where('tenant_id', '=', f.tenant.tenantId)
        .where('staff_id', '=', f.asha.userId ?? '')
        .where('starts_at', '=', startsAt)
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('an overlapping time is refused, back to back is fine, another stylist is free; a cancelled slot opens again', async () => {
      const book = (staffId: string, startsAt: string) =>
        f.salon.appointments.book(f.cashier, {
          storeId: f.tenant.storeId,
          staffId,
          serviceId: f.haircut,
          source: 'phone',
          startsAt,
        });
      const first = await book(f.ravi.userId ?? '', '2026-05-17T04:30:00.000Z');
      expect(first.endsAt).toBe('2026-05-17T05:15:00.000Z');
      await expect(book(f.ravi.userId ?? '', '2026-05-17T05:00:00.000Z')).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(book(f.ravi.userId ?? '', '2026-05-17T05:15:00.000Z')).resolves.toMatchObject({
        status: 'booked',
      });
      await expect(book(f.asha.userId ?? '', '2026-05-17T05:00:00.000Z')).resolves.toMatchObject({
        status: 'booked',
      });
      await f.salon.appointments.close(f.cashier, first.id, 'cancelled', 'client called');
      await expect(book(f.ravi.userId ?? '', '2026-05-17T04:30:00.000Z')).resolves.toMatchObject({
        status: 'booked',
      });
      await expect(book(f.ravi.userId ?? '', '2026-05-15T04:30:00.000Z')).rejects.toMatchObject({
        field: 'startsAt',
      });
    });

    it('walk-ins queue at the next free minute with a number; a no-show is recorded', async () => {
      const walkIn = () =>
        f.salon.appointments.book(f.cashier, {
          storeId: f.tenant.storeId,
          staffId: f.ravi.userId ?? '',
          serviceId: f.haircut,
          source: 'walk_in',
        });
      const a = await walkIn();
      const b = await walkIn();
      expect(b.startsAt).toBe(a.endsAt);
      expect((b.queueNumber ?? 0) - (a.queueNumber ?? 0)).toBe(1);
      await expect(f.salon.appointments.close(f.cashier, b.id, 'no_show')).resolves.toMatchObject({
        status: 'no_show',
      });
      await expect(f.salon.appointments.checkIn(f.cashier, b.id)).rejects.toMatchObject({ code: 'conflict' });
    });
  });

  it('a redemption and a refund of the same last session at once: exactly one succeeds', async () => {
    const plan = await f.salon.prepaid.createPackagePlan(f.operator, {
      name: 'Single spa',
      serviceId: f.spa,
      sessions: 1,
      pricePaise: 525_000,
      validityDays: 30,
      transferable: false,
      refundable: true,
    });
    for (let round = 0; round < 4; round++) {
      const client = await newClient(f);
      const sold = await f.salon.checkout.checkout(
        f.cashier,
        {
          storeId: f.tenant.storeId,
          customerId: client,
          lines: [{ packagePlanId: plan.id }],
          payments: [{ method: 'cash', amountPaise: 525_000 }],
        },
        key(),
      );
      const packageId = sold.salon.packages[0]?.packageId ?? '';
      const results = await Promise.allSettled([
        f.salon.checkout.checkout(
          f.cashier,
          {
            storeId: f.tenant.storeId,
            customerId: client,
            lines: [{ variantId: f.spa, quantity: 1, packageId }],
            payments: [],
          },
          key(),
        ),
        f.salon.prepaid.refundSessions(f.manager, packageId, { sessions: 1, method: 'cash' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const pkg = await f.salon.prepaid.package(f.operator, packageId);
      expect(pkg.sessionsUsed + pkg.sessionsRefunded).toBe(1);
      expect(pkg.sessionsLeft).toBe(0);
      const events = await f.db
        .selectFrom('package_events')
        .select('kind')
        .where('tenant_id', '=', f.tenant.tenantId)
        .where('package_id', '=', packageId)
        .execute();
      expect(events.map((e) => e.kind).sort()).toEqual(
        ['sold', pkg.sessionsUsed === 1 ? 'redeemed' : 'refunded'].sort(),
      );
    }
  });

  describe('client notes', () => {
    const note = 'Allergic to PPD hair dye; patch test 48h; formula 6.1 + 20vol';
    /**
     * A client of their own for each test (so the tests stand in any order): the note written by
     * Asha, and when `startsAt` is given, a colour appointment with her then.
     */
    const clientWithNote = async (startsAt?: string) => {
      const client = await newClient(f, 'Nisha Kapoor');
      await f.salon.notes.add(f.asha, client, { kind: 'allergy', text: note });
      const appointment =
        startsAt === undefined
          ? undefined
          : await f.salon.appointments.book(f.cashier, {
              storeId: f.tenant.storeId,
              staffId: f.asha.userId ?? '',
              serviceId: f.colour,
              customerId: client,
              source: 'phone',
              startsAt,
            });
      return { client, appointmentId: appointment?.id ?? '' };
    };

    const reads = async (client: string) =>
      (await auditEntries(f.db, f.tenant.tenantId)).filter(
        (e) =>
          e.object_id === client && e.action.startsWith('client_note.') && e.action !== 'client_note.add',
      );

    it('are listed masked, and refused to a cashier and to the stylist before the appointment, each refusal recorded', async () => {
      const { client } = await clientWithNote('2026-05-15T08:30:00.000Z'); // 14:00 IST, two hours on
      const listed = await f.salon.notes.list(f.cashier, client);
      expect(listed).toEqual([expect.objectContaining({ kind: 'allergy', hasText: true, hasPhoto: false })]);
      expect(JSON.stringify(listed)).not.toContain('PPD');
      const before = (await reads(client)).length;
      await expect(f.salon.notes.read(f.cashier, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      await expect(f.salon.notes.read(f.asha, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      await expect(f.salon.notes.read(f.ravi, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      const after = await reads(client);
      expect(after.length - before).toBe(3);
      expect(after.filter((e) => e.action === 'client_note.read' && e.outcome === 'denied')).toHaveLength(3);
      expect(JSON.stringify(after)).not.toContain('PPD');
    });

    it('are read by the stylist serving the client during the appointment only, and each read is recorded', async () => {
      // 16:00 to 18:00 IST today.
      const { client, appointmentId } = await clientWithNote('2026-05-15T10:30:00.000Z');
      f.clock.set('2026-05-15T10:40:00.000Z');
      try {
        await f.salon.appointments.checkIn(f.cashier, appointmentId);
        const count = async (outcome: string) =>
          (await reads(client)).filter((e) => e.outcome === outcome).length;
        const [success, denied] = [await count('success'), await count('denied')];
        const read = await f.salon.notes.read(f.asha, client, {});
        expect(read).toMatchObject({ basis: 'appointment', erased: false });
        expect(read.notes[0]?.text).toBe(note);
        await expect(f.salon.notes.read(f.ravi, client, {})).rejects.toMatchObject({ code: 'forbidden' });
        expect([await count('success'), await count('denied')]).toEqual([success + 1, denied + 1]);
        const entry = (await reads(client)).find(
          (e) => e.outcome === 'success' && e.action === 'client_note.read',
        );
        expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({ basis: 'appointment', appointmentId });
        f.clock.set('2026-05-15T13:30:00.000Z'); // an hour after the appointment ended
        await expect(f.salon.notes.read(f.asha, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      } finally {
        f.clock.set('2026-05-15T06:30:00.000Z');
      }
    });

    it('are read by a manager only with a reason and a fresh sign-in, recorded as a reveal', async () => {
      const { client } = await clientWithNote();
      await expect(f.salon.notes.read(f.manager, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      const reason = { category: 'customer_request' as const, text: 'client asked what formula we used' };
      await expect(f.salon.notes.read(f.manager, client, { reason })).rejects.toMatchObject({
        code: 'reauthentication_required',
      });
      const read = await f.salon.notes.read(steppedUp(f, f.manager), client, { reason });
      expect(read).toMatchObject({ basis: 'manager' });
      expect(read.notes[0]?.text).toBe(note);
      const reveals = (await auditEntries(f.db, f.tenant.tenantId, 'client_note.pii.reveal')).filter(
        (e) => e.object_id === client,
      );
      expect(reveals).toHaveLength(1);
      expect(reveals[0]?.details).not.toContain('formula');
    });

    it('are in the data-subject export and gone, down to the bytes, after erasure', async () => {
      const { client } = await clientWithNote();
      const sections = await collectCustomerData(f.db, f.keys.cipher, f.tenant.tenantId, client);
      const notes = sections.find((s) => s.table === 'client_notes');
      expect(notes?.rows[0]).toMatchObject({ kind: 'allergy', body: note });
      expect(inventoryTables().some(([t]) => t === 'client_notes')).toBe(true);

      const erasure = new ErasureService(f.db, f.clock, f.keys.cipher, tableAuditRecorder, undefined);
      const signer = createSigner(generateSigningKeyPair());
      const service = new CustomerErasureService({
        db: f.db,
        clock: f.clock,
        audit: tableAuditRecorder,
        erasure,
        signer: () => Promise.resolve(signer),
      });
      await service.erase(f.operator, { customerId: client, reason: 'dsr_erasure' });
      const after = await f.salon.notes.read(steppedUp(f, f.manager), client, {
        reason: { category: 'legal', text: 'check erasure' },
      });
      expect(after).toMatchObject({ erased: true, notes: [] });
      expect(await rawDatabaseContains(getDb(), 'PPD hair dye')).toBe(false);
      // The scan does find what is in clear, so a pass means something.
      expect(await rawDatabaseContains(getDb(), f.tenant.tenantId)).toBe(true);
    });
  });

  describe('client note edits', () => {
    it('the author and a manager edit a note; another stylist and a cashier cannot; each edit is audited without the note; the old text is gone', async () => {
      const first = 'Sensitive scalp; avoid ammonia; formula 5.0 + 10vol';
      const second = 'Sensitive scalp; ammonia-free only; formula 5.3 + 10vol';
      const third = 'Sensitive scalp; ammonia-free only; formula 5.3 + 6vol; patch test each visit';
      const client = await newClient(f, 'Ritu Bose');
      const added = await f.salon.notes.add(f.asha, client, { kind: 'colour_formula', text: first });
      const edits = async () =>
        (await auditEntries(f.db, f.tenant.tenantId, 'client_note.edit')).filter(
          (e) => e.object_id === client,
        );

      await expect(f.salon.notes.edit(f.ravi, client, added.id, { text: 'x' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(f.salon.notes.edit(f.cashier, client, added.id, { text: 'x' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(f.salon.notes.edit(f.asha, client, 'no-such-note', { text: 'x' })).rejects.toMatchObject({
        code: 'not_found',
      });
      const stranger = await newClient(f, 'Other Client');
      await expect(f.salon.notes.edit(f.asha, stranger, added.id, { text: 'x' })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect((await f.salon.notes.list(f.ravi, client))[0]).toMatchObject({
        editable: false,
        updatedAt: null,
      });
      expect((await f.salon.notes.list(f.asha, client))[0]).toMatchObject({ editable: true });
      expect((await f.salon.notes.list(f.manager, client))[0]).toMatchObject({ editable: true });

      const byAuthor = await f.salon.notes.edit(f.asha, client, added.id, { text: second });
      expect(byAuthor).toMatchObject({ id: added.id, kind: 'colour_formula', hasText: true });
      expect(byAuthor.updatedAt).toBe(f.clock.now().toISOString());
      await f.salon.notes.edit(f.manager, client, added.id, { text: third });

      const reason = { category: 'customer_request' as const, text: 'client asked for the formula' };
      const read = await f.salon.notes.read(steppedUp(f, f.manager), client, { reason });
      expect(read.notes.map((n) => n.text)).toEqual([third]);

      const entries = await edits();
      expect(entries.map((e) => e.outcome).sort()).toEqual(['denied', 'success', 'success']);
      const details = entries
        .filter((e) => e.outcome === 'success')
        .map((e) => JSON.parse(e.details) as { noteId: string; byAuthor: boolean; changed: string[] })
        .sort((a, b) => Number(a.byAuthor) - Number(b.byAuthor));
      expect(details).toEqual([
        { noteId: added.id, kind: 'colour_formula', changed: ['text'], byAuthor: false },
        { noteId: added.id, kind: 'colour_formula', changed: ['text'], byAuthor: true },
      ]);
      const raw = JSON.stringify(entries);
      for (const text of ['ammonia', 'formula 5', 'Sensitive']) expect(raw).not.toContain(text);
      expect(await rawDatabaseContains(getDb(), 'avoid ammonia')).toBe(false);
      expect(await rawDatabaseContains(getDb(), 'ammonia-free')).toBe(false);
    });

    it('an edit names what it changes: an empty one is refused at the boundary', () => {
      const refused = noteEditInput.safeParse({});
      expect(refused.success).toBe(false);
      expect(refused.error?.issues[0]?.path).toEqual(['text']);
      expect(noteEditInput.safeParse({ text: 'ok', kind: 'allergy' }).success).toBe(false);
      expect(noteEditInput.safeParse({ photo: 'data:image/gif;base64,AAAA' }).success).toBe(false);
    });
  });
});
