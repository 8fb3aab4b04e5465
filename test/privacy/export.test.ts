/**
 * Acceptance: a customer with invoices, ledger entries and consents is exported; the package (an
 * AES-256 zip under a password the shop generates, or an OpenPGP message to the customer's key)
 * holds all of it, decrypted, and nothing of any other customer; the export is on record in the
 * audit trail with ids and counts only. The password (ADR 0062) is random, 120 bits, kept nowhere,
 * and reaches the customer apart from the file: shown once for a requester checked in person, or
 * sent to the email or phone on record for one verified by a code.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listEntries } from '../../src/modules/audit/audit.repository.js';
import { describeEachEngine } from '../support/engines.js';
import { EXPORT_PASSWORD_BITS } from '../../src/modules/privacy/export-package.js';
import { protection as protectionSchema } from '../../src/modules/privacy/privacy.schemas.js';
import { codeMailedTo, exportPasswordMailedTo, startMessaging, type Messaging } from './support/messaging.js';
import { createPrivacyShop, type PrivacyShop } from './support/privacy-fixture.js';
import { unzipText } from './support/unzip.js';

const ASHA = {
  name: 'Asha Testwala',
  phone: '+919800000101',
  email: 'asha.testwala@example.com',
  gstin: '27AAQCA8719H1Z6',
  address: { line1: '12 Fake Lane', city: 'Pune', pincode: '411001', stateCode: '27' },
};
const BHARAT = { name: 'Bharat Fakename', phone: '+919800000202', email: 'bharat.fakename@example.com' };
const CHITRA = { name: 'Chitra Dummy', phone: '+919800000303', email: 'chitra.dummy@example.com' };
/** Six groups of four of Crockford's base32 symbols (no I, L, O, U). */
const GENERATED = /^(?:[0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/;

describeEachEngine('privacy export package', (getDb) => {
  let shop: PrivacyShop;
  let messaging: Messaging;
  let asha: string;
  let others: { id: string; docs: string[] }[];
  let ashaDocs: string[];

  beforeAll(async () => {
    messaging = await startMessaging();
    shop = await createPrivacyShop(getDb(), messaging.settings);
    asha = await shop.customer(ASHA);
    const bharat = await shop.customer(BHARAT);
    const chitra = await shop.customer(CHITRA);
    const b2b = await shop.sell(
      asha,
      [{ variantId: shop.kurta, quantity: 2 }],
      [{ method: 'credit', amountPaise: 504_000 }],
    );
    const small = await shop.sell(asha, [{ variantId: shop.shirt, quantity: 1 }]);
    await shop.t.services.billing.customerLedger.recordPayment(shop.operator, asha, {
      amountPaise: 200_000,
      method: 'upi',
    });
    ashaDocs = [b2b.id, small.id];
    const consent = shop.t.services.privacy.consent;
    await consent.record(shop.operator, {
      customerId: asha,
      purposes: ['marketing_sms', 'loyalty'],
      granted: true,
      source: 'counter',
    });
    await consent.record(shop.operator, {
      customerId: asha,
      purposes: ['loyalty'],
      granted: false,
      source: 'web_form',
    });
    await consent.record(shop.operator, {
      customerId: chitra,
      purposes: ['marketing_email'],
      granted: true,
      source: 'counter',
    });
    others = [
      { id: bharat, docs: [(await shop.sell(bharat, [{ variantId: shop.shirt, quantity: 2 }])).id] },
      {
        id: chitra,
        docs: [
          (
            await shop.sell(
              chitra,
              [{ variantId: shop.kurta, quantity: 1 }],
              [{ method: 'credit', amountPaise: 252_000 }],
            )
          ).id,
        ],
      },
    ];
  }, 60_000);
  afterAll(async () => {
    await shop?.close();
    await messaging?.close();
  });

  const exportFor = async (
    protection: Parameters<PrivacyShop['t']['services']['privacy']['requests']['fulfilExport']>[2],
  ) => {
    const { requests, exports } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'export',
      channel: 'back_office',
      customerId: asha,
      verifiedInPerson: true,
    });
    const view = await requests.fulfilExport(shop.operator, request.id, protection);
    return { request, view, file: await exports.download(shop.operator, view.id) };
  };

  const expectOnlyAsha = (files: Map<string, string>) => {
    const all = [...files.values()].join('\n');
    for (const person of [BHARAT, CHITRA])
      for (const value of Object.values(person)) expect(all).not.toContain(value);
    for (const other of others) {
      expect(all).not.toContain(other.id);
      for (const doc of other.docs) expect(all).not.toContain(doc);
    }
    const data = JSON.parse(files.get('data.json') ?? '{}') as {
      customerId: string;
      sections: Record<string, { rows: Array<Record<string, unknown>> }>;
    };
    expect(data.customerId).toBe(asha);
    const rows = (table: string) => data.sections[table]?.rows ?? [];
    expect(rows('customers')).toHaveLength(1);
    expect(rows('customers')[0]).toMatchObject({
      id: asha,
      name: ASHA.name,
      phone: ASHA.phone,
      email: ASHA.email,
      gstin: ASHA.gstin,
      address: ASHA.address,
    });
    expect(
      rows('sales_documents')
        .map((d) => d.id)
        .sort(),
    ).toEqual([...ashaDocs].sort());
    const b2b = rows('sales_documents').find((d) => d.buyer_gstin === ASHA.gstin);
    expect(b2b).toMatchObject({ buyer_name: ASHA.name, total: 504_000 });
    expect(rows('sales_document_lines')).toHaveLength(2);
    expect(
      rows('sales_payments')
        .map((p) => p.method)
        .sort(),
    ).toEqual(['cash', 'credit']);
    expect(rows('customer_ledger').map((l) => [l.kind, l.amount])).toEqual(
      expect.arrayContaining([
        ['credit_sale', 504_000],
        ['payment', -200_000],
      ]),
    );
    expect(
      rows('consent_events')
        .map((e) => `${String(e.purpose)}:${String(e.granted)}`)
        .sort(),
    ).toEqual(['loyalty:0', 'loyalty:1', 'marketing_sms:1']);
    expect(rows('privacy_requests').length).toBeGreaterThanOrEqual(1);
    for (const row of Object.values(data.sections).flatMap((s) => s.rows)) {
      expect(row).not.toHaveProperty('phone_idx');
      expect(row).not.toHaveProperty('tenant_id');
    }
    expect(files.get('customers.csv')).toContain(ASHA.email);
    expect(
      files
        .get('sales_documents.csv')
        ?.split('\r\n')
        .filter((l) => l !== ''),
    ).toHaveLength(3);
    expect(files.get('README.txt')).toContain('paise');
  };

  it('packs everything held about the customer, and nothing of anyone else, in an AES-256 zip', async () => {
    const { request, view, file } = await exportFor({ kind: 'password' });
    // Checked in person: the password is handed over at the counter, this once.
    expect(view.passwordDelivery).toBe('in_person');
    const password = view.password ?? '';
    expect(password).toMatch(GENERATED);
    expect(EXPORT_PASSWORD_BITS).toBeGreaterThanOrEqual(100);
    expect(file.contentType).toBe('application/zip');
    expect(file.bytes.includes(Buffer.from(ASHA.email))).toBe(false);
    await expect(unzipText(file.bytes, 'wrong password here')).rejects.toThrow();
    await expect(unzipText(file.bytes, password.replaceAll('-', ''))).rejects.toThrow();
    expectOnlyAsha(await unzipText(file.bytes, password));
    // Kept nowhere: not in the export's row, its request, nor the audit trail.
    const held = JSON.stringify([
      await getDb().db.selectFrom('privacy_exports').selectAll().where('id', '=', view.id).execute(),
      await getDb().db.selectFrom('privacy_request_events').selectAll().execute(),
      await listEntries(getDb().db, shop.tenant.tenantId, { actionPrefix: 'privacy.' }, 500),
    ]);
    expect(held).not.toContain(password);
    expect(held).not.toContain(password.replaceAll('-', ''));
    expect(view.counts).toMatchObject({
      customers: 1,
      sales_documents: 2,
      customer_ledger: 2,
      consent_events: 3,
    });

    const entries = await listEntries(getDb().db, shop.tenant.tenantId, { actionPrefix: 'privacy.' }, 100);
    const created = entries.find((e) => e.action === 'privacy.export.create');
    expect(created?.object_id).toBe(asha);
    expect(JSON.parse(created?.details ?? '{}')).toMatchObject({
      exportId: view.id,
      requestId: request.id,
      records: 16,
      passwordDelivery: 'in_person',
    });
    expect(entries.some((e) => e.action === 'privacy.export.download')).toBe(true);
    const trail = JSON.stringify(entries);
    for (const value of [ASHA.name, ASHA.phone, ASHA.email, ASHA.gstin]) expect(trail).not.toContain(value);
    expect((await shop.t.services.privacy.requests.get(shop.operator, request.id)).status).toBe('completed');
  });

  it("encrypts to the customer's OpenPGP public key instead of a password", async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'Test Key', email: 'key.holder@example.com' }],
      format: 'armored',
    });
    const { view, file } = await exportFor({ kind: 'openpgp', publicKey });
    expect(view.protection).toBe('openpgp');
    const message = await openpgp.readMessage({ binaryMessage: file.bytes });
    // openpgp's stream typings are not shipped; a binary message decrypts to a Uint8Array.
    const { data } = (await openpgp.decrypt({
      message,
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: privateKey }),
      format: 'binary',
    })) as unknown as { data: Uint8Array };
    expectOnlyAsha(await unzipText(data));
  });

  it('every password is new: two exports of the same customer never share one', async () => {
    const first = await exportFor({ kind: 'password' });
    const second = await exportFor({ kind: 'password' });
    expect(first.view.password).toMatch(GENERATED);
    expect(second.view.password).toMatch(GENERATED);
    expect(first.view.password).not.toBe(second.view.password);
    await expect(unzipText(second.file.bytes, first.view.password)).rejects.toThrow();
  });

  it('verified by a code: the password goes to the email on record, never to the staff', async () => {
    const { requests, exports } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'export',
      channel: 'back_office',
      customerId: asha,
    });
    const before = messaging.smtp.messages.length;
    await requests.sendCode(shop.operator, request.id);
    await requests.verifyCode(
      shop.operator,
      request.id,
      await codeMailedTo(messaging.smtp, ASHA.email, before),
    );
    const sent = messaging.smtp.messages.length;
    const view = await requests.fulfilExport(shop.operator, request.id, { kind: 'password' });
    expect(view.passwordDelivery).toBe('email');
    expect(view).not.toHaveProperty('password');
    const password = await exportPasswordMailedTo(messaging.smtp, ASHA.email, sent);
    expect(password).toMatch(GENERATED);
    // The mail carries the password only: no link, no file, no data of the customer's.
    const mail = messaging.smtp.messages.slice(sent).findLast((m) => m.to.includes(ASHA.email));
    expect(mail?.text).not.toContain(ASHA.phone);
    expect(mail?.text).not.toMatch(/https?:\/\//);
    const file = await exports.download(shop.operator, view.id);
    expectOnlyAsha(await unzipText(file.bytes, password));
  });

  it('verified by a code but no contact the shop can send to: refused before anything is stored', async () => {
    const { requests } = shop.t.services.privacy;
    const nobody = await shop.customer({ name: 'Dinesh Nocontact', phone: '+919800000404' });
    // Only a phone on record, and this shop has an SMS gateway: remove the phone too.
    await getDb()
      .db.updateTable('customers')
      .set({ phone_enc: null })
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('id', '=', nobody)
      .execute();
    const request = await requests.create(shop.operator, {
      kind: 'export',
      channel: 'back_office',
      customerId: nobody,
    });
    await getDb()
      .db.updateTable('privacy_requests')
      .set({ status: 'open', verification: 'verified' })
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('id', '=', request.id)
      .execute();
    await expect(
      requests.fulfilExport(shop.operator, request.id, { kind: 'password' }),
    ).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { reason: 'no-channel-for-export-password' },
    });
    const rows = await getDb()
      .db.selectFrom('privacy_exports')
      .select('id')
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('customer_id', '=', nobody)
      .execute();
    expect(rows).toEqual([]);
    expect((await requests.get(shop.operator, request.id)).status).toBe('open');
  });

  it('over the API a caller cannot choose the password, and a private key is refused', async () => {
    const { requests } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'access',
      channel: 'counter',
      customerId: asha,
      verifiedInPerson: true,
    });
    const chosen = protectionSchema.safeParse({ kind: 'password', password: 'orange monsoon teapot 42' });
    expect(chosen.success).toBe(false);
    expect(protectionSchema.safeParse({ kind: 'password' }).success).toBe(true);
    const { privateKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'X' }],
      format: 'armored',
    });
    await expect(
      requests.fulfilExport(shop.operator, request.id, { kind: 'openpgp', publicKey: privateKey }),
    ).rejects.toMatchObject({
      field: 'protection.publicKey',
    });
  });
});
