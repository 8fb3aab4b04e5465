/**
 * Rule 46 through checkout on both engines: a store without its full address cannot issue
 * (Rule 46(a)), and with it the invoice carries the address and GSTIN; every intra-state
 * document prints the rate of each tax head (Rule 46(m)), in A4, thermal PDF and text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createStore } from '../support/factories.js';
import { pdftotext } from '../support/pdf-text.js';
import { qrCodesInPdf } from '../support/pdf-qr.js';
import QRCode from 'qrcode';
import { storeProfilePatch } from '../../src/modules/billing/billing-settings.schemas.js';
import { createBillingFixture, key, type BillingFixture } from '../billing/support/billing-fixture.js';

describeEachEngine('Rule 46 on issued documents', (getDb, engine) => {
  let f: BillingFixture;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });

  const countDocuments = async (storeId: string) =>
    Number(
      (
        await f.db
          .selectFrom('sales_documents')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', f.tenant.tenantId)
          .where('store_id', '=', storeId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('the supplier address (Rule 46(a))', () => {
    it('a store without city and PIN code cannot issue; the error says where to fill them in', async () => {
      const storeId = await createStore(f.db, f.tenant.tenantId, { storeName: 'New branch' });
      await f.billing.stock.adjust(f.operator, {
        storeId,
        reason: 'opening',
        lines: [{ variantId: f.items.kurta, quantity: 5 }],
      });
      const attempt = f.billing.checkout.checkout(
        f.operator,
        {
          storeId,
          lines: [{ variantId: f.items.kurta, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 252_000 }],
        },
        key(),
      );
      await expect(attempt).rejects.toMatchObject({
        code: 'precondition_failed',
        field: 'storeId',
        details: { reason: 'supplier-address-incomplete', missing: ['city', 'pincode'] },
      });
      await expect(attempt).rejects.toThrow(/city, PIN code missing.*Settings, Store details/);
      expect(await countDocuments(storeId)).toBe(0);
      const level = await f.billing.stock.levels(f.operator, { storeId, variantIds: [f.items.kurta] });
      expect(level[0]?.quantity).toBe(5);
    });

    it('a blank address line is refused too, even with city and PIN', async () => {
      const storeId = await createStore(f.db, f.tenant.tenantId, { storeName: 'Kiosk' });
      await f.billing.settings.updateStoreProfile(f.operator, storeId, {
        addressLine1: '   ',
        city: 'Surat',
        pincode: '395003',
      });
      await expect(
        f.billing.checkout.checkout(
          f.operator,
          {
            storeId,
            lines: [{ variantId: f.items.kurta, quantity: 1 }],
            payments: [{ method: 'cash', amountPaise: 252_000 }],
          },
          key(),
        ),
      ).rejects.toMatchObject({ code: 'precondition_failed', details: { missing: ['addressLine1'] } });
    });

    it('once the address is filled in, the store sells and the PDF carries the address and GSTIN', async () => {
      const storeId = await createStore(f.db, f.tenant.tenantId, { storeName: 'Riverfront' });
      await f.billing.stock.adjust(f.operator, {
        storeId,
        reason: 'opening',
        lines: [{ variantId: f.items.kurta, quantity: 5 }],
      });
      await f.billing.settings.updateStoreProfile(f.operator, storeId, {
        addressLine1: '12 Riverfront Road',
        city: 'Vadodara',
        pincode: '390001',
      });
      const inv = await f.billing.checkout.checkout(
        f.operator,
        {
          storeId,
          lines: [{ variantId: f.items.kurta, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 252_000 }],
        },
        key(),
      );
      const text = await pdftotext(
        (await f.billing.documents.render(f.operator, inv.id, 'invoice', 'a4')) as Buffer,
      );
      expect(text).toContain('12 Riverfront Road');
      expect(text).toContain('Vadodara 390001, Gujarat (24)');
      expect(text).toContain('GSTIN: 24AAQCA8719H1ZC');
    });
  });

  describe('the rate of each tax head (Rule 46(m))', () => {
    let invoiceId: string;
    beforeAll(async () => {
      // Rs 2,600 before tax: apparel above Rs 2,500 a piece is 18%, intra-state.
      const inv = await f.billing.checkout.checkout(
        f.operator,
        {
          storeId: f.tenant.storeId,
          lines: [{ variantId: f.items.jacket, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 306_800 }],
        },
        key(),
      );
      expect(inv.totals.taxes).toMatchObject({ cgst: 23_400, sgst: 23_400, igst: 0 });
      invoiceId = inv.id;
    });

    it('A4 PDF text names CGST 9% and SGST 9%', async () => {
      const text = await pdftotext(
        (await f.billing.documents.render(f.operator, invoiceId, 'invoice', 'a4')) as Buffer,
      );
      expect(text).toMatch(/CGST 9% 234\.00/);
      expect(text).toMatch(/SGST 9% 234\.00/);
      expect(text).toContain('@ 9%');
    });

    it('thermal PDF text names CGST 9% and SGST 9%', async () => {
      const text = await pdftotext(
        (await f.billing.documents.render(f.operator, invoiceId, 'invoice', 'thermal')) as Buffer,
      );
      expect(text).toMatch(/CGST 9% 234\.00/);
      expect(text).toMatch(/SGST 9% 234\.00/);
    });

    it('the plain-text receipt names them on the line and in the summary', async () => {
      const text = (await f.billing.documents.render(f.operator, invoiceId, 'invoice', 'text')) as string;
      expect(text).toMatch(/18% CGST 9% 234\.00 SGST 9% 234\.00/);
      expect(text).toMatch(/18% on 2,600\.00: CGST 9% 234\.00, SGST 9% 234\.00/);
    });

    it('an inter-state sale names IGST at the full rate and no halves', async () => {
      const inv = await f.billing.checkout.checkout(
        f.operator,
        {
          storeId: f.tenant.storeId,
          lines: [{ variantId: f.items.jacket, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 306_800 }],
          delivery: { stateCode: '27' },
        },
        key(),
      );
      const text = (await f.billing.documents.render(f.operator, inv.id, 'invoice', 'text')) as string;
      expect(text).toMatch(/IGST 18% 468\.00/);
      expect(text).not.toMatch(/CGST/);
    });
  });

  describe('the shop logo on A4', () => {
    it('a PNG logo set in the store profile is printed on the A4 bill', async () => {
      const png = await QRCode.toBuffer('SHARMA-LOGO', { type: 'png', width: 120, margin: 1 });
      const logo = `data:image/png;base64,${png.toString('base64')}`;
      expect(storeProfilePatch.safeParse({ logo }).success).toBe(true);
      const storeId = await createStore(f.db, f.tenant.tenantId, { storeName: 'Logo branch' });
      await f.billing.stock.adjust(f.operator, {
        storeId,
        reason: 'opening',
        lines: [{ variantId: f.items.kurta, quantity: 1 }],
      });
      await f.billing.settings.updateStoreProfile(f.operator, storeId, {
        city: 'Rajkot',
        pincode: '360001',
        logo,
      });
      // Kept as its pixels, encoded again on the server: still a PNG, and it still reads.
      expect((await f.billing.settings.storeProfile(f.operator, storeId)).logo).toMatch(
        /^data:image\/png;base64,/,
      );
      const inv = await f.billing.checkout.checkout(
        f.operator,
        {
          storeId,
          lines: [{ variantId: f.items.kurta, quantity: 1 }],
          payments: [{ method: 'cash', amountPaise: 252_000 }],
        },
        key(),
      );
      const pdf = (await f.billing.documents.render(f.operator, inv.id, 'invoice', 'a4')) as Buffer;
      expect(await qrCodesInPdf(pdf)).toEqual(['SHARMA-LOGO']);
    });

    it('refuses a logo that is not a PNG or JPEG, or too large, naming the field', () => {
      const bad = [
        'data:image/png;base64,' + Buffer.from('GIF89a not a png').toString('base64'),
        'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
        'https://example.com/logo.png',
        'data:image/jpeg;base64,' +
          Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100 * 1024)]).toString('base64'),
      ];
      for (const logo of bad) {
        const parsed = storeProfilePatch.safeParse({ logo });
        expect(parsed.success).toBe(false);
        expect(parsed.error?.issues[0]?.path).toEqual(['logo']);
      }
    });
  });
});
