/**
 * The self-audit's dealer-licence check on both engines: passes with no licences or valid ones,
 * warns for a licence expiring within 30 days, fails once one has expired, naming the kind and
 * date and nothing personal.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { runCheck } from '../../src/modules/security-audit/check-runner.js';
import { dealerLicenceCheck } from '../../src/modules/security-audit/checks/licences.check.js';
import { securityChecks } from '../../src/modules/security-audit/checks/registry.js';
import { describeEachEngine } from '../support/engines.js';
import {
  checkContext,
  createAuditFixture,
  createShop,
  type AuditFixture,
} from '../security-audit/support/audit-fixture.js';

describeEachEngine('dealer licence self-audit check', (getDb, engine) => {
  let f: AuditFixture;
  beforeAll(async () => {
    f = await createAuditFixture(getDb(), engine);
  });
  afterAll(async () => {
    await f?.close();
  });

  it('passes, warns within 30 days of expiry, fails once expired', async () => {
    expect(securityChecks).toContain(dealerLicenceCheck);
    const shop = await createShop(f, 'Kisan Seva Kendra');
    const run = () => runCheck(dealerLicenceCheck, checkContext(f, shop.tenantId));
    const none = await run();
    expect(none.status).toBe('pass');
    expect(none.found).toMatch(/No dealer licences/);
    const today = new Date(f.clock.now().getTime() + 330 * 60_000).toISOString().slice(0, 10);
    const inDays = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const operator = operatorActor(shop.tenantId);
    const licences = f.services.agri.licences;
    await licences.set(operator, shop.storeId, 'seed', { number: 'SEED/2025/0042', validUntil: inDays(200) });
    expect((await run()).status).toBe('pass');
    await licences.set(operator, shop.storeId, 'pesticide', {
      number: 'INS/2024/0815',
      validUntil: inDays(30),
    });
    const warn = await run();
    expect(warn.status).toBe('warn');
    expect(warn.found).toContain(`pesticide (until ${inDays(30)})`);
    await licences.set(operator, shop.storeId, 'pesticide', {
      number: 'INS/2024/0815',
      validUntil: inDays(-1),
    });
    const fail = await run();
    expect(fail.status).toBe('fail');
    expect(fail.found).toContain(`pesticide (until ${inDays(-1)})`);
    expect(fail.remediation).toMatch(/Dealer licences/);
    await licences.set(operator, shop.storeId, 'pesticide', {
      number: 'INS/2027/0001',
      validUntil: inDays(365),
    });
    expect((await run()).status).toBe('pass');
  });
});
