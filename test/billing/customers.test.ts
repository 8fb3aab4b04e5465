/**
 * Customers on both engines: personal fields encrypted at rest under the customer's own key,
 * lookups by phone, last 4 digits, email and GSTIN through blind indexes, masked views, B2B
 * GSTIN validation with its state, the running account, crypto-shredding, and the CSV import.
 */
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { eraseSubject } from '../../src/modules/keys/erasure.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, type BillingFixture } from './support/billing-fixture.js';

describeEachEngine('customers', (getDb, engine) => {
  // A shop of its own for each test, so tests pass alone and in any order.
  let f: BillingFixture;
  beforeEach(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });
  const createAnita = () =>
    f.billing.customers.create(f.operator, {
      name: 'Anita Verma (test)',
      phone: '098765 43210',
      email: 'Anita.Test@Example.com',
      gstin: '24AAQCA8719H1ZC',
      address: { line1: '7 Test Society', city: 'Surat', pincode: '395001', stateCode: '24' },
      creditLimitPaise: 0,
    });

  describe('personal data', () => {
    it('stores name, phone, email, address and GSTIN encrypted; nothing readable in the row', async () => {
      const created = await createAnita();
      expect(created).toMatchObject({
        registered: true,
        name: 'A*** V*** (***',
        phone: '98xxxxxx10',
        email: 'a***@example.com',
        stateCode: '24',
        hasAddress: true,
      });
      const raw = await sql<
        Record<string, unknown>
      >`select * from customers where id = ${created.id}`.execute(getDb().db);
      const text = JSON.stringify(raw.rows[0]);
      for (const secret of ['Anita', '9876543210', 'example.com', 'AAQCA8719H', 'Surat', '395001'])
        expect(text).not.toContain(secret);
    });

    it('finds a customer by phone in any format, by the last 4 digits, by email and by GSTIN', async () => {
      const anita = await createAnita();
      const id = (await f.billing.customers.lookup(f.operator, { phone: '+91-98765-43210' }))[0]?.id;
      expect(id).toBe(anita.id);
      expect(
        (await f.billing.customers.lookup(f.operator, { phoneLast4: '3210' })).map((c) => c.id),
      ).toContain(id);
      expect((await f.billing.customers.lookup(f.operator, { email: 'anita.test@example.com' }))[0]?.id).toBe(
        id,
      );
      expect((await f.billing.customers.lookup(f.operator, { gstin: '24aaqca8719h1zc' }))[0]?.id).toBe(id);
      expect(await f.billing.customers.lookup(f.operator, { phoneLast4: '0000' })).toEqual([]);
    });

    it('refuses a second customer with the same phone, a bad GSTIN, or a state that contradicts it', async () => {
      await createAnita();
      await expect(
        f.billing.customers.create(f.operator, {
          name: 'Copy (test)',
          phone: '9876543210',
          creditLimitPaise: 0,
        }),
      ).rejects.toMatchObject({ code: 'conflict', field: 'phone' });
      await expect(
        f.billing.customers.create(f.operator, {
          name: 'Bad (test)',
          gstin: '24AAQCA8719H1ZD',
          creditLimitPaise: 0,
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'gstin' });
      await expect(
        f.billing.customers.create(f.operator, {
          name: 'Wrong state (test)',
          gstin: '27AAQCA8719H1Z6',
          stateCode: '24',
          creditLimitPaise: 0,
        }),
      ).rejects.toMatchObject({ field: 'stateCode' });
    });

    it('of six requests at once with one new phone number, exactly one creates the customer', async () => {
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5, 6].map((n) =>
          f.billing.customers.create(f.operator, {
            name: `Race ${n} (test)`,
            phone: '9876511111',
            creditLimitPaise: 0,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected'))
        expect(r.reason).toMatchObject({ code: 'conflict', field: 'phone' });
      expect(await f.billing.customers.findMatches(f.tenant.tenantId, { phone: '9876511111' })).toHaveLength(
        1,
      );
    });

    it('an erased customer shows as erased and cannot be billed; invoices keep what GST law requires', async () => {
      const c = await f.billing.customers.create(f.operator, {
        name: 'Erase Me (test)',
        phone: '9876500001',
        gstin: '27AAQCA8719H1Z6',
        address: { line1: '1 Test Road', city: 'Pune', pincode: '411001', stateCode: '27' },
        creditLimitPaise: 0,
      });
      const invoice = await f.billing.checkout.checkout(
        f.operator,
        {
          storeId: f.tenant.storeId,
          customerId: c.id,
          lines: [{ variantId: f.items.kurta, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 252_000 }],
        },
        'erase-test-0001',
      );
      await getDb()
        .db.transaction()
        .execute((trx) =>
          eraseSubject(trx, f.clock, { tenantId: f.tenant.tenantId, subjectId: c.id, reason: 'request' }),
        );
      f.keys.cipher.forgetSubject(f.tenant.tenantId, c.id);
      expect(await f.billing.customers.get(f.operator, c.id)).toMatchObject({
        erased: true,
        name: null,
        phone: null,
      });
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          {
            storeId: f.tenant.storeId,
            customerId: c.id,
            lines: [{ variantId: f.items.kurta, quantity: 1 }],
            payments: [{ method: 'cash', amountPaise: 252_000 }],
          },
          'erase-test-0002',
        ),
      ).rejects.toMatchObject({ field: 'customerId' });
      const doc = await f.billing.reader.issued(f.operator, invoice.id, 'invoice');
      expect(doc.buyer).toMatchObject({ gstin: '27AAQCA8719H1Z6', name: 'Erase Me (test)' });
    });
  });

  describe('running account', () => {
    it('records payments received against credit sales, with the balance after each entry', async () => {
      const c = await f.billing.customers.create(f.operator, {
        name: 'Farmer (test)',
        phone: '9876500002',
        creditLimitPaise: 1_000_000,
      });
      await f.billing.checkout.checkout(
        f.operator,
        {
          storeId: f.tenant.storeId,
          customerId: c.id,
          lines: [{ variantId: f.items.seeds, quantity: 10 }],
          payments: [{ method: 'credit', amountPaise: 60_000 }],
        },
        'khata-test-0001',
      );
      await f.billing.customerLedger.recordPayment(f.operator, c.id, { amountPaise: 25_000, method: 'upi' });
      const ledger = await f.billing.customerLedger.entries(f.operator, c.id, { limit: 10 });
      expect(ledger.balancePaise).toBe(35_000);
      expect(ledger.entries.map((e) => [e.kind, e.amountPaise, e.balanceAfterPaise]).sort()).toEqual([
        ['credit_sale', 60_000, 60_000],
        ['payment', -25_000, 35_000],
      ]);
    });
  });

  describe('CSV import', () => {
    it('an import and a counter adding the same phone at once leave exactly one customer with it', async () => {
      const csv = ['name,phone', 'Imported Test,9000000077'].join('\n');
      const [imported, created] = await Promise.allSettled([
        f.billing.customerImports.importCustomers(f.operator, csv, { skipInvalid: true }),
        f.billing.customers.create(f.operator, {
          name: 'Counter Test',
          phone: '9000000077',
          creditLimitPaise: 0,
        }),
      ]);
      expect(imported.status).toBe('fulfilled');
      const importedOne = imported.status === 'fulfilled' && imported.value.imported === 1;
      expect(created.status === 'fulfilled').toBe(!importedOne);
      expect(await f.billing.customers.findMatches(f.tenant.tenantId, { phone: '9000000077' })).toHaveLength(
        1,
      );
    });

    it('imports nothing from a file with a bad row, names row and column, never the value', async () => {
      const csv = [
        'name,phone,email,gstin,state_code,address_line1,city,pincode,credit_limit',
        'Ravi Test,9000000001,,,24,,,,',
        'Dup Phone,9000000001,,,,,,,',
        'Bad Gstin,9000000003,,24AAQCA8719H1ZD,,,,,',
        'Aadhaar Holder,9000000004,,,,House 234123412346,Surat,395001,',
        'Shop Test,9000000005,,27AAQCA8719H1Z6,,2 Market,Mumbai,400001,5000',
      ].join('\n');
      const report = await f.billing.customerImports.importCustomers(f.operator, csv, { skipInvalid: false });
      expect(report).toMatchObject({ rows: 5, imported: 0, rejected: true });
      expect(report.problems.map((p) => `${p.row}:${p.column}`)).toEqual([
        '3:phone',
        '4:gstin',
        '5:address_line1',
      ]);
      expect(JSON.stringify(report)).not.toContain('9000000001');
      const done = await f.billing.customerImports.importCustomers(f.operator, csv, { skipInvalid: true });
      expect(done).toMatchObject({ imported: 2, skipped: 3 });
      const shop = await f.billing.customers.lookup(f.operator, { gstin: '27AAQCA8719H1Z6' });
      expect(shop.find((c) => c.creditLimitPaise === 500_000)?.stateCode).toBe('27');
    });
  });
});
