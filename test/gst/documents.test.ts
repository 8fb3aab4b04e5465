import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { createSigner, generateSigningKeyPair } from '../../src/crypto/signing.js';
import {
  buildUpiUri,
  renderA4Pdf,
  renderThermalPdf,
  renderThermalText,
  signDocument,
  verifyDocumentSignature,
} from '../../src/modules/documents/index.js';
import { BUYER_A, goods, issue, SUPPLIER } from './document-fixtures.js';

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number; width: number }> {
  const proxy = await getDocumentProxy(new Uint8Array(pdf));
  const page = await proxy.getPage(1);
  const { text, totalPages } = await extractText(proxy, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), pages: totalPages, width: page.view[2]! };
}

const walkIn = {
  name: 'Test Customer Alpha',
  phone: '9000000001',
  address: { line1: '7 Nowhere Lane', city: 'Pune', pincode: '411002', stateCode: '27' },
};

const b2b = issue({
  number: 'INV/25-26/00101',
  seriesKey: 's',
  sequence: 101,
  date: '2025-11-03',
  buyer: BUYER_A,
  deliveredTo: '29',
  lines: [
    goods('Cotton shirt, blue', '6205', 2, 200_000),
    goods('Wool jacket', '6201', 1, 300_000, { discountPaise: 1_000 }),
  ],
  payments: [{ method: 'card', amountPaise: 500_000, cardLast4: '4242', reference: 'AUTH123' }],
});

describe('A4 PDF', () => {
  it('prints every Rule 46 field of a B2B tax invoice', async () => {
    const signer = createSigner(generateSigningKeyPair());
    const signature = signDocument(b2b, signer);
    const { text } = await pdfText(
      await renderA4Pdf(b2b, { upiVpa: 'demothreads@okbank', signature, hsnDigits: 4 }),
    );
    for (const field of [
      'Tax Invoice',
      'Demo Apparel Private Limited',
      '12 Example Market Road',
      'GSTIN: 27ABCDE1234F1Z0',
      'Invoice No.: INV/25-26/00101',
      'Date: 03-11-2025 12:00 IST',
      'Place of supply: 29 - Karnataka',
      'Reverse charge: No',
      'Fake Traders Karnataka LLP',
      'GSTIN: 29PQRST6789K1ZS',
      '6205',
      'Cotton shirt, blue',
      'PCS',
      '2,000.00',
      '4,000.00',
      '2,990.00',
      'IGST',
      '538.20',
      'Rupees Seven Thousand Seven Hundred Twenty-Eight Only',
      'Rs. 7,728.00',
      'CARD 5,000.00 card ending 4242',
      'Scan to pay Rs. 2,728.00 by UPI to demothreads@okbank',
      `key ${signer.keyId}`,
    ])
      expect(text, field).toContain(field);
    expect(text).not.toContain('CGST');
  });

  it('prints nothing of a walk-in customer below Rs 50,000, and name, address and state from it', async () => {
    const small = issue({
      number: 'INV/9',
      seriesKey: 's',
      sequence: 9,
      date: '2025-11-03',
      buyer: walkIn,
      lines: [goods('Shirt', '6205', 1, 100_000)],
    });
    const { text } = await pdfText(await renderA4Pdf(small));
    expect(text).not.toContain('Test Customer Alpha');
    expect(text).not.toContain('9000000001');
    expect(text).not.toContain('Nowhere');
    expect(text).not.toContain('Bill to');
    expect(renderThermalText(small)).not.toMatch(/Alpha|9000000001|Nowhere/);
    const large = issue({
      number: 'INV/10',
      seriesKey: 's',
      sequence: 10,
      date: '2025-11-03',
      buyer: walkIn,
      lines: [goods('Shirt', '6205', 25, 200_000)],
    });
    const largeText = (await pdfText(await renderA4Pdf(large))).text;
    expect(largeText).toContain('Test Customer Alpha');
    expect(largeText).toContain('7 Nowhere Lane');
    expect(largeText).toContain('Maharashtra (27)');
    expect(largeText).not.toContain('9000000001');
  });

  it('a composition dealer prints a bill of supply with the Rule 5 declaration and no tax', async () => {
    const doc = issue({
      number: 'BOS/1',
      seriesKey: 's',
      sequence: 1,
      date: '2025-11-03',
      supplier: { ...SUPPLIER, registration: 'composition' },
      lines: [goods('Shirt', '6205', 1, 100_000)],
    });
    const { text } = await pdfText(await renderA4Pdf(doc));
    expect(text).toContain('Bill of Supply');
    expect(text).toContain('Composition taxable person, not eligible to collect tax on supplies');
    expect(text).not.toMatch(/CGST|SGST|IGST/);
  });

  it('a credit note names its original invoice and date (Rule 53)', async () => {
    const note = issue({
      number: 'CN/25-26/00011',
      seriesKey: 'c',
      sequence: 11,
      date: '2025-11-18',
      type: 'credit-note',
      buyer: BUYER_A,
      deliveredTo: '29',
      original: {
        number: 'INV/25-26/00101',
        date: '2025-11-03',
        totalPaise: 772_800,
        placeOfSupply: '29',
        buyerGstin: BUYER_A.gstin,
      },
      lines: [goods('Cotton shirt, blue', '6205', 1, 200_000)],
    });
    const { text } = await pdfText(await renderA4Pdf(note, { upiVpa: 'demothreads@okbank' }));
    expect(text).toContain('Credit Note');
    expect(text).toContain('Note No.: CN/25-26/00011');
    expect(text).toContain('Against invoice: INV/25-26/00101 dated 03-11-2025');
    expect(text).not.toContain('Scan to pay');
  });

  it('continues long invoices on more pages', async () => {
    const lines = Array.from({ length: 90 }, (_, i) => goods(`Item number ${i + 1}`, '6109', 1, 10_000 + i));
    const { text, pages } = await pdfText(
      await renderA4Pdf(issue({ number: 'INV/11', seriesKey: 's', sequence: 11, date: '2025-11-03', lines })),
    );
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Item number 1 ');
    expect(text).toContain('Item number 90');
  });
});

describe('thermal receipt', () => {
  it('fits 48 columns and carries the Rule 46 fields', () => {
    const text = renderThermalText(b2b, { upiVpa: 'demothreads@okbank' });
    const lines = text.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(48);
    for (const field of [
      'TAX INVOICE',
      'GSTIN: 27ABCDE1234F1Z0',
      'Invoice No.: INV/25-26/00101',
      'Place of supply: 29 - Karnataka',
      'Reverse charge: No',
      'GSTIN: 29PQRST6789K1ZS',
      '6205 2 PCS x 2,000.00',
      'IGST',
      'Rupees Seven Thousand',
      'demothreads@okbank',
    ])
      expect(text, field).toContain(field);
    expect(lines.find((l) => l.startsWith('TOTAL'))).toMatch(/^TOTAL\s+7,728\.00$/);
    expect(
      Math.max(
        ...renderThermalText(b2b, { width: 32 })
          .split('\n')
          .map((l) => l.length),
      ),
    ).toBeLessThanOrEqual(32);
  });

  it('renders an 80 mm PDF with the same text and a QR image', async () => {
    const pdf = await renderThermalPdf(b2b, { upiVpa: 'demothreads@okbank' });
    const { text, width, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect(width).toBeCloseTo(226.77, 1);
    expect(text).toContain('INV/25-26/00101');
    expect(text).toContain('TAX INVOICE');
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');
  });
});

describe('UPI request and signatures', () => {
  it('builds the upi://pay URI with the amount and invoice number', () => {
    expect(
      buildUpiUri({
        vpa: 'demothreads@okbank',
        payeeName: 'Demo Threads',
        amountPaise: 272_800,
        invoiceNumber: 'INV/25-26/00101',
      }),
    ).toBe(
      'upi://pay?pa=demothreads%40okbank&pn=Demo%20Threads&am=2728.00&cu=INR&tr=INV%2F25-26%2F00101&tn=Invoice%20INV%2F25-26%2F00101',
    );
    expect(() =>
      buildUpiUri({ vpa: 'not a vpa', payeeName: 'x', amountPaise: 100, invoiceNumber: '1' }),
    ).toThrow(/UPI address/);
  });

  it('a signature verifies for the document and fails when a value changes', () => {
    const pair = generateSigningKeyPair();
    const signature = signDocument(b2b, createSigner(pair));
    expect(verifyDocumentSignature(b2b, pair.publicKeyPem, signature)).toBe(true);
    const altered = { ...b2b, totals: { ...b2b.totals, totalPaise: b2b.totals.totalPaise - 100 } };
    expect(verifyDocumentSignature(altered, pair.publicKeyPem, signature)).toBe(false);
    expect(verifyDocumentSignature(b2b, generateSigningKeyPair().publicKeyPem, signature)).toBe(false);
  });
});
