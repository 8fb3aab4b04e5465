/**
 * A farmer's records over the real app on both engines (issue 17): the Aadhaar vault's number is
 * left out of a data-subject export unless the person handling the request asks for it (the
 * vault's permission, a reason, step-up; the read recorded with the reason in the export's
 * transaction, refused asks writing nothing); the khata guarantor's whole name shows only behind
 * the reveal gate (permission, reason, step-up; recorded without the name).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { newId } from '../../src/domain/ids.js';
import { describeEachEngine } from '../support/engines.js';
import { createAccount, signIn, type SignedIn } from '../support/identity.js';
import { createPrivacyShop, type PrivacyShop } from '../privacy/support/privacy-fixture.js';
import { unzipText } from '../privacy/support/unzip.js';
import { aadhaarNumber, grouped } from './vault-numbers.js';

interface Reply {
  error?: { code: string; field?: string };
  id?: string;
  password?: string;
  masked?: string | null;
  name?: string;
}

describeEachEngine('farmer records: Aadhaar in exports when asked, guarantor reveal', (getDb) => {
  let shop: PrivacyShop;
  let owner: SignedIn;
  let ownerPassword: string;
  let clerk: SignedIn;
  let clerkPassword: string;
  let manager: SignedIn;
  let cashier: SignedIn;
  let farmer: string;
  let withoutNumber: string;
  const number = aadhaarNumber();
  const call = async (s: SignedIn, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) => {
    const res = await shop.t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: s.headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const body: Reply = res.headers['content-type']?.toString().includes('json') ? res.json<Reply>() : {};
    return { status: res.statusCode, body, raw: res.rawPayload };
  };
  const stepUp = async (s: SignedIn, password: string) => {
    expect((await call(s, 'POST', '/auth/reauthenticate', { password })).status).toBe(204);
  };
  const entries = (action: string) =>
    getDb()
      .db.selectFrom('audit_entries')
      .select(['action', 'object_id', 'details'])
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('action', '=', action)
      .execute();
  const exportsOf = (customerId: string) =>
    getDb()
      .db.selectFrom('privacy_exports')
      .select('id')
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('customer_id', '=', customerId)
      .execute();
  const openRequest = async (customerId: string) =>
    (
      await shop.t.services.privacy.requests.create(shop.operator, {
        kind: 'access',
        channel: 'counter',
        customerId,
        verifiedInPerson: true,
      })
    ).id;
  /**
   * Exports through the route (the requester was checked in person, so the generated password
   * comes back once), downloads, and answers the package's data.
   */
  const exported = async (s: SignedIn, requestId: string, extra: object = {}) => {
    const made = await call(s, 'POST', `/privacy/requests/${requestId}/export`, {
      protection: { kind: 'password' },
      ...extra,
    });
    if (made.status !== 201) return { made, text: '' };
    const password = made.body.password ?? '';
    expect(password).not.toBe('');
    const file = await call(s, 'POST', `/privacy/exports/${made.body.id ?? ''}/download`, {});
    expect(file.status).toBe(200);
    const text = (await unzipText(file.raw, password)).get('data.json') ?? '';
    return { made, text };
  };

  beforeAll(async () => {
    shop = await createPrivacyShop(getDb(), {}, loadEnvKeyProvider(randomBytes(32).toString('base64')));
    const tenantId = shop.tenant.tenantId;
    const ownerAccount = await createAccount(shop.t.services, tenantId, { role: 'owner' });
    ownerPassword = ownerAccount.password;
    owner = await signIn(shop.t, ownerAccount, 'owner');
    // A clerk who handles privacy requests but may not read the Aadhaar vault.
    const roleId = newId();
    await getDb()
      .db.insertInto('roles')
      .values({
        tenant_id: tenantId,
        id: roleId,
        name: 'privacy clerk',
        builtin: 0,
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    await getDb()
      .db.insertInto('role_permissions')
      .values(
        ['customer.read', 'customer.export', 'privacy.manage'].map((permission) => ({
          tenant_id: tenantId,
          role_id: roleId,
          permission,
        })),
      )
      .execute();
    const clerkAccount = await createAccount(shop.t.services, tenantId, { role: 'privacy clerk' });
    clerkPassword = clerkAccount.password;
    clerk = await signIn(shop.t, clerkAccount);
    manager = await signIn(
      shop.t,
      await createAccount(shop.t.services, tenantId, { role: 'manager' }),
      'manager',
    );
    cashier = await signIn(shop.t, await createAccount(shop.t.services, tenantId, { role: 'cashier' }));
    farmer = await shop.customer({ name: 'Gopal Vault-Kisan', phone: '+919812300061' });
    withoutNumber = await shop.customer({ name: 'Hari No-Aadhaar', phone: '+919812300062' });
    await stepUp(owner, ownerPassword);
    expect((await call(owner, 'PUT', '/agri/aadhaar-vault', { enabled: true })).status).toBe(200);
    expect((await call(cashier, 'PUT', `/customers/${farmer}/aadhaar`, { number })).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await shop?.close();
  });

  const shapes = () => [
    number,
    grouped(number),
    `${number.slice(0, 4)}-${number.slice(4, 8)}-${number.slice(8)}`,
  ];

  const vaultReads = async () =>
    (await entries('customer.pii.reveal')).filter((e) => e.details.includes('aadhaar')).length;

  it('leaves the Aadhaar number out of an export by default, and says so in the audit trail', async () => {
    const reads = await vaultReads();
    await stepUp(owner, ownerPassword);
    const { made, text } = await exported(owner, await openRequest(farmer));
    expect(made.status).toBe(201);
    expect(text).toContain('Gopal Vault-Kisan');
    for (const shape of shapes()) expect(text).not.toContain(shape);
    const data = JSON.parse(text) as { sections: Record<string, { rows: Record<string, unknown>[] }> };
    // The package says a number is kept in the vault, without the number.
    expect(data.sections.aadhaar_vault?.rows).toEqual([{ created_at: expect.any(String) as unknown }]);
    const created = await entries('privacy.export.create');
    expect(
      JSON.parse(created.find((e) => e.details.includes(made.body.id ?? '-'))?.details ?? '{}'),
    ).toMatchObject({ vaultNumber: 'left_out' });
    expect(await vaultReads()).toBe(reads);
  });

  it('refuses to include it without the vault permission, a reason, a recent step-up, or a number; nothing written', async () => {
    const reason = { category: 'customer_request', text: 'Farmer asked for all his records' };
    const before = (await exportsOf(farmer)).length;
    const reads = await vaultReads();
    const requestId = await openRequest(farmer);
    // The clerk may export, but not read the vault.
    await stepUp(clerk, clerkPassword);
    const refused = await exported(clerk, requestId, { includeAadhaar: { reason } });
    expect(refused.made.status).toBe(403);
    // A manager may not handle privacy requests at all.
    expect((await exported(manager, requestId, { includeAadhaar: { reason } })).made.status).toBe(403);
    // No reason, a bad reason, or "other" without words.
    await stepUp(owner, ownerPassword);
    expect((await exported(owner, requestId, { includeAadhaar: {} })).made.body.error?.field).toBe(
      'body.includeAadhaar.reason',
    );
    expect(
      (await exported(owner, requestId, { includeAadhaar: { reason: { category: 'curious', text: '' } } }))
        .made.body.error?.field,
    ).toBe('body.includeAadhaar.reason.category');
    expect(
      (await exported(owner, requestId, { includeAadhaar: { reason: { category: 'other', text: '' } } })).made
        .body.error?.field,
    ).toBe('reason.text');
    // The step-up is old.
    shop.t.clock.advance(6 * 60_000);
    expect((await exported(owner, requestId, { includeAadhaar: { reason } })).made.body.error?.code).toBe(
      'reauthentication_required',
    );
    // Nothing kept for this farmer.
    await stepUp(owner, ownerPassword);
    const none = await exported(owner, await openRequest(withoutNumber), { includeAadhaar: { reason } });
    expect(none.made.status).toBe(404);
    expect(await exportsOf(withoutNumber)).toEqual([]);
    expect(await exportsOf(farmer)).toHaveLength(before);
    expect(await vaultReads()).toBe(reads);
    // The request is still open: it can be fulfilled once the right person asks.
    expect((await shop.t.services.privacy.requests.get(shop.operator, requestId)).status).toBe('open');
  });

  it('includes it when asked, with the reason recorded in the same step as the export', async () => {
    await stepUp(owner, ownerPassword);
    const reason = { category: 'customer_request', text: 'Farmer asked for all his records' };
    const reads = (await entries('customer.pii.reveal')).filter((e) => e.details.includes('aadhaar'));
    const { made, text } = await exported(owner, await openRequest(farmer), { includeAadhaar: { reason } });
    expect(made.status).toBe(201);
    const data = JSON.parse(text) as { sections: Record<string, { rows: Record<string, unknown>[] }> };
    expect(data.sections.aadhaar_vault?.rows).toEqual([
      { number: grouped(number), created_at: expect.any(String) as unknown },
    ]);
    const reveals = (await entries('customer.pii.reveal')).filter((e) => e.details.includes('aadhaar'));
    expect(reveals).toHaveLength(reads.length + 1);
    expect(reveals.map((e) => [e.object_id, JSON.parse(e.details) as unknown])).toContainEqual([
      farmer,
      expect.objectContaining({
        field: 'aadhaar (export)',
        reason: 'customer_request',
        reasonTextLength: reason.text.length,
      }),
    ]);
    const created = await entries('privacy.export.create');
    expect(
      JSON.parse(created.find((e) => e.details.includes(made.body.id ?? '-'))?.details ?? '{}'),
    ).toMatchObject({ vaultNumber: 'included' });
    const trail = JSON.stringify(
      await getDb()
        .db.selectFrom('audit_entries')
        .select('details')
        .where('tenant_id', '=', shop.tenant.tenantId)
        .execute(),
    );
    for (const shape of shapes()) expect(trail).not.toContain(shape);
  });

  it("reveals the guarantor's name only with the permission, a reason and a recent step-up; recorded without the name", async () => {
    const path = `/customers/${farmer}/khata/guarantor`;
    expect(
      (await call(cashier, 'POST', `${path}/reveal`, { reason: { category: 'legal', text: '' } })).status,
    ).toBe(403);
    expect(
      (await call(manager, 'POST', `${path}/reveal`, { reason: { category: 'billing_dispute', text: '' } }))
        .status,
    ).toBe(404);
    expect((await call(cashier, 'PUT', path, { name: 'Shankar Prasad' })).body.masked).toBe('S*** P***');
    const reason = { category: 'billing_dispute', text: 'Overdue khata, calling the guarantor' };
    expect((await call(manager, 'POST', `${path}/reveal`, {})).body.error?.field).toBe('body.reason');
    expect(
      (await call(manager, 'POST', `${path}/reveal`, { reason: { category: 'other', text: '' } })).body.error
        ?.field,
    ).toBe('reason.text');
    shop.t.clock.advance(6 * 60_000);
    expect((await call(manager, 'POST', `${path}/reveal`, { reason })).body.error?.code).toBe(
      'reauthentication_required',
    );
    const before = (await entries('customer.pii.reveal')).filter((e) => e.details.includes('guarantor'));
    expect(before).toEqual([]);
    await stepUp(owner, ownerPassword);
    const shown = await call(owner, 'POST', `${path}/reveal`, { reason });
    expect(shown.status).toBe(200);
    expect(shown.body.name).toBe('Shankar Prasad');
    const after = (await entries('customer.pii.reveal')).filter((e) => e.details.includes('guarantor'));
    expect(after).toHaveLength(1);
    expect(JSON.parse(after[0]?.details ?? '{}')).toMatchObject({
      field: 'guarantor',
      reason: 'billing_dispute',
    });
    expect(JSON.stringify(after)).not.toContain('Shankar');
  });
});
