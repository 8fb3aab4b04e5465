/**
 * Issue 24, item 6, on both engines with the real services: a KEK rotation revokes the old KEK.
 * An attacker holds the old KEK and everything the installation held before the rotation (every
 * database row, the key folder's files, the derived secrets) and, afterwards, a copy of the new
 * database. With all that they open no encrypted value written or re-keyed after the rotation, no
 * customer key, and compute neither the stored sign-in index nor the stored contact indexes; and
 * the stored password hashes are not under the old pepper once users signed in. Sign-in keeps
 * working across the rotation and re-hashes under the new pepper (the exact argon2id output is
 * checked); a user who does not sign in before the deadline must have the password reset.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import argon2 from 'argon2';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { decryptFieldBytes, parseEnvelope } from '../../src/crypto/envelope.js';
import { softwareDerive, type KeyProvider } from '../../src/crypto/key-provider.js';
import { normalizeEmail } from '../../src/crypto/normalize.js';
import { encryptedColumns } from '../../src/modules/keys/encrypted-columns.js';
import { EPOCH_FILE, epochOf, unwrapUnderEpoch } from '../../src/modules/keys/erasure-epochs.js';
import { rotateKek } from '../../src/modules/keys/kek-rotation.service.js';
import { revocationDeps, revokeOldKek } from '../../src/modules/keys/kek-revocation.js';
import { wrapContext } from '../../src/modules/keys/key-ring.service.js';
import {
  RETIRED_PEPPER_FILE,
  RetiredPepperStore,
  pepperStatus,
} from '../../src/modules/keys/retired-peppers.js';
import { generationOfIndex } from '../../src/modules/keys/blind-lookup.js';
import { describeEachEngine } from '../support/engines.js';
import {
  buildIdentityTestApp,
  createAccount,
  type IdentityTestApp,
  type TestAccount,
} from '../support/identity.js';
import { createPrivacyShop, type PrivacyShop } from '../privacy/support/privacy-fixture.js';

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
type Row = Record<string, unknown>;

interface Held {
  kek: KeyProvider;
  dataKeys: Row[];
  subjectKeys: Row[];
  epochFile: string;
  pepper: Buffer;
  loginKey: Buffer;
}

/** What the attacker derives from what they hold: every data key and every customer key. */
async function attackerKeys(held: Held) {
  const tenantKeys = new Map<string, Buffer>();
  for (const r of held.dataKeys) {
    const [t, k, v] = [String(r.tenant_id), String(r.key_id), Number(r.version)];
    tenantKeys.set(
      `${t}/${k}/${String(v)}`,
      await held.kek.unwrapKey(String(r.wrapped), wrapContext(t, k, v)),
    );
  }
  const file = JSON.parse(held.epochFile) as {
    epochs: Array<{ tenantId: string; id: string; wrapped: string }>;
  };
  const epochKeys = new Map<string, Buffer>();
  for (const e of file.epochs)
    epochKeys.set(e.id, await held.kek.unwrapKey(e.wrapped, `erasure-epoch/${e.tenantId}/${e.id}`));
  const subjectKeys = new Map<string, Buffer>();
  for (const r of held.subjectKeys) {
    if (typeof r.wrapped !== 'string') continue;
    const [t, s] = [String(r.tenant_id), String(r.subject_id)];
    const parsed = parseEnvelope(r.wrapped);
    const outer = tenantKeys.get(`${t}/${parsed.keyId}/${String(parsed.version)}`);
    if (outer === undefined) throw new Error('the attacker lacks a key they held');
    const aad = { tenantId: t, table: 'subject_keys', column: 'wrapped', rowId: s };
    const inner = decryptFieldBytes(outer, aad, parsed).toString('latin1');
    subjectKeys.set(
      `${t}/${s}`,
      unwrapUnderEpoch(epochKeys.get(epochOf(inner)) ?? Buffer.alloc(32), t, s, inner),
    );
  }
  return { tenantKeys, subjectKeys };
}

describeEachEngine('a KEK rotation that revokes the old KEK', (getDb) => {
  let work: string;
  let shop: PrivacyShop;
  let after: IdentityTestApp | undefined;
  let settings: Record<string, unknown>;
  const kekA = randomBytes(32).toString('base64');
  const kekB = randomBytes(32).toString('base64');
  let cashier: TestAccount;
  let lapsed: TestAccount;
  let customerId: string;

  beforeAll(async () => {
    const { location } = getDb();
    work = mkdtempSync(join(tmpdir(), 'tijori-revoke-'));
    const dataDir = location.sqlitePath === undefined ? join(work, 'data') : dirname(location.sqlitePath);
    settings = {
      dataDir,
      keyDir: join(work, 'keys'),
      keyProvider: 'env',
      kek: kekA,
      // The rotations retire old versions at once (the test clock does not run by itself).
      activeKeyCacheSeconds: 0,
      ...(location.url === undefined ? {} : { databaseUrl: location.url }),
    };
    shop = await createPrivacyShop(getDb(), settings, loadEnvKeyProvider(kekA));
  });
  afterAll(async () => {
    await after?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const login = (t: IdentityTestApp, a: TestAccount) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.email, password: a.password },
    });
  const account = (a: TestAccount) =>
    getDb()
      .db.selectFrom('user_accounts')
      .select(['password_hash', 'pepper_id', 'login_index'])
      .where('user_id', '=', a.userId)
      .executeTakeFirstOrThrow();

  it(
    're-keys what the old KEK opened; sign-in works and moves each hash to the new pepper',
    { timeout: 180_000 },
    async () => {
      const db = getDb().db;
      const tenantId = shop.tenant.tenantId;
      cashier = await createAccount(shop.t.services, tenantId, { role: 'cashier' });
      lapsed = await createAccount(shop.t.services, tenantId, { role: 'cashier' });
      customerId = await shop.customer({
        name: 'Fake Revati Menon',
        phone: '+919876512345',
        email: 'revati.fake@example.in',
        addressLine1: 'Flat 9, Fake Lane',
      } as never);
      expect((await login(shop.t, cashier)).statusCode).toBe(200);

      // Everything the installation holds before the rotation, except what the rotation creates.
      const keyDir = String(settings.keyDir);
      const held: Held = {
        kek: loadEnvKeyProvider(kekA),
        dataKeys: await (db as unknown as AnyDb).selectFrom('data_keys').selectAll().execute(),
        subjectKeys: await (db as unknown as AnyDb).selectFrom('subject_keys').selectAll().execute(),
        epochFile: readFileSync(join(keyDir, EPOCH_FILE), 'utf8'),
        pepper: softwareDerive(Buffer.from(kekA, 'base64'), 'password-pepper'),
        loginKey: softwareDerive(Buffer.from(kekA, 'base64'), 'login-index'),
      };
      const oldGenerations = (
        JSON.parse(held.epochFile) as { indexGenerations?: Array<{ generation: number }> }
      ).indexGenerations?.map((g) => g.generation);
      expect(oldGenerations?.length).toBeGreaterThan(0);

      const deadline = new Date(shop.t.clock.now().getTime() + 30 * 86_400_000);
      const rotated = await rotateKek(shop.t.config, db, shop.t.keyProvider, shop.t.clock, {
        newKek: kekB,
        pepperDeadline: deadline,
      });
      expect(rotated.peppersRetired).toBe(2);
      expect(rotated.settings).toMatch(/^TIJORI_KEK=<TIJORI_NEW_KEK> /);
      const at = shop.t.clock.now().toISOString();
      await shop.close();
      after = await buildIdentityTestApp(getDb(), { ...settings, kek: kekB }, loadEnvKeyProvider(kekB));
      after.clock.set(at);
      const steps = new Set<string>();
      const result = await revokeOldKek(revocationDeps(after.services), (step) => steps.add(step));
      expect(result.customerKeysRenewed).toBe(1);
      expect(result.valuesReencrypted).toBeGreaterThan(0);
      expect(result.indexGenerationsStarted).toBe(1);
      expect([...steps]).toEqual(expect.arrayContaining(['customer keys', 'contact indexes']));
      expect([...steps].some((s) => s.startsWith('data key '))).toBe(true);

      // Sign-in works; the hash is then exactly argon2id(HMAC(new pepper, password)) with its salt.
      expect((await account(cashier)).pepper_id).not.toBeNull();
      expect((await login(after, cashier)).statusCode).toBe(200);
      const moved = await account(cashier);
      expect(moved.pepper_id).toBeNull();
      const newPepper = softwareDerive(Buffer.from(kekB, 'base64'), 'password-pepper');
      const salt = Buffer.from(String(moved.password_hash).split('$')[4] ?? '', 'base64');
      const expected = await argon2.hash(
        createHmac('sha256', newPepper).update(cashier.password.normalize('NFKC')).digest(),
        {
          type: argon2.argon2id,
          memoryCost: after.config.argon2MemoryKib,
          timeCost: after.config.argon2Iterations,
          parallelism: after.config.argon2Parallelism,
          salt,
        },
      );
      expect(moved.password_hash).toBe(expected);
      const underOld = createHmac('sha256', held.pepper).update(cashier.password.normalize('NFKC')).digest();
      expect(await argon2.verify(String(moved.password_hash), underOld)).toBe(false);

      // The attacker's keys open nothing in the new database.
      const { tenantKeys, subjectKeys } = await attackerKeys(held);
      expect(subjectKeys.size).toBe(1);
      let tried = 0;
      for (const c of encryptedColumns()) {
        if (c.table.startsWith('test_')) continue;
        const rows = await (db as unknown as AnyDb)
          .selectFrom(c.table)
          .select(['tenant_id', c.rowIdColumn, c.column])
          .where(c.column, 'is not', null)
          .execute();
        for (const row of rows) {
          const parsed = parseEnvelope(String(row[c.column]));
          const t = String(row.tenant_id);
          const key = parsed.keyId.startsWith('s_')
            ? subjectKeys.get(`${t}/${parsed.keyId.slice(2)}`)
            : tenantKeys.get(`${t}/${parsed.keyId}/${String(parsed.version)}`);
          tried += 1;
          if (key === undefined) continue;
          const aad = { tenantId: t, table: c.table, column: c.column, rowId: String(row[c.rowIdColumn]) };
          expect(() => decryptFieldBytes(key, aad, parsed), `${c.table}.${c.column}`).toThrow();
        }
      }
      expect(tried).toBeGreaterThanOrEqual(8);
      // Every encryption key in use now is new: none of the old key bytes is an active key. (Blind-index
      // keys stay: for contact indexes they are only the salt beside the new generation's secret.)
      const active = await db
        .selectFrom('data_keys')
        .selectAll()
        .where('status', '=', 'active')
        .where('kind', '=', 'encryption')
        .execute();
      expect(active.length).toBeGreaterThanOrEqual(2);
      const oldBytes = [...tenantKeys.values()].map((k) => k.toString('hex'));
      for (const r of active) {
        const key = await after.keyProvider.unwrapKey(
          r.wrapped,
          wrapContext(r.tenant_id, r.key_id, r.version),
        );
        expect(oldBytes).not.toContain(key.toString('hex'));
      }

      // Derived secrets: the stored sign-in index is not the old key's, nor are the contact indexes.
      const oldLogin = createHmac('sha256', held.loginKey)
        .update(normalizeEmail(cashier.email))
        .digest('base64url');
      expect(moved.login_index).not.toBe(oldLogin);
      const row = await db
        .selectFrom('customers')
        .select(['phone_idx', 'email_idx'])
        .where('id', '=', customerId)
        .executeTakeFirstOrThrow();
      expect(oldGenerations).not.toContain(generationOfIndex(row.phone_idx ?? ''));
      expect(oldGenerations).not.toContain(generationOfIndex(row.email_idx ?? ''));
      // The customer is still found and read under the new keys.
      const found = await after.services.billing.customers.findMatches(tenantId, { phone: '+919876512345' });
      expect(found.map((m) => m.row.id)).toContain(customerId);

      // The old pepper is kept only for those who have not signed in, until the deadline.
      const t = after;
      const store = new RetiredPepperStore(String(settings.keyDir), t.keyProvider);
      expect(store.list()).toHaveLength(1);
      const waiting = await pepperStatus(getDb().db, store, t.clock.now(), shop.tenant.tenantId);
      expect(waiting.retired[0]).toMatchObject({ usersWaiting: 1, deadlinePassed: false });
      expect(waiting.mustReset).toEqual([]);

      // Past the deadline the lapsed user cannot sign in with the old password, and is listed.
      t.clock.advance(31 * 86_400_000);
      expect((await login(t, lapsed)).statusCode).toBe(401);
      const status = await pepperStatus(getDb().db, store, t.clock.now(), shop.tenant.tenantId);
      expect(status.mustReset).toEqual([{ tenantId: shop.tenant.tenantId, userId: lapsed.userId }]);
      await new RetiredPepperStore(String(settings.keyDir), t.keyProvider).prune(getDb().db, t.clock.now());
      expect(store.list()).toEqual([]);
      expect(readFileSync(join(String(settings.keyDir), RETIRED_PEPPER_FILE), 'utf8')).not.toContain('kw');
    },
  );
});
