/**
 * The guarantor of a farmer's khata on both engines (issue 17, item 4): the name is stored only as
 * an envelope under the farmer's own key, shown masked, in the farmer's data export, refused when
 * empty or holding an Aadhaar number, recorded without the name, and unreadable after the
 * farmer's erasure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectCustomerData } from '../../src/modules/privacy/subject-data.js';
import { describeEachEngine } from '../support/engines.js';
import { createPrivacyShop, type PrivacyShop } from '../privacy/support/privacy-fixture.js';

describeEachEngine('khata guarantor', (getDb) => {
  let shop: PrivacyShop;
  let farmer: string;
  const guarantors = () => {
    const service = shop.t.services.agri.guarantors;
    if (service === undefined) throw new Error('the guarantor service needs field encryption');
    return service;
  };
  const row = () =>
    getDb()
      .db.selectFrom('khata_guarantors')
      .selectAll()
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('customer_id', '=', farmer)
      .executeTakeFirst();

  beforeAll(async () => {
    shop = await createPrivacyShop(getDb());
    farmer = await shop.customer({ name: 'Mohan Lal', phone: '+919812300088' });
  }, 120_000);
  afterAll(async () => {
    await shop?.close();
  });

  it('refuses a missing or too short name, and removing one that is not there; nothing written', async () => {
    await expect(guarantors().set(shop.operator, farmer, ' x ')).rejects.toMatchObject({ field: 'name' });
    await expect(guarantors().set(shop.operator, farmer, null)).rejects.toMatchObject({ code: 'not_found' });
    expect(await row()).toBeUndefined();
    expect(await guarantors().view(shop.operator, farmer)).toEqual({ masked: null });
  });

  it('keeps the name encrypted under the farmer key, shows it masked, exports it, records without it', async () => {
    expect(await guarantors().set(shop.operator, farmer, '  Ravi   Kumar ')).toEqual({ masked: 'R*** K***' });
    const stored = await row();
    expect(stored?.name_enc).toMatch(/^tj1:s_/);
    expect(JSON.stringify(stored)).not.toContain('Ravi');
    expect(await guarantors().view(shop.operator, farmer)).toEqual({ masked: 'R*** K***' });
    const exported = await collectCustomerData(
      getDb().db,
      shop.t.services.fieldCipher,
      shop.tenant.tenantId,
      farmer,
    );
    expect(exported.find((s) => s.table === 'khata_guarantors')?.rows).toEqual([
      expect.objectContaining({ name: 'Ravi Kumar' }),
    ]);
    const entries = await getDb()
      .db.selectFrom('audit_entries')
      .select(['action', 'details'])
      .where('tenant_id', '=', shop.tenant.tenantId)
      .where('object_id', '=', farmer)
      .where('action', 'like', 'khata.guarantor.%')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['khata.guarantor.set']);
    expect(JSON.stringify(entries)).not.toContain('Ravi');
  });

  it('is unreadable once the farmer is erased', async () => {
    const envelope = (await row())?.name_enc ?? '';
    await shop.t.services.privacy.erasure.erase(shop.operator, { customerId: farmer, reason: 'dsr_erasure' });
    await expect(guarantors().view(shop.operator, farmer)).rejects.toMatchObject({ code: 'conflict' });
    const ref = {
      tenantId: shop.tenant.tenantId,
      table: 'khata_guarantors',
      column: 'name_enc',
      rowId: farmer,
      subjectId: farmer,
    };
    await expect(shop.t.services.fieldCipher.decrypt(ref, envelope)).rejects.toMatchObject({
      code: 'decryption_failed',
    });
  });
});
