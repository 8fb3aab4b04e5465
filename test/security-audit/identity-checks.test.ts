/**
 * The identity and session checks one by one, on both engines: each turns to fail or warn for the
 * situation it looks for, says what it found with ids only, and passes once that is put right.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemContext } from '../../src/kernel/audit.js';
import { runCheck } from '../../src/modules/security-audit/check-runner.js';
import type { SecurityCheck } from '../../src/modules/security-audit/check.types.js';
import { accessReviewCheck } from '../../src/modules/security-audit/checks/data.checks.js';
import { privilegedCountCheck } from '../../src/modules/security-audit/checks/identity.checks.js';
import { passwordPolicyCheck } from '../../src/modules/security-audit/checks/password-policy.check.js';
import { unusedPermissionsCheck } from '../../src/modules/security-audit/checks/permission-use.check.js';
import { sharedAccountsCheck } from '../../src/modules/security-audit/checks/shared-accounts.check.js';
import { sessionTimeoutsCheck } from '../../src/modules/security-audit/checks/transport-session.checks.js';
import { describeEachEngine } from '../support/engines.js';
import { createAccount } from '../support/identity.js';
import {
  authOf,
  checkContext,
  createAuditFixture,
  createShop,
  makeSale,
  userContext,
  type AuditFixture,
} from './support/audit-fixture.js';

const DAY = 86_400_000;

describeEachEngine('identity and session checks', (getDb, engine) => {
  let f: AuditFixture;
  const run = (check: SecurityCheck, tenantId: string, env = {}) =>
    runCheck(check, checkContext(f, tenantId, env));
  const ago = (days: number) => new Date(f.clock.now().getTime() - days * DAY).toISOString();

  beforeAll(async () => {
    f = await createAuditFixture(getDb(), engine);
  });
  afterAll(async () => {
    await f?.close();
  });

  it('identity.privileged-count: a third owner or admin fails; removing one passes', async () => {
    const shop = await createShop(f);
    const second = await createAccount(f.services, shop.tenantId, {
      role: 'admin',
      email: 'meera.fake@example.test',
    });
    expect((await run(privilegedCountCheck, shop.tenantId)).status).toBe('pass');
    const third = await createAccount(f.services, shop.tenantId, {
      role: 'admin',
      email: 'dev.fake@example.test',
    });
    const result = await run(privilegedCountCheck, shop.tenantId);
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result.evidence)).toContain(third.userId);
    expect(JSON.stringify(result.evidence)).not.toContain('example.test');
    const owner = await authOf(f, shop.tenantId, shop.ownerId);
    await f.services.identity.users.disableUser(owner, userContext(owner), second.userId);
    expect((await run(privilegedCountCheck, shop.tenantId)).status).toBe('pass');
  });

  it('identity.unused-permissions: a role whose holders never used a permission in 90 days warns, with what the trail cannot show', async () => {
    const shop = await createShop(f);
    const owner = await authOf(f, shop.tenantId, shop.ownerId);
    const roleId = await f.services.identity.roles.createRole(owner, userContext(owner), 'billing clerk', [
      'invoice.create',
      'catalog.manage',
      'customer.read',
    ]);
    const clerk = await createAccount(f.services, shop.tenantId, {
      role: 'billing clerk',
      email: 'clerk.fake@example.test',
    });
    // Not judged until the role and a holder are 90 days old.
    expect((await run(unusedPermissionsCheck, shop.tenantId)).status).toBe('pass');
    await f.db
      .updateTable('roles')
      .set({ created_at: ago(120) })
      .where('id', '=', roleId)
      .execute();
    await f.db
      .updateTable('users')
      .set({ created_at: ago(120) })
      .where('id', '=', clerk.userId)
      .execute();
    const clerkCtx = {
      tenantId: shop.tenantId,
      actor: { type: 'user' as const, id: clerk.userId },
      source: 'test',
    };
    await f.services.audit.trail.record(f.db, clerkCtx, {
      action: 'invoice.issue',
      objectType: 'invoice',
      objectId: randomUUID(),
      outcome: 'success',
    });
    const warned = await run(unusedPermissionsCheck, shop.tenantId);
    expect(warned.status).toBe('warn');
    expect(warned.evidence.roles).toEqual([
      { roleId, role: 'billing clerk', holders: 1, unused: ['catalog.manage'], notJudged: ['customer.read'] },
    ]);
    await f.services.audit.trail.record(f.db, clerkCtx, {
      action: 'catalog.item.create',
      objectType: 'item',
      objectId: randomUUID(),
      outcome: 'success',
    });
    expect((await run(unusedPermissionsCheck, shop.tenantId)).status).toBe('pass');
  });

  it('identity.shared-accounts: an account on many devices, or with a generic name, warns', async () => {
    const shop = await createShop(f);
    const cashier = await createAccount(f.services, shop.tenantId, {
      role: 'cashier',
      email: 'neha.fake@example.test',
    });
    const signIns = (device: string) => ({
      id: randomUUID(),
      tenant_id: shop.tenantId,
      user_id: cashier.userId,
      account_key: 'k',
      source_ip: '10.0.0.9',
      source_network: '10.0.0.0/24',
      device_id: device,
      outcome: 'success' as const,
      reason: 'ok',
      created_at: ago(2),
    });
    await f.db.insertInto('login_attempts').values(['d1', 'd2', 'd3'].map(signIns)).execute();
    expect((await run(sharedAccountsCheck, shop.tenantId)).status).toBe('pass');
    await f.db.insertInto('login_attempts').values(signIns('d4')).execute();
    const many = await run(sharedAccountsCheck, shop.tenantId);
    expect(many.status).toBe('warn');
    expect(many.evidence.accountsOnManyDevices).toEqual([{ userId: cashier.userId, devices: 4 }]);
    const generic = await createAccount(f.services, shop.tenantId, {
      role: 'cashier',
      email: 'counter2@example.test',
    });
    expect((await run(sharedAccountsCheck, shop.tenantId)).evidence.genericAccounts).toEqual([
      generic.userId,
    ]);
    expect(JSON.stringify((await run(sharedAccountsCheck, shop.tenantId)).evidence)).not.toContain(
      'counter2',
    );
  });

  it('identity.password-policy: weak argon2 settings fail; weaker stored hashes, or card sales without PCI mode, warn', async () => {
    const shop = await createShop(f);
    expect((await run(passwordPolicyCheck, shop.tenantId)).status).toBe('pass');
    const weakSettings = await run(passwordPolicyCheck, shop.tenantId, {
      passwords: { memoryKib: 4096, iterations: 1, parallelism: 1, blocklistSize: 10 },
    });
    expect(weakSettings.status).toBe('fail');
    expect(weakSettings.found).toMatch(
      /argon2_memory_below_19MiB, argon2_iterations_below_2, blocklist_missing/,
    );
    await f.db
      .updateTable('user_accounts')
      .set({ password_hash: '$argon2id$v=19$m=4096,p=1,t=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo' })
      .where('user_id', '=', shop.ownerId)
      .execute();
    const weakHash = await run(passwordPolicyCheck, shop.tenantId);
    expect(weakHash.status).toBe('warn');
    expect(weakHash.evidence.weakerStoredHashes).toEqual([shop.ownerId]);
    await f.db
      .updateTable('user_accounts')
      .set({ password_hash: null })
      .where('user_id', '=', shop.ownerId)
      .execute();
    await createAccount(f.services, shop.tenantId, { role: 'cashier', email: 'pooja.fake@example.test' });
    expect((await run(passwordPolicyCheck, shop.tenantId)).status).toBe('pass');
    await makeSale(f, shop, [
      { method: 'card', amountPaise: 105_000, last4: '1111', reference: 'AUTH123456' },
    ]);
    const pci = await run(passwordPolicyCheck, shop.tenantId);
    expect(pci.status).toBe('warn');
    expect(pci.remediation).toMatch(/PCI DSS mode/);
  });

  it('sessions.timeouts: an absolute lifetime over 12 hours fails; counters idle over an hour warn', async () => {
    const shop = await createShop(f);
    const base = f.env.sessions;
    expect((await run(sessionTimeoutsCheck, shop.tenantId)).status).toBe('pass');
    expect(
      (await run(sessionTimeoutsCheck, shop.tenantId, { sessions: { ...base, absoluteHours: 24 } })).status,
    ).toBe('fail');
    const owner = await authOf(f, shop.tenantId, shop.ownerId);
    await f.services.identity.roles.updateSettings(owner, userContext(owner), {
      minPasswordLength: 0,
      pciMode: false,
      counterIdleMinutes: 120,
    });
    const idle = await run(sessionTimeoutsCheck, shop.tenantId);
    expect(idle.status).toBe('warn');
    expect(idle.evidence.counterIdleMinutes).toBe(120);
  });

  it('identity.access-reviews: decisions past the due date fail; a review done passes', async () => {
    const shop = await createShop(f);
    const ctx = systemContext(shop.tenantId, 'test');
    const campaign = await f.services.accessReviews.service.start(ctx, 'manual', null);
    expect((await run(accessReviewCheck, shop.tenantId)).status).toBe('pass');
    f.clock.advance(15 * DAY);
    const overdue = await run(accessReviewCheck, shop.tenantId);
    expect(overdue.status).toBe('fail');
    expect(overdue.evidence.overdue).toEqual([
      expect.objectContaining({ campaignId: campaign.id, pending: campaign.counts.total }),
    ]);
    const owner = await authOf(f, shop.tenantId, shop.ownerId);
    const { items } = await f.services.accessReviews.views.detail(owner, campaign.id);
    for (const item of items)
      await f.services.accessReviews.service.decide(
        owner,
        userContext(owner),
        campaign.id,
        item.id,
        'confirm',
      );
    expect((await run(accessReviewCheck, shop.tenantId)).status).toBe('pass');
    f.clock.advance(-15 * DAY);
  });
});
