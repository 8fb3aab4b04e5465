/**
 * Subsidised fertiliser on both engines: the bill records and prints the government PoS
 * transaction reference and bags; an Aadhaar number typed as the reference is refused at the
 * boundary and never stored; the reference belongs only on a bill with fertiliser.
 */
import { beforeAll, expect, it } from 'vitest';
import { checkoutInput } from '../../src/modules/billing/checkout.schemas.js';
import { subsidyOf } from '../../src/modules/agri/fertiliser-subsidy.js';
import { describeEachEngine } from '../support/engines.js';
import { key } from '../billing/support/billing-fixture.js';
import { aadhaarWithCheckDigit } from '../security-audit/support/numbers.js';
import { createAgriFixture, newPesticide, type AgriFixture } from './support/agri-fixture.js';

describeEachEngine('subsidised fertiliser', (getDb, engine) => {
  let f: AgriFixture;
  let urea: string;
  beforeAll(async () => {
    f = await createAgriFixture(getDb().db, engine);
    await f.agri.batches.setCategoryRule(f.operator, {
      category: 'Fertilisers',
      needsBatch: false,
      licenceKind: 'fertiliser',
    });
    await f.agri.licences.set(f.operator, f.tenant.storeId, 'fertiliser', {
      number: 'FCO/GJ/2025/77',
      validUntil: '2028-03-31',
    });
    urea = await newPesticide(f, 'Fertilisers');
    await f.billing.stock.adjust(f.operator, {
      storeId: f.tenant.storeId,
      reason: 'opening',
      lines: [{ variantId: urea, quantity: 100 }],
    });
  });

  it('records and prints the PoS reference and bags, and refuses an Aadhaar number in its place', async () => {
    const bill = await f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId: urea, quantity: 2 }],
        payments: [{ method: 'cash', amountPaise: 90_000 }],
        fertiliserSubsidy: { posReference: 'IFMS-2605-004417', bags: 2 },
      },
      key(),
    );
    expect(await subsidyOf(f.db, f.tenant.tenantId, bill.id)).toEqual({
      posReference: 'IFMS-2605-004417',
      bags: 2,
    });
    const text = String(await f.billing.documents.render(f.operator, bill.id, 'invoice', 'text')).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('transaction IFMS-2605-004417, 2 bag(s)');
    expect(text).toContain('Fertiliser licence: FCO/GJ/2025/77');
    // A store that prints in Hindi prints the same facts in Hindi.
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'hi' });
    try {
      const hindi = String(await f.billing.documents.render(f.operator, bill.id, 'invoice', 'text')).replace(
        /\s+/g,
        ' ',
      );
      expect(hindi).toContain('लेनदेन IFMS-2605-004417, 2 बोरी');
      expect(hindi).toContain('उर्वरक लाइसेंस: FCO/GJ/2025/77');
      expect(hindi).not.toContain('bag(s)');
    } finally {
      await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'en' });
    }

    const aadhaar = aadhaarWithCheckDigit('23456789012');
    for (const reference of [aadhaar, `${aadhaar.slice(0, 4)}-${aadhaar.slice(4, 8)}-${aadhaar.slice(8)}`]) {
      const parsed = checkoutInput.safeParse({
        storeId: f.tenant.storeId,
        lines: [{ variantId: urea, quantity: 1 }],
        fertiliserSubsidy: { posReference: reference, bags: 1 },
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['fertiliserSubsidy', 'posReference']);
      expect(parsed.error?.issues[0]?.message).toMatch(/Aadhaar/);
    }
    // A 12-digit reference that is not an Aadhaar number (fails its check digit) is accepted.
    const notAadhaar = `${aadhaar.slice(0, 11)}${String((Number(aadhaar[11]) + 1) % 10)}`;
    expect(
      checkoutInput.safeParse({
        storeId: f.tenant.storeId,
        lines: [{ variantId: urea, quantity: 1 }],
        fertiliserSubsidy: { posReference: notAadhaar, bags: 1 },
      }).success,
    ).toBe(true);

    await expect(
      f.billing.checkout.checkout(
        f.operator,
        {
          storeId: f.tenant.storeId,
          lines: [{ variantId: f.items.shirt, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 105_000 }],
          fertiliserSubsidy: { posReference: 'IFMS-2605-004418', bags: 1 },
        },
        key(),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'fertiliserSubsidy' });
    const stored = await f.db
      .selectFrom('fertiliser_subsidy_sales')
      .select('pos_reference')
      .where('tenant_id', '=', f.tenant.tenantId)
      .execute();
    expect(stored.map((s) => s.pos_reference)).toEqual(['IFMS-2605-004417']);
  });
});
