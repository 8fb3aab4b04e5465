/**
 * The cashier's default discount allowance on both engines: a new shop starts at 5 %, and
 * migration 0024 moves a shop still on the old default of 0 % to 5 % unless someone in the shop
 * ever set the allowance (a shop that chose 0 % keeps it; one that chose 12 % keeps that).
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { defaultDiscountAllowance } from '../../src/db/migrations/0024_default_discount_allowance.js';
import { operatorActor } from '../../src/kernel/actor.js';
import { AuditTrail } from '../../src/modules/audit/audit.recorder.js';
import { BillingContextCache } from '../../src/modules/billing/billing-context.js';
import { BillingSettingsService } from '../../src/modules/billing/billing-settings.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';

describeEachEngine('default discount allowance', (getDb, engine) => {
  const clock = new ManualClock('2026-05-15T06:30:00.000Z');
  const service = () =>
    new BillingSettingsService(
      getDb().db,
      clock,
      new AuditTrail(clock),
      new BillingContextCache(getDb().db, clock),
    );
  const allowanceOf = async (tenantId: string) =>
    (await service().settings(operatorActor(tenantId))).discountAllowancePercent;
  /** Puts a shop's settings row back to what releases before 0024 wrote. */
  const oldDefault = (tenantId: string) =>
    getDb()
      .db.updateTable('billing_settings')
      .set({ discount_allowance_pct: 0 })
      .where('tenant_id', '=', tenantId)
      .execute();

  it('a new shop lets a cashier give 5 % without a manager', async () => {
    const { tenantId } = await createTenant(getDb().db);
    expect(await allowanceOf(tenantId)).toBe(5);
    // Changing another setting writes the row with the default, not 0.
    await service().updateSettings(operatorActor(tenantId), { roundOff: 'none' });
    expect(await allowanceOf(tenantId)).toBe(5);
  });

  it('the migration gives 5 % to shops that never chose, and keeps what a shop chose', async () => {
    const never = (await createTenant(getDb().db)).tenantId;
    const choseZero = (await createTenant(getDb().db)).tenantId;
    const choseTwelve = (await createTenant(getDb().db)).tenantId;
    // A shop that changed only its UPI details before the upgrade, still on the old 0 %.
    await service().updateSettings(operatorActor(never), {
      upiVpa: 'shop@okbank',
      upiPayeeName: 'Shop',
    });
    await oldDefault(never);
    // A shop whose owner set 0 % on purpose (recorded in the audit trail), then changed rounding.
    await service().updateSettings(operatorActor(choseZero), { discountAllowancePercent: 0 });
    await service().updateSettings(operatorActor(choseZero), { roundOff: 'none' });
    await service().updateSettings(operatorActor(choseTwelve), { discountAllowancePercent: 12 });

    await defaultDiscountAllowance(engine).up(getDb().db);

    expect(await allowanceOf(never)).toBe(5);
    expect(await allowanceOf(choseZero)).toBe(0);
    expect(await allowanceOf(choseTwelve)).toBe(12);
    // The rest of the row is untouched.
    expect((await service().settings(operatorActor(never))).upiVpa).toBe('shop@okbank');
    expect((await service().settings(operatorActor(choseZero))).roundOff).toBe('none');
  });
});
