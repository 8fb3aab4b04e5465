/**
 * Barcode label sheets on both engines: the sheet prints each label's name, size and colour,
 * price and MRP (pdftotext), the bars decode to the variant's barcode (read back from the PDF's
 * images by an independent EAN-13 decoder), a variant without a barcode is given the next one in
 * the shop's in-store range (kept, so the till scans what the label shows), sheets overflow onto
 * more pages, and bad requests name the line and write nothing.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, expect, it } from 'vitest';
import { labelRequest } from '../../src/modules/catalog/label.service.js';
import { symbologyOf } from '../../src/modules/catalog/label-sheet.js';
import { decodeEan13, pdfImages } from '../support/barcode-read.js';
import { describeEachEngine } from '../support/engines.js';
import { pdftotext } from '../support/pdf-text.js';
import { createBillingFixture, type BillingFixture } from './support/billing-fixture.js';

const pages = (pdf: Buffer): number => {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString();
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
};

describeEachEngine('barcode labels', (getDb, engine) => {
  let f: BillingFixture;
  let withCode: string;
  let withoutCode: string;
  let itemId: string;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine, { tenantName: 'Label Shop' });
    const item = await f.billing.items.createItem(f.operator, {
      kind: 'goods',
      name: 'Kurta cotton',
      hsnSac: '6211',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [
        { size: 'M', colour: 'Indigo', barcode: '8901234567890', pricePaise: 89_900, mrpPaise: 1_09_900 },
        { size: 'XL', colour: 'Rust', pricePaise: 1_24_950, mrpPaise: 1_49_900 },
      ],
    });
    itemId = item.id;
    withCode = item.variants[0]?.id ?? '';
    withoutCode = item.variants[1]?.id ?? '';
  });

  it('prints name, size/colour, price and MRP, and bars that decode to the barcode', async () => {
    const pdf = await f.billing.labels.print(
      f.operator,
      labelRequest.parse({ layout: 'a4-24', lines: [{ variantId: withCode, copies: 2 }] }),
    );
    const text = await pdftotext(pdf);
    expect(text).toContain('Kurta cotton');
    expect(text).toContain('M / Indigo');
    expect(text).toContain('Price ₹899.00');
    expect(text).toContain('MRP ₹1,099.00');
    expect(text.match(/8901234567890/g)).toHaveLength(2);
    const images = await pdfImages(pdf);
    expect(images.length).toBeGreaterThan(0);
    expect(images.map(decodeEan13)).toContain('8901234567890');
  });

  it('gives a variant without a barcode the next in-store code, keeps it, and prints it', async () => {
    const pdf = await f.billing.labels.print(
      f.operator,
      labelRequest.parse({ layout: 'a4-65', language: 'hi', lines: [{ variantId: withoutCode, copies: 1 }] }),
    );
    const stored = (await f.billing.items.getItem(f.operator, itemId)).variants.find(
      (v) => v.id === withoutCode,
    );
    expect(stored?.barcode).toMatch(/^20\d{11}$/);
    const text = await pdftotext(pdf);
    expect(text).toContain(stored?.barcode ?? 'missing');
    expect(text).toContain('₹1,249.50');
    expect(text).toContain('एमआरपी ₹1,499.00');
    expect((await pdfImages(pdf)).map(decodeEan13)).toContain(stored?.barcode);
    // A second sheet does not assign again.
    await f.billing.labels.print(
      f.operator,
      labelRequest.parse({ layout: 'a4-65', lines: [{ variantId: withoutCode, copies: 1 }] }),
    );
    const again = (await f.billing.items.getItem(f.operator, itemId)).variants.find(
      (v) => v.id === withoutCode,
    );
    expect(again?.barcode).toBe(stored?.barcode);
  });

  it('runs onto a second page after 65 labels, counting from the first free position', async () => {
    const full = await f.billing.labels.print(
      f.operator,
      labelRequest.parse({ layout: 'a4-65', lines: [{ variantId: withCode, copies: 65 }] }),
    );
    expect(pages(full)).toBe(1);
    const offset = await f.billing.labels.print(
      f.operator,
      labelRequest.parse({ layout: 'a4-65', startAt: 2, lines: [{ variantId: withCode, copies: 65 }] }),
    );
    expect(pages(offset)).toBe(2);
  });

  it('refuses an unknown variant by its line, and too many labels, before writing anything', async () => {
    await expect(
      f.billing.labels.print(
        f.operator,
        labelRequest.parse({
          layout: 'a4-65',
          lines: [
            { variantId: withCode, copies: 1 },
            { variantId: f.tenant.tenantId, copies: 1 },
          ],
        }),
      ),
    ).rejects.toMatchObject({ field: 'lines.1.variantId' });
    const tooMany = labelRequest.safeParse({
      layout: 'a4-65',
      lines: [
        { variantId: withCode, copies: 1500 },
        { variantId: withoutCode, copies: 501 },
      ],
    });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.path).toEqual(['lines']);
    expect(
      labelRequest.safeParse({ layout: 'a4-10', lines: [{ variantId: withCode, copies: 1 }] }).success,
    ).toBe(false);
    expect(
      labelRequest.safeParse({ layout: 'a4-65', lines: [{ variantId: withCode, copies: 0 }] }).success,
    ).toBe(false);
  });
});

it('prints EAN-13 only for valid EAN-13 codes, Code 128 otherwise', () => {
  expect(symbologyOf('8901234567890')).toBe('ean13');
  expect(symbologyOf('8901234567891')).toBe('code128');
  expect(symbologyOf('SKU-KURTA-M')).toBe('code128');
  expect(symbologyOf('890123456789')).toBe('code128');
});
