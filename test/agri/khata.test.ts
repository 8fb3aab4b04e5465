/**
 * The farmer's khata through the season on both engines (issue 17): a Kharif credit sale, a part
 * payment, simple interest on the overdue rest and the statement (PDF, English and Hindi) agree
 * to the paisa with a hand-computed example; interest is off by default; SMS reminders go once
 * per due date to farmers who consented, on a clock the test controls.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { pdftotext } from '../support/pdf-text.js';
import { key } from '../billing/support/billing-fixture.js';
import { auditEntries } from '../billing/support/table-audit.js';
import { renderStatement } from '../../src/modules/agri/statement-pdf.js';
import { defaultKhataSettings } from '../../src/modules/agri/khata.service.js';
import { createAgriFixture, type AgriFixture } from './support/agri-fixture.js';

/** 12:00 IST on an IST date. */
const noonIst = (day: string) => `${day}T06:30:00.000Z`;

describeEachEngine('agri khata through the season', (getDb, engine) => {
  let f: AgriFixture;
  let seed: string;
  beforeAll(async () => {
    f = await createAgriFixture(getDb().db, engine);
    // Hybrid paddy seed (nil rated), Rs 2,500 a bag, 40 bags in stock.
    const item = await f.billing.items.createItem(f.operator, {
      kind: 'goods',
      name: `Hybrid paddy seed 6 kg ${randomBytes(2).toString('hex')}`,
      hsnSac: '1006',
      uqc: 'BAG',
      rateCategory: 'seeds',
      priceIncludesTax: true,
      variants: [{ pricePaise: 250_000 }],
    });
    seed = item.variants[0]?.id ?? '';
    await f.billing.stock.adjust(f.operator, {
      storeId: f.tenant.storeId,
      reason: 'opening',
      lines: [{ variantId: seed, quantity: 40 }],
    });
  });

  const farmer = (name: string) =>
    f.billing.customers.create(f.operator, {
      name,
      phone: `+91 9${randomBytes(4).readUInt32BE(0).toString().padStart(9, '0').slice(0, 9)}`,
      creditLimitPaise: 2_000_000,
    });
  const creditSale = async (customerId: string, day: string, bags: number) => {
    f.clock.set(noonIst(day));
    return f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        customerId,
        lines: [{ variantId: seed, quantity: bags }],
        payments: [{ method: 'credit', amountPaise: bags * 250_000 }],
      },
      key(),
    );
  };
  const pay = async (customerId: string, day: string, amountPaise: number) => {
    f.clock.set(noonIst(day));
    return f.billing.customerLedger.recordPayment(f.operator, customerId, { amountPaise, method: 'cash' });
  };
  const settings = (
    interest: { enabled: boolean; rateBp: number; graceDays: number },
    remindersEnabled = false,
  ) => f.agri.khata.setSettings(f.operator, { ...defaultKhataSettings, interest, remindersEnabled });

  it('Kharif credit sale, part payment, 18 % interest after 15 days grace and the statement agree to the paisa', async () => {
    const ramesh = await farmer('Ramesh Patel');
    // 10 July 2026: 4 bags on credit, Rs 10,000.00, a Kharif sale: due 31 December 2026.
    const bill = await creditSale(ramesh.id, '2026-07-10', 4);
    expect(bill.totals.totalPaise).toBe(1_000_000);
    // 20 January 2027: Rs 4,000.00 paid, Rs 6,000.00 left overdue.
    expect(await pay(ramesh.id, '2027-01-20', 400_000)).toEqual({ balancePaise: 600_000 });
    await settings({ enabled: true, rateBp: 1800, graceDays: 15 });
    f.clock.set(noonIst('2027-03-01'));
    // By hand: interest runs from 15 January 2027 (31 Dec + 15 days).
    //   15 Jan - 20 Jan:  5 days x Rs 10,000 = 5,000,000 paise-days
    //   20 Jan -  1 Mar: 40 days x Rs  6,000 = 24,000,000 paise-days
    //   29,000,000 x 18 % / 365 = 14,301.37 paise -> Rs 143.01
    const position = await f.agri.khata.position(f.operator, ramesh.id, '2027-03-01');
    expect(position).toEqual({
      asOf: '2027-03-01',
      balancePaise: 600_000,
      overduePaise: 600_000,
      interestPaise: 14_301,
      nextDueDate: '2026-12-31',
      ageing: { '0-30': 0, '31-90': 600_000, '91-180': 0, 'over-180': 0 },
      advancePaise: 0,
    });
    // Before the due date nothing is overdue and no interest runs.
    expect(await f.agri.khata.position(f.operator, ramesh.id, '2026-12-31')).toMatchObject({
      balancePaise: 1_000_000,
      overduePaise: 0,
      interestPaise: 0,
      ageing: { '0-30': 1_000_000 },
    });

    const statement = await f.agri.khata.statement(f.operator, ramesh.id, {
      from: '2026-07-01',
      to: '2027-03-01',
    });
    expect(statement).toMatchObject({
      farmer: 'Ramesh Patel',
      openingPaise: 0,
      closingPaise: 600_000,
      payablePaise: 614_301,
      entries: [
        {
          date: '2026-07-10',
          kind: 'credit_sale',
          billNumber: bill.number,
          dueDate: '2026-12-31',
          debitPaise: 1_000_000,
          creditPaise: 0,
          balancePaise: 1_000_000,
        },
        {
          date: '2027-01-20',
          kind: 'payment',
          method: 'cash',
          debitPaise: 0,
          creditPaise: 400_000,
          balancePaise: 600_000,
        },
      ],
    });
    // The closing balance is the ledger's balance.
    expect((await f.billing.customers.get(f.operator, ramesh.id)).balancePaise).toBe(statement.closingPaise);

    const english = await pdftotext(await renderStatement(statement, 'en'));
    expect(english).toContain('Khata statement');
    expect(english).toContain('Ramesh Patel');
    expect(english).toContain(bill.number);
    expect(english).toMatch(/10-07-2026\s+Credit sale, bill \S+, due 31-12-2026\s+10,000\.00\s+10,000\.00/);
    expect(english).toMatch(/20-01-2027\s+Payment received \(cash\)\s+4,000\.00\s+6,000\.00/);
    expect(english).toContain('Interest on overdue at 18.00% a year after 15 day(s) grace: Rs 143.01');
    expect(english).toContain('Total payable: Rs 6,143.01');
    expect(english).toContain('31-90 days: Rs 6,000.00');
    const hindi = await pdftotext(await renderStatement(statement, 'hi'));
    expect(hindi).toContain('खाता विवरण');
    expect(hindi).toContain('कुल देय: Rs 6,143.01');
    expect(hindi).toContain('नकद');
    // The same figures as the English one, to the paisa.
    expect(hindi).toContain('Ramesh Patel');
    // (The Devanagari columns come out of the PDF apart from the figures: checked each on its own.)
    expect(hindi).toContain(`उधार बिक्री, बिल ${bill.number}, देय तिथि 31-12-2026`);
    expect(hindi).toContain('भुगतान प्राप्त (नकद)');
    for (const figure of ['10-07-2026', '20-01-2027', '10,000.00', '4,000.00'])
      expect(hindi).toContain(figure);
    expect(hindi).toContain('अंतिम बकाया: Rs 6,000.00');
    expect(hindi).toContain('अतिदेय पर ब्याज 18.00% वार्षिक, 15 दिन की छूट के बाद: Rs 143.01');
    expect(hindi).toContain('31-90 दिन: Rs 6,000.00');

    // A later period opens with the balance carried forward.
    const later = await f.agri.khata.statement(f.operator, ramesh.id, {
      from: '2027-01-01',
      to: '2027-03-01',
    });
    expect(later.openingPaise).toBe(1_000_000);
    expect(later.entries.map((e) => e.kind)).toEqual(['payment']);
    // Reading a statement is recorded, without the farmer's name.
    const read = await auditEntries(f.db, f.tenant.tenantId, 'customer.statement.read');
    expect(read.some((e) => e.object_id === ramesh.id)).toBe(true);
    expect(JSON.stringify(read)).not.toContain('Ramesh');
  });

  it('interest is off by default and when switched off; a bad setting names its field', async () => {
    await f.agri.khata.setSettings(f.operator, defaultKhataSettings);
    const suresh = await farmer('Suresh Yadav');
    await creditSale(suresh.id, '2026-08-05', 2);
    const statement = await f.agri.khata.statement(f.operator, suresh.id, {
      from: '2026-08-01',
      to: '2027-06-30',
    });
    expect(statement.position).toMatchObject({ overduePaise: 500_000, interestPaise: 0 });
    expect(statement.payablePaise).toBe(500_000);
    expect(await pdftotext(await renderStatement(statement, 'en'))).toContain(
      'No interest is charged on overdue amounts',
    );
    await expect(settings({ enabled: true, rateBp: 0, graceDays: 0 })).rejects.toMatchObject({
      field: 'interest.rateBp',
    });
    await expect(
      f.agri.khata.setSettings(f.operator, {
        ...defaultKhataSettings,
        seasonDue: { kharif: '02-30', rabi: '06-30', zaid: '09-30' },
      }),
    ).rejects.toMatchObject({ field: 'seasonDue.kharif' });
    await expect(
      f.agri.khata.statement(f.operator, suresh.id, { from: '2027-02-01', to: '2027-01-01' }),
    ).rejects.toMatchObject({ field: 'from' });
  });

  it('the shop sets its own season due day', async () => {
    await f.agri.khata.setSettings(f.operator, {
      ...defaultKhataSettings,
      seasonDue: { kharif: '11-30', rabi: '05-31', zaid: '08-31' },
    });
    const mohan = await farmer('Mohan Lal');
    await creditSale(mohan.id, '2026-07-15', 1);
    expect(await f.agri.khata.position(f.operator, mohan.id, '2026-12-01')).toMatchObject({
      nextDueDate: '2026-11-30',
      overduePaise: 250_000,
    });
    await f.agri.khata.setSettings(f.operator, defaultKhataSettings);
  });

  it('overdue reminders go by SMS once per due date, only to farmers who consented, when the shop turns them on', async () => {
    const consenting = await farmer('Kishan Singh');
    const silent = await farmer('Gopal Das');
    for (const c of [consenting, silent]) await creditSale(c.id, '2026-07-20', 1);
    // A reminder is a service message: consent to reminders counts, consent to marketing does not.
    for (const [who, purpose] of [
      [consenting.id, 'reminders_sms'],
      [silent.id, 'marketing_sms'],
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
          updated_at: new Date().toISOString(),
        })
        .execute();
    const queued = async () =>
      f.db
        .selectFrom('notification_deliveries')
        .select(['recipient_customer_id', 'channel', 'payload'])
        .where('tenant_id', '=', f.tenant.tenantId)
        .where('kind', '=', 'khata_reminder')
        .where('recipient_customer_id', 'in', [consenting.id, silent.id])
        .execute();
    await settings({ enabled: false, rateBp: 0, graceDays: 0 }, false);
    f.clock.set(noonIst('2027-01-05'));
    expect(await f.agri.khata.queueReminders(f.tenant.tenantId)).toBe(0);
    await settings({ enabled: false, rateBp: 0, graceDays: 0 }, true);
    f.clock.set(noonIst('2026-12-31'));
    await f.agri.khata.queueReminders(f.tenant.tenantId);
    expect(await queued()).toEqual([]);
    f.clock.set(noonIst('2027-01-05'));
    await f.agri.khata.queueReminders(f.tenant.tenantId);
    f.clock.set(noonIst('2027-01-12'));
    await f.agri.khata.queueReminders(f.tenant.tenantId);
    const sent = await queued();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ recipient_customer_id: consenting.id, channel: 'sms' });
    expect(sent[0]?.payload).toContain('Rs 2,500.00 of your khata was due on 31-12-2026');
    expect(sent[0]?.payload).not.toContain('Kishan');
    await settings({ enabled: false, rateBp: 0, graceDays: 0 }, false);
  });
});
