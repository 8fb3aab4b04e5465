/**
 * Rotation of the keys the product itself uses, on both engines: every encrypted column in the
 * schema is declared (so rotation re-encrypts it), and after rotating every purpose in use and
 * retiring the old versions, an owner still passes two-step verification and staff profiles still
 * read.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { encryptedColumns } from '../../src/modules/keys/encrypted-columns.js';
import type { KeyPurpose } from '../../src/modules/keys/field-crypto.types.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  passwordStep,
  seedRoles,
  sessionFrom,
  signIn,
  type IdentityTestApp,
} from '../support/identity.js';

describeEachEngine('rotating the product keys', (getDb, engine) => {
  let t: IdentityTestApp;
  let tenantId: string;

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb(), { activeKeyCacheSeconds: 0 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('declares every encrypted column of the schema', async () => {
    const { rows } =
      engine === 'sqlite'
        ? await sql<{ table_name: string; column_name: string }>`
            select m.name as table_name, p.name as column_name from sqlite_master m, pragma_table_info(m.name) p
            where m.type = 'table' and p.name like '%\\_enc' escape '\\'`.execute(getDb().db)
        : await sql<{ table_name: string; column_name: string }>`
            select table_name, column_name from information_schema.columns
            where table_schema = current_schema() and column_name like '%\\_enc' escape '\\'`.execute(
            getDb().db,
          );
    expect(rows.length).toBeGreaterThan(0);
    const declared = new Set(encryptedColumns().map((c) => `${c.table}.${c.column}`));
    for (const r of rows)
      expect(declared.has(`${r.table_name}.${r.column_name}`), `${r.table_name}.${r.column_name}`).toBe(true);
  });

  it('after every purpose is rotated and the old versions retired, sign-in with TOTP and profiles still work', async () => {
    tenantId = (await createTenant(getDb().db)).tenantId;
    await seedRoles(getDb().db, tenantId);
    const owner = await createAccount(t.services, tenantId, {
      role: 'owner',
      email: 'kavya.rao@example.com',
    });
    const secret = (await signIn(t, owner, 'owner')).totpSecret ?? '';
    const purposes = await getDb()
      .db.selectFrom('data_keys')
      .select('key_id')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'encryption')
      .execute();
    expect(purposes.map((p) => p.key_id).sort()).toEqual(['auth_secrets', 'staff_pii']);
    for (const { key_id } of purposes) {
      const started = await t.services.rotation.start(tenantId, key_id as KeyPurpose);
      expect(started.rowsTotal).toBeGreaterThan(0);
      const done = await t.services.rotation.runToCompletion(tenantId, started.id, { batchSize: 10 });
      expect(done).toMatchObject({ status: 'completed', rowsDone: started.rowsTotal });
    }
    const versions = await getDb()
      .db.selectFrom('data_keys')
      .select(['key_id', 'version', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'encryption')
      .orderBy('key_id')
      .orderBy('version')
      .execute();
    expect(versions.map((v) => `${v.key_id} v${String(v.version)} ${v.status}`)).toEqual([
      'auth_secrets v1 retired',
      'auth_secrets v2 active',
      'staff_pii v1 retired',
      'staff_pii v2 active',
    ]);

    t.clock.advance(60_000);
    const pending = await passwordStep(t, owner);
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      headers: pending.headers,
      payload: { code: totpCodeAt(secret, t.clock.now()) },
    });
    expect(verified.statusCode).toBe(200);
    const session = sessionFrom(
      verified.headers['set-cookie'],
      verified.json<{ csrfToken: string }>().csrfToken,
    );
    const profile = await t.app.inject({
      method: 'GET',
      url: `/api/v1/users/${owner.userId}`,
      headers: session.headers,
    });
    expect(profile.json()).toMatchObject({ emailMasked: 'k***@example.com' });
  });
});
