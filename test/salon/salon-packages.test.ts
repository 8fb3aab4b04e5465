/**
 * Package transfers, the prepaid liability report and client photos on both engines: a package
 * moves, with what is left of it, only when its plan allows, only while it runs, only to another
 * client, and the old owner can no longer use it; the liability report values unused sessions at
 * the price paid and wallet value at its balance, and follows every sale, redemption, refund and
 * load to the paisa; a photo note is sealed like a text note, read only by the stylist serving
 * the client during the appointment, exported with the client's data and erased down to the bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSigner, generateSigningKeyPair } from '../../src/crypto/signing.js';
import { ErasureService } from '../../src/modules/keys/erasure.service.js';
import { CustomerErasureService } from '../../src/modules/privacy/customer-erasure.service.js';
import { collectCustomerData } from '../../src/modules/privacy/subject-data.js';
import { noteInput } from '../../src/modules/salon/salon.schemas.js';
import { describeEachEngine } from '../support/engines.js';
import { key } from '../billing/support/billing-fixture.js';
import { auditEntries, tableAuditRecorder } from '../billing/support/table-audit.js';
import {
  createSalonFixture,
  loadWallet,
  newClient,
  packagePlan,
  rawDatabaseContains,
  sellPackage,
  type SalonFixture,
} from './support/salon-fixture.js';

describeEachEngine('salon packages, liability and photos', (getDb, engine) => {
  let f: SalonFixture;
  beforeAll(async () => {
    f = await createSalonFixture(getDb().db, engine);
  });

  /** One haircut for `client`, paid with a session of `packageId`. */
  const redeem = (client: string, packageId: string) =>
    f.salon.checkout.checkout(
      f.cashier,
      {
        storeId: f.tenant.storeId,
        customerId: client,
        lines: [{ variantId: f.haircut, quantity: 1, staffIds: [f.asha.userId ?? ''], packageId }],
        payments: [],
      },
      key(),
    );
  const eventsOf = async (packageId: string) =>
    (
      await f.db
        .selectFrom('package_events')
        .select(['kind', 'sessions', 'amount_paise'])
        .where('tenant_id', '=', f.tenant.tenantId)
        .where('package_id', '=', packageId)
        .execute()
    ).map((e) => `${e.kind}:${String(e.sessions)}:${String(Number(e.amount_paise))}`);

  describe('transfer', () => {
    it('moves what is left to another client, who then uses it; the old owner cannot; audited without personal data', async () => {
      const plan = await packagePlan(f, { name: 'Six haircuts to share', transferable: true });
      const { client, packageId } = await sellPackage(f, plan);
      await redeem(client, packageId);
      const to = await newClient(f, 'Rohini Sathe');
      const moved = await f.salon.prepaid.transfer(f.cashier, packageId, to);
      expect(moved).toMatchObject({ customerId: to, sessionsLeft: 5, sessionsUsed: 1, status: 'active' });
      expect(moved.expiresOn).toBe('2026-08-13');
      expect(await f.salon.prepaid.clientPackages(f.cashier, client)).toEqual([]);
      // The old owner's next visit cannot draw on it; the new owner's does, with no tax.
      await expect(redeem(client, packageId)).rejects.toMatchObject({
        code: 'validation_failed',
        field: 'lines.0.packageId',
      });
      const visit = await redeem(to, packageId);
      expect(visit.document.totals).toMatchObject({ taxPaise: 0, totalPaise: 0 });
      expect(visit.salon.packages.find((p) => p.packageId === packageId)?.sessionsLeft).toBe(4);
      expect((await eventsOf(packageId)).sort()).toEqual(
        ['sold:6:168000', 'redeemed:1:28000', 'transferred:5:0', 'redeemed:1:28000'].sort(),
      );
      const audit = (await auditEntries(f.db, f.tenant.tenantId, 'salon.package.transfer')).filter(
        (e) => e.object_id === packageId,
      );
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toMatch(/Rohini|Sathe|98\d{8}/);
    });

    it('refuses a package whose plan does not allow it, the same client, an unknown client and a stylist, writing nothing', async () => {
      const fixed = await packagePlan(f, { name: 'Six haircuts, mine only' });
      const mine = await sellPackage(f, fixed);
      const other = await newClient(f);
      await expect(f.salon.prepaid.transfer(f.cashier, mine.packageId, other)).rejects.toMatchObject({
        code: 'validation_failed',
        field: 'packageId',
      });
      const shared = await packagePlan(f, { name: 'Six haircuts, shareable', transferable: true });
      const sold = await sellPackage(f, shared);
      await expect(f.salon.prepaid.transfer(f.cashier, sold.packageId, sold.client)).rejects.toMatchObject({
        code: 'validation_failed',
        field: 'customerId',
      });
      await expect(
        f.salon.prepaid.transfer(f.cashier, sold.packageId, '00000000-0000-4000-8000-000000000000'),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'customerId' });
      await expect(f.salon.prepaid.transfer(f.asha, sold.packageId, other)).rejects.toMatchObject({
        code: 'forbidden',
      });
      for (const { packageId, client } of [mine, sold]) {
        expect(await f.salon.prepaid.package(f.operator, packageId)).toMatchObject({
          customerId: client,
          sessionsLeft: 6,
        });
        expect(await eventsOf(packageId)).toEqual(['sold:6:168000']);
      }
    });

    it('refuses a package past its last day, before and after the expiry job, and one used up', async () => {
      const plan = await packagePlan(f, {
        name: 'Two haircuts, shareable',
        transferable: true,
        sessions: 2,
        pricePaise: 60_000,
        validityDays: 10,
      });
      const running = await sellPackage(f, plan);
      const usedUp = await sellPackage(f, plan);
      await redeem(usedUp.client, usedUp.packageId);
      await redeem(usedUp.client, usedUp.packageId);
      const other = await newClient(f);
      await expect(f.salon.prepaid.transfer(f.cashier, usedUp.packageId, other)).rejects.toMatchObject({
        code: 'conflict',
      });
      f.clock.set('2026-05-26T06:30:00.000Z'); // the day after its last day (25 May)
      try {
        await expect(f.salon.prepaid.transfer(f.cashier, running.packageId, other)).rejects.toMatchObject({
          code: 'validation_failed',
          field: 'packageId',
        });
        await f.salon.prepaid.expire(f.tenant.tenantId);
        await expect(f.salon.prepaid.transfer(f.cashier, running.packageId, other)).rejects.toMatchObject({
          code: 'conflict',
        });
      } finally {
        f.clock.set('2026-05-15T06:30:00.000Z');
      }
      expect(await f.salon.prepaid.package(f.operator, running.packageId)).toMatchObject({
        customerId: running.client,
      });
    });
  });

  describe('liability report', () => {
    it('values unused sessions at the price paid and wallets at their balance, following each sale, use, refund and load', async () => {
      const report = () => f.salon.prepaid.liability(f.manager);
      const plan = await packagePlan(f, { name: 'Six haircuts for the books' });
      const start = await report();
      const { client, packageId } = await sellPackage(f, plan);
      const sold = await report();
      expect(sold.packages.find((p) => p.packageId === packageId)).toMatchObject({
        name: 'Six haircuts for the books',
        sessionsLeft: 6,
        valuePaise: 168_000,
        expiresOn: '2026-08-13',
      });
      expect(sold.packagesPaise - start.packagesPaise).toBe(168_000);
      await redeem(client, packageId);
      const used = await report();
      expect(used.packages.find((p) => p.packageId === packageId)).toMatchObject({
        sessionsLeft: 5,
        valuePaise: 140_000,
      });
      await f.salon.prepaid.refundSessions(f.manager, packageId, { sessions: 2, method: 'cash' });
      const refunded = await report();
      expect(refunded.packages.find((p) => p.packageId === packageId)).toMatchObject({
        sessionsLeft: 3,
        valuePaise: 84_000,
      });
      expect(refunded.packagesPaise - start.packagesPaise).toBe(84_000);

      // Rs 10,000 paid for Rs 12,000 of value: the shop owes the value, not what was paid.
      const wallet = await loadWallet(f, client, 1_000_000, 1_200_000);
      const loaded = await report();
      expect(loaded.wallets.find((w) => w.walletId === wallet.id)).toEqual({
        walletId: wallet.id,
        balancePaise: 1_200_000,
        expiresOn: '2027-05-15',
      });
      expect(loaded.walletsPaise - refunded.walletsPaise).toBe(1_200_000);
      await f.salon.checkout.checkout(
        f.cashier,
        {
          storeId: f.tenant.storeId,
          customerId: client,
          lines: [{ variantId: f.spa, quantity: 1, staffIds: [f.ravi.userId ?? ''] }],
          walletId: wallet.id,
          walletPaise: 525_000,
          payments: [],
        },
        key(),
      );
      const spent = await report();
      expect(spent.wallets.find((w) => w.walletId === wallet.id)?.balancePaise).toBe(675_000);
      // Every figure reconciles: the totals are the sums of the rows.
      for (const r of [start, sold, used, refunded, loaded, spent]) {
        expect(r.packagesPaise).toBe(r.packages.reduce((a, p) => a + p.valuePaise, 0));
        expect(r.walletsPaise).toBe(r.wallets.reduce((a, w) => a + w.balancePaise, 0));
        expect(r.totalPaise).toBe(r.packagesPaise + r.walletsPaise);
        expect(r.date).toBe('2026-05-15');
      }
      // The report names no client.
      expect(JSON.stringify(spent)).not.toContain(client);
    });

    it('is for those who see sales reports: a cashier and a stylist are refused', async () => {
      await expect(f.salon.prepaid.liability(f.cashier)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(f.salon.prepaid.liability(f.asha)).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('client photos', () => {
    // A 1x1 PNG whose base64 carries a marker a raw scan can look for.
    const marker = 'SALONPHOTOMARKERQ29sb3VyQmVmb3Jl';
    const photo = `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk${marker}AAAAABJRU5ErkJggg==`;

    it('is sealed, listed masked, read by the stylist serving the client only during the appointment, exported, and erased to the bytes', async () => {
      const client = await newClient(f, 'Pallavi Joshi');
      await f.salon.notes.add(f.asha, client, { kind: 'photo', photo });
      expect(await rawDatabaseContains(getDb(), marker)).toBe(false);
      const listed = await f.salon.notes.list(f.cashier, client);
      expect(listed).toEqual([expect.objectContaining({ kind: 'photo', hasText: false, hasPhoto: true })]);
      expect(JSON.stringify(listed)).not.toContain(marker);
      const appointment = await f.salon.appointments.book(f.cashier, {
        storeId: f.tenant.storeId,
        staffId: f.ravi.userId ?? '',
        serviceId: f.colour,
        customerId: client,
        source: 'phone',
        startsAt: '2026-05-16T08:30:00.000Z', // 14:00 IST tomorrow
      });
      await expect(f.salon.notes.read(f.ravi, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      await expect(f.salon.notes.read(f.cashier, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      f.clock.set('2026-05-16T08:40:00.000Z');
      try {
        await f.salon.appointments.checkIn(f.cashier, appointment.id);
        const read = await f.salon.notes.read(f.ravi, client, {});
        expect(read.notes).toEqual([expect.objectContaining({ kind: 'photo', text: null, photo })]);
        // The author is not serving this client now: a note's author gets no standing read.
        await expect(f.salon.notes.read(f.asha, client, {})).rejects.toMatchObject({ code: 'forbidden' });
      } finally {
        f.clock.set('2026-05-15T06:30:00.000Z');
      }
      const reads = (await auditEntries(f.db, f.tenant.tenantId, 'client_note.read')).filter(
        (e) => e.object_id === client,
      );
      expect(reads.map((e) => e.outcome).sort()).toEqual(['denied', 'denied', 'denied', 'success']);
      expect(JSON.stringify(reads)).not.toContain(marker);

      const sections = await collectCustomerData(f.db, f.keys.cipher, f.tenant.tenantId, client);
      expect(JSON.stringify(sections.find((s) => s.table === 'client_notes')?.rows)).toContain(marker);

      const erasure = new ErasureService(f.db, f.clock, f.keys.cipher, tableAuditRecorder, undefined);
      const signer = createSigner(generateSigningKeyPair());
      await new CustomerErasureService({
        db: f.db,
        clock: f.clock,
        audit: tableAuditRecorder,
        erasure,
        signer: () => Promise.resolve(signer),
      }).erase(f.operator, { customerId: client, reason: 'dsr_erasure' });
      expect(await rawDatabaseContains(getDb(), marker)).toBe(false);
    });

    it('takes a JPEG or PNG picture of at most 512 KB only, naming the field otherwise', () => {
      expect(noteInput.safeParse({ kind: 'photo', photo }).success).toBe(true);
      for (const bad of [
        'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
        'https://example.test/p.png',
        'data:image/png;base64,<script>',
        `data:image/png;base64,${'A'.repeat(700_001)}`,
      ]) {
        const parsed = noteInput.safeParse({ kind: 'photo', photo: bad });
        expect(parsed.success, bad.slice(0, 30)).toBe(false);
        expect(parsed.error?.issues[0]?.path).toEqual(['photo']);
      }
      // A photo note without a photo or text says what is missing.
      expect(noteInput.safeParse({ kind: 'photo' }).error?.issues[0]?.path).toEqual(['text']);
    });
  });
});
