/**
 * The Aadhaar vault over the real app on both engines (issue 17, item 6): off by default and only
 * the owner (stepped up) turns it on, recorded; bad numbers are refused naming the field; a number
 * saved through the vault is absent in clear from the database files (SQLite file and WAL, or the
 * PostgreSQL data folder and WAL) and from a backup's plaintext (raw bytes), shows only as
 * XXXX-XXXX-1234, is revealed only with the permission, a reason and a recent step-up (each reveal
 * an audit entry without the number), is left out of the data-subject export, and is gone after
 * the customer's erasure. A full Aadhaar number anywhere else is still refused.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConfig, type Config } from '../../src/config/config.js';
import { decryptBackupFile } from '../../src/crypto/backup-crypto.js';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import type { Database } from '../../src/db/schema.js';
import { createBackup } from '../../src/modules/keys/backup.service.js';
import { installationBackupKey } from '../../src/modules/keys/key-files.js';
import { collectCustomerData } from '../../src/modules/privacy/subject-data.js';
import { describeEachEngine } from '../support/engines.js';
import { createAccount, signIn, type SignedIn } from '../support/identity.js';
import { createPrivacyShop, type PrivacyShop } from '../privacy/support/privacy-fixture.js';
import { aadhaarNumber, grouped, wrongCheck } from './vault-numbers.js';

/** Every way the number could sit in bytes: whole, grouped, with dashes. */
const shapes = (n: string) => [n, grouped(n), `${n.slice(0, 4)}-${n.slice(4, 8)}-${n.slice(8)}`];

async function databaseFiles(db: Kysely<Database>, sqlitePath: string | undefined): Promise<string[]> {
  if (sqlitePath !== undefined)
    return ['', '-wal', '-shm'].map((s) => `${sqlitePath}${s}`).filter((f) => existsSync(f));
  await sql`checkpoint`.execute(db);
  const { rows } = await sql<{ dir: string; oid: number }>`
    select current_setting('data_directory') as dir, oid from pg_database where datname = current_database()`.execute(
    db,
  );
  const dir = rows[0]?.dir ?? '';
  const listed = (folder: string) =>
    readdirSync(folder, { recursive: true })
      .map((f) => join(folder, String(f)))
      .filter((f) => statSync(f).isFile());
  return [...listed(join(dir, 'base', String(rows[0]?.oid))), ...listed(join(dir, 'pg_wal'))];
}

interface Reply {
  error?: { code: string; field?: string };
  vaultEnabled?: boolean;
  masked?: string | null;
  number?: string;
}

describeEachEngine('Aadhaar vault', (getDb) => {
  const provider = loadEnvKeyProvider(randomBytes(32).toString('base64'));
  let work: string;
  let config: Config;
  let shop: PrivacyShop;
  let owner: SignedIn;
  let ownerPassword: string;
  let cashier: SignedIn;
  let manager: SignedIn;
  let farmer: string;
  const number = aadhaarNumber();
  const call = async (
    s: SignedIn,
    method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const res = await shop.t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: s.headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const body: Reply = res.body === '' ? {} : res.json<Reply>();
    return { status: res.statusCode, body, raw: res.body };
  };
  const stepUp = async () => {
    const res = await call(owner, 'POST', '/auth/reauthenticate', { password: ownerPassword });
    expect(res.status).toBe(204);
  };
  const audit = async (action: string) =>
    getDb()
      .db.selectFrom('audit_entries')
      .select(['action', 'object_id', 'details'])
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('action', '=', action)
      .execute();

  beforeAll(async () => {
    const { location } = getDb();
    work = mkdtempSync(join(tmpdir(), 'tijori-vault-'));
    const dataDir = location.sqlitePath === undefined ? join(work, 'data') : dirname(location.sqlitePath);
    const settings = { dataDir, ...(location.url === undefined ? {} : { databaseUrl: location.url }) };
    config = buildConfig(settings);
    shop = await createPrivacyShop(getDb(), settings, provider);
    const tenantId = shop.tenant.tenantId;
    const ownerAccount = await createAccount(shop.t.services, tenantId, { role: 'owner' });
    ownerPassword = ownerAccount.password;
    owner = await signIn(shop.t, ownerAccount, 'owner');
    manager = await signIn(
      shop.t,
      await createAccount(shop.t.services, tenantId, { role: 'manager' }),
      'manager',
    );
    cashier = await signIn(shop.t, await createAccount(shop.t.services, tenantId, { role: 'cashier' }));
    farmer = await shop.customer({ name: 'Ramesh Vault-Kisan', phone: '+919812300077' });
  }, 120_000);
  afterAll(async () => {
    await shop?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('is off by default; only the owner, stepped up, turns it on, and that is recorded', async () => {
    expect((await call(cashier, 'GET', '/agri/aadhaar-vault')).body.vaultEnabled).toBe(false);
    const refused = await call(cashier, 'PUT', `/customers/${farmer}/aadhaar`, { number });
    expect(refused.status).toBe(409);
    expect(await getDb().db.selectFrom('aadhaar_vault').select('token').execute()).toEqual([]);
    // Not the cashier, not a manager: the owner only, and stepped up.
    expect((await call(cashier, 'PUT', '/agri/aadhaar-vault', { enabled: true })).status).toBe(403);
    expect((await call(manager, 'PUT', '/agri/aadhaar-vault', { enabled: true })).status).toBe(403);
    shop.t.clock.advance(6 * 60_000);
    const stale = await call(owner, 'PUT', '/agri/aadhaar-vault', { enabled: true });
    expect(stale.body.error?.code).toBe('reauthentication_required');
    expect((await call(owner, 'PUT', '/agri/aadhaar-vault', { enabled: 'yes' })).body.error?.field).toBe(
      'body.enabled',
    );
    await stepUp();
    expect((await call(owner, 'PUT', '/agri/aadhaar-vault', { enabled: true })).body.vaultEnabled).toBe(true);
    expect(
      (await audit('aadhaar_vault.settings.update')).map((e) => JSON.parse(e.details) as unknown),
    ).toEqual([{ enabled: true }]);
  });

  it('refuses a bad number naming the field, and writes nothing', async () => {
    for (const bad of [number.slice(0, 11), `1${number.slice(1)}`, wrongCheck(number), 'abcd efgh ijkl']) {
      const res = await call(cashier, 'PUT', `/customers/${farmer}/aadhaar`, { number: bad });
      expect(res.status, bad).toBe(400);
      expect(res.body.error?.field).toBe('number');
      expect(res.raw).not.toContain(bad);
    }
    expect((await call(cashier, 'PUT', `/customers/${farmer}/aadhaar`, {})).body.error?.field).toBe(
      'body.number',
    );
    expect((await call(cashier, 'PUT', `/customers/${randomUUID()}/aadhaar`, { number })).status).toBe(404);
    expect(await getDb().db.selectFrom('aadhaar_vault').select('token').execute()).toEqual([]);
  });

  it('saves through the vault: masked everywhere, absent in clear from the database files and a backup', async () => {
    const saved = await call(cashier, 'PUT', `/customers/${farmer}/aadhaar`, { number: grouped(number) });
    expect(saved.status).toBe(200);
    expect(saved.body.masked).toBe(`XXXX-XXXX-${number.slice(8)}`);
    expect(saved.raw).not.toContain(number.slice(0, 8));
    const view = await call(cashier, 'GET', `/customers/${farmer}/aadhaar`);
    expect(view.body).toEqual({ vaultEnabled: true, masked: `XXXX-XXXX-${number.slice(8)}` });

    // The vault row holds a random token and an envelope under the vault's own key; the customer
    // is linked only through the reference.
    const { db } = getDb();
    const [vaultRow] = await db
      .selectFrom('aadhaar_vault')
      .selectAll()
      .where('tenant_id', '=', shop.tenant.tenantId)
      .execute();
    expect(vaultRow?.number_enc).toMatch(/^tj1:aadhaar_vault:1:/);
    expect(Object.values(vaultRow ?? {}).join(' ')).not.toContain(farmer);
    const keys = await db
      .selectFrom('data_keys')
      .select(['key_id', 'wrapped'])
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('key_id', '=', 'aadhaar_vault')
      .execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.wrapped).toMatch(new RegExp(`^kw2:${provider.kekId}:`));

    // Raw bytes: the database files (and WAL), and the plaintext of a backup taken now.
    const files = await databaseFiles(db, getDb().location.sqlitePath);
    expect(files.length).toBeGreaterThan(0);
    const backup = join(work, 'with-vault.tjb');
    await createBackup(config, getDb(), provider, backup);
    const plain = join(work, 'with-vault.plain');
    await decryptBackupFile(
      backup,
      plain,
      await (await installationBackupKey(config, provider)).privateKey(),
    );
    // The plaintext of the backup does hold the shop's data (so the scan can find things).
    expect(readFileSync(plain).includes(Buffer.from('aadhaar_vault'))).toBe(true);
    // The scan can find what is there: the vault's own table name is in the files in clear.
    expect(files.some((f) => readFileSync(f).includes(Buffer.from('aadhaar_vault')))).toBe(true);
    for (const file of [...files, backup, plain]) {
      const bytes = readFileSync(file);
      for (const shape of shapes(number))
        expect(bytes.includes(Buffer.from(shape)), `${shape} in ${file}`).toBe(false);
    }
    // Left out of the data-subject export.
    const exported = JSON.stringify(
      await collectCustomerData(db, shop.t.services.fieldCipher, shop.tenant.tenantId, farmer),
    );
    expect(exported).toContain('Ramesh Vault-Kisan');
    expect(exported).not.toContain(number.slice(8));
    expect(exported).not.toContain('tj1:');
  });

  it('reveals only with the permission, a reason and a recent step-up; each reveal recorded without the number', async () => {
    const reason = { category: 'legal', text: 'Fertiliser dealer record check' };
    const path = `/customers/${farmer}/aadhaar/reveal`;
    expect((await call(cashier, 'POST', path, { reason })).status).toBe(403);
    // A manager may reveal phone numbers, not Aadhaar numbers.
    expect((await call(manager, 'POST', path, { reason })).status).toBe(403);
    expect((await call(owner, 'POST', path, {})).body.error?.field).toBe('body.reason');
    shop.t.clock.advance(6 * 60_000);
    expect((await call(owner, 'POST', path, { reason })).body.error?.code).toBe('reauthentication_required');
    await stepUp();
    expect(
      (await call(owner, 'POST', path, { reason: { category: 'other', text: '' } })).body.error?.field,
    ).toBe('reason.text');
    expect(await audit('customer.pii.reveal')).toEqual([]);
    const revealed = await call(owner, 'POST', path, { reason });
    expect(revealed.status).toBe(200);
    expect(revealed.body.number).toBe(grouped(number));
    expect(revealed.body.number?.replace(/ /g, '')).toBe(number);
    const entries = await audit('customer.pii.reveal');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ object_id: farmer });
    expect(JSON.parse(entries[0]?.details ?? '{}')).toMatchObject({ field: 'aadhaar', reason: 'legal' });
    const everyEntry = await getDb()
      .db.selectFrom('audit_entries')
      .select('details')
      .where('tenant_id', '=', shop.tenant.tenantId)
      .execute();
    for (const shape of shapes(number)) expect(JSON.stringify(everyEntry)).not.toContain(shape);
  });

  it('still refuses a full Aadhaar number everywhere else', async () => {
    const res = await call(cashier, 'PATCH', `/customers/${farmer}`, { name: `Ramesh ${number}` });
    expect(res.status).toBe(400);
    expect(res.body.error?.field).toBe('body.name');
  });

  it('is gone when the customer is erased', async () => {
    const { requests } = shop.t.services.privacy;
    const request = await requests.create(shop.operator, {
      kind: 'erasure',
      channel: 'counter',
      customerId: farmer,
      verifiedInPerson: true,
    });
    const signed = await requests.fulfilErasure(shop.operator, request.id);
    expect(signed.certificate.deletedRows).toMatchObject({ aadhaar_references: 1, aadhaar_vault: 1 });
    const { db } = getDb();
    expect(
      await db
        .selectFrom('aadhaar_vault')
        .select('token')
        .where('tenant_id', '=', shop.tenant.tenantId)
        .execute(),
    ).toEqual([]);
    expect(
      await db
        .selectFrom('aadhaar_references')
        .select('id')
        .where('tenant_id', '=', shop.tenant.tenantId)
        .execute(),
    ).toEqual([]);
    expect((await call(owner, 'GET', `/customers/${farmer}/aadhaar`)).status).toBe(409);
  });
});
