/**
 * A suspended business's jobs do not run (issue 20, ADR 0064), on both engines: with two
 * businesses each rotating a key, the key-rotation job finishes the active business's rotation
 * and leaves the suspended one's untouched, and finishes it once the business is resumed. The
 * per-business job helper visits only active businesses, each in its own tenant scope (on
 * PostgreSQL it then sees only that business's rows).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachActiveTenant } from '../../src/modules/jobs/tenant-work.js';
import { TenantService } from '../../src/modules/tenants/tenant.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import { buildIdentityTestApp, createAccount, seedRoles, type IdentityTestApp } from '../support/identity.js';

describeEachEngine('jobs of a suspended business', (getDb, engine) => {
  let t: IdentityTestApp;
  let tenants: TenantService;
  let active = '';
  let suspended = '';

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb(), { activeKeyCacheSeconds: 0 });
    const { deps } = t.services.identity;
    tenants = new TenantService({
      db: getDb().db,
      clock: t.clock,
      audit: deps.audit,
      loginIndex: deps.loginIndex,
    });
    for (const name of ['Asha Fashions', 'Bharat Agro']) {
      const { tenantId } = await createTenant(getDb().db, { name });
      await seedRoles(getDb().db, tenantId);
      await createAccount(t.services, tenantId, { role: 'owner' });
      if (active === '') active = tenantId;
      else suspended = tenantId;
    }
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it("the key-rotation job leaves a suspended business's rotation until it is resumed", async () => {
    const rotation = t.services.rotation;
    const a = await rotation.start(active, 'staff_pii');
    const b = await rotation.start(suspended, 'staff_pii');
    expect(a.rowsTotal).toBeGreaterThan(0);
    expect(b.rowsTotal).toBeGreaterThan(0);
    expect(await tenants.setStatus(suspended, 'suspended')).toBe('changed');

    expect(await t.services.jobs.runNow('key-rotation')).toBe(true);
    const statusOf = async (id: string) =>
      (
        await getDb()
          .db.selectFrom('key_rotations')
          .select(['status', 'rows_done'])
          .where('id', '=', id)
          .execute()
      )[0];
    expect(await statusOf(a.id)).toMatchObject({ status: 'completed' });
    expect(await statusOf(b.id)).toEqual({ status: 'running', rows_done: 0 });
    // Running it again changes nothing while the business stays suspended.
    expect(await t.services.jobs.runNow('key-rotation')).toBe(true);
    expect(await statusOf(b.id)).toEqual({ status: 'running', rows_done: 0 });

    expect(await tenants.setStatus(suspended, 'active')).toBe('changed');
    expect(await t.services.jobs.runNow('key-rotation')).toBe(true);
    expect(await statusOf(b.id)).toMatchObject({ status: 'completed', rows_done: b.rowsTotal });
  });

  it('per-business job work visits only active businesses, each held to its own rows', async () => {
    await tenants.setStatus(suspended, 'suspended');
    try {
      const visits: Array<{ tenantId: string; stores: string[] }> = [];
      await forEachActiveTenant(getDb().db, async (tenantId) => {
        const stores = await getDb().db.selectFrom('stores').select('tenant_id').distinct().execute();
        visits.push({ tenantId, stores: stores.map((s) => s.tenant_id) });
      });
      const other = (
        await sql<{ id: string }>`select id from tenants where id not in (${active}, ${suspended})`.execute(
          getDb().db,
        )
      ).rows.map((r) => r.id);
      expect(visits.map((v) => v.tenantId).sort()).toEqual([active, ...other].sort());
      expect(visits.map((v) => v.tenantId)).not.toContain(suspended);
      const mine = visits.find((v) => v.tenantId === active);
      // On PostgreSQL row-level security holds the work to its business; SQLite has no such layer.
      if (engine === 'postgres') expect(mine?.stores).toEqual([active]);
      else expect(mine?.stores).toContain(active);
    } finally {
      await tenants.setStatus(suspended, 'active');
    }
  });
});
