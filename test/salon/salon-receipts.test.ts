/**
 * The printed salon bill on both engines, read back from the A4 PDF and the 80 mm PDF with
 * Poppler's pdftotext and from the text receipt: each service line names the first names of the
 * staff who performed it (a shared service both), and the bill shows the client's package
 * sessions left and wallet balance, the same figures as the counter's receipt on screen; a bill
 * without a client or salon lines prints none of it, and the stylist's surname never prints. A
 * store that prints its receipts in Hindi prints these notes in Hindi too.
 */
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { listStaff } from '../../src/modules/salon/salon-staff.js';
import { describeEachEngine } from '../support/engines.js';
import { pdftotext } from '../support/pdf-text.js';
import { key } from '../billing/support/billing-fixture.js';
import {
  createSalonFixture,
  loadWallet,
  newClient,
  packagePlan,
  type SalonFixture,
} from './support/salon-fixture.js';

describeEachEngine('salon printed receipts', (getDb, engine) => {
  let f: SalonFixture;
  let asha = '';
  let ravi = '';
  beforeAll(async () => {
    f = await createSalonFixture(getDb().db, engine);
    // The fixture's stylists get their full names, as a sign-in account holds them (encrypted).
    const tenantId = f.tenant.tenantId;
    for (const [userId, name] of [
      [f.asha.userId ?? '', 'Asha Verma'],
      [f.ravi.userId ?? '', 'Ravi Kulkarni'],
    ] as const) {
      const ref = (column: string) => ({ tenantId, table: 'user_accounts', column, rowId: userId });
      await f.db
        .insertInto('user_accounts')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          login_index: `receipt-test-${userId}`,
          email_enc: await f.keys.cipher.encrypt('staff_pii', ref('email_enc'), `${userId}@salon.test`),
          name_enc: await f.keys.cipher.encrypt('staff_pii', ref('name_enc'), name),
          password_hash: null,
          password_changed_at: null,
          created_at: f.clock.now().toISOString(),
        })
        .execute();
    }
    const staff = await listStaff(f.db, f.keys.cipher, tenantId);
    const nameOf = (id: string | null) => staff.find((s) => s.staffId === id)?.firstName ?? '';
    asha = nameOf(f.asha.userId);
    ravi = nameOf(f.ravi.userId);
  });

  // Each test starts from a store printing in English; the Hindi test switches its own store.
  beforeEach(async () => {
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'en' });
  });

  const prints = async (documentId: string): Promise<string[]> => {
    const render = (format: 'a4' | 'thermal' | 'text') =>
      f.billing.documents.render(f.cashier, documentId, 'invoice', format);
    return [
      await pdftotext((await render('a4')) as Buffer),
      await pdftotext((await render('thermal')) as Buffer),
      String(await render('text')),
    ];
  };
  type BillLines = Parameters<SalonFixture['salon']['checkout']['checkout']>[1]['lines'];
  /** A bill for `client`, part paid from the wallet, the rest in cash (change given). */
  const billWithWallet = (client: string, walletId: string, walletPaise: number, lines: BillLines) =>
    f.salon.checkout.checkout(
      f.cashier,
      {
        storeId: f.tenant.storeId,
        customerId: client,
        lines,
        walletId,
        walletPaise,
        payments: [{ method: 'cash', amountPaise: 2_000_000 }],
      },
      key(),
    );
  /** A colour by Asha and Ravi, 60/40: names print by share, the larger first. */
  const sharedColour = () => ({
    variantId: f.colour,
    quantity: 1,
    staffIds: [f.asha.userId ?? '', f.ravi.userId ?? ''],
    staffShares: [6_000, 4_000],
  });
  /** The text with every run of white space (A4 wraps long descriptions) as one space. */
  const squeeze = (text: string) => text.replace(/\s+/g, ' ');

  it('prints the stylist on each service line, the sessions left on the package and the wallet balance', async () => {
    expect([asha, ravi]).toEqual(['Asha', 'Ravi']);
    const client = await newClient(f, 'Ishita Banerjee');
    const wallet = await loadWallet(f, client, 1_000_000, 1_200_000);
    const plan = await packagePlan(f, { name: 'Six haircuts print' });
    const bill = await billWithWallet(client, wallet.id, 525_000, [
      { variantId: f.spa, quantity: 1, staffIds: [f.ravi.userId ?? ''] },
      sharedColour(),
      { variantId: f.shampoo, quantity: 1 },
      { packagePlanId: plan.id },
    ]);
    const left = 1_200_000 - 525_000;
    expect(bill.salon.walletBalancePaise).toBe(left);
    const sold = bill.salon.packages.find((p) => p.name === 'Six haircuts print');
    expect(sold?.sessionsLeft).toBe(6);
    for (const text of await prints(bill.document.id)) {
      const flat = squeeze(text);
      expect(flat).toMatch(new RegExp(`Stylist: ${ravi}`));
      // A4 wraps a long description, so its tax-rate cells may fall between the words.
      const cells = '(?: @ \\d+(?:\\.\\d+)?%)*';
      expect(flat).toMatch(new RegExp(`Stylists:${cells} ${asha},${cells} ${ravi}\\)`));
      expect(flat).toMatch(/Package Six haircuts print: 6 sessions left, valid till 13-08-2026/);
      expect(flat).toContain('Wallet balance: Rs 6,750.00');
      for (const secret of ['Banerjee', 'Verma', 'Kulkarni']) expect(flat).not.toContain(secret);
      // Two service lines name their staff; the shampoo (a product) and the package name nobody.
      expect(flat.match(/Stylists?:/g)).toHaveLength(2);
    }

    // The next visit redeems a session: the reprint of that bill shows 5 left and the same wallet.
    const visit = await f.salon.checkout.checkout(
      f.cashier,
      {
        storeId: f.tenant.storeId,
        customerId: client,
        lines: [
          {
            variantId: f.haircut,
            quantity: 1,
            staffIds: [f.asha.userId ?? ''],
            packageId: sold?.packageId,
          },
        ],
        payments: [],
      },
      key(),
    );
    for (const text of await prints(visit.document.id)) {
      const flat = squeeze(text);
      expect(flat).toMatch(new RegExp(`Stylist: ${asha}`));
      expect(flat).toMatch(/Package Six haircuts print: 5 sessions left/);
      expect(flat).toContain('Wallet balance: Rs 6,750.00');
    }
  });

  it('a bill with no client and no salon lines prints no salon notes', async () => {
    const plain = await f.billing.checkout.checkout(
      f.cashier,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId: f.shampoo, quantity: 1 }],
        payments: [{ method: 'cash', amountPaise: 590_000 }],
      },
      key(),
    );
    for (const text of await prints(plain.id)) {
      expect(text).not.toMatch(/Stylist|Package|Wallet balance/);
    }
  });

  it('a store printing in Hindi prints the stylist, sessions left and wallet balance in Hindi', async () => {
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'hi' });
    const client = await newClient(f, 'Tanvi Deshpande');
    const wallet = await loadWallet(f, client, 500_000, 600_000, 'cash');
    const plan = await packagePlan(f, { name: 'Four spa visits', serviceId: f.spa, sessions: 4 });
    const bill = await billWithWallet(client, wallet.id, 31_500, [
      { variantId: f.haircut, quantity: 1, staffIds: [f.asha.userId ?? ''] },
      sharedColour(),
      { packagePlanId: plan.id },
    ]);
    expect(bill.salon.walletBalancePaise).toBe(568_500);
    for (const text of await prints(bill.document.id)) {
      const flat = squeeze(text);
      // The rest of the bill is in Hindi as well: the salon notes follow it.
      expect(flat).toContain('कुल');
      expect(flat).toMatch(new RegExp(`स्टाइलिस्ट: ${asha}(?!,)`));
      const cells = '(?: @ \\d+(?:\\.\\d+)?%)*';
      expect(flat).toMatch(new RegExp(`स्टाइलिस्ट:${cells} ${asha},${cells} ${ravi}\\)`));
      // A narrow receipt wraps the note before "valid till", so the two halves are checked apart.
      expect(flat).toContain('पैकेज Four spa visits: 4 सत्र बाकी, 13-08-2026');
      expect(flat).toContain('तक मान्य');
      expect(flat).toContain('वॉलेट शेष: Rs 5,685.00');
      expect(flat.match(/स्टाइलिस्ट:/g)).toHaveLength(2);
      // None of the English notes is left on a Hindi bill.
      expect(flat).not.toMatch(/Stylists?:|sessions? left|valid till|Wallet balance/);
      for (const secret of ['Deshpande', 'Verma', 'Kulkarni']) expect(flat).not.toContain(secret);
    }
  });
});
