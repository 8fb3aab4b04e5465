import { describe, expect, it } from 'vitest';
import type { IssuedDocument } from '../../src/domain/gst/index.js';
import { textCell } from '../../src/domain/csv-cell.js';
import { csvRow } from '../../src/modules/returns/csv.js';
import { buildSalesRegisterCsv } from '../../src/modules/returns/sales-register.builder.js';
import { BUYER_B, goods, issue } from './document-fixtures.js';
import { FIXTURE_MONTH_DOCUMENTS } from './fixtures/gstr1-month.documents.js';

async function* from(docs: readonly IssuedDocument[]) {
  yield* docs;
}

async function register(docs: readonly IssuedDocument[]): Promise<string[]> {
  let text = '';
  for await (const chunk of buildSalesRegisterCsv(from(docs))) text += chunk;
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '');
}

describe('sales register CSV', () => {
  it('has one row per document and rate, credit notes negative, cancelled documents as zero rows', async () => {
    const lines = await register(FIXTURE_MONTH_DOCUMENTS);
    expect(lines[0]).toBe(
      'Date,Document type,Kind,Number,Status,Buyer GSTIN,Buyer name,Place of supply,Original invoice,Supply,Rate %,Taxable value,CGST,SGST/UTGST,IGST,Cess,Round-off,Document total',
    );
    expect(lines).toContain(
      '03-11-2025,invoice,tax-invoice,INV/25-26/00101,issued,29PQRST6789K1ZS,Fake Traders Karnataka LLP,29-Karnataka,,taxable,5,4000.00,0.00,0.00,200.00,0.00,0.00,7740.00',
    );
    expect(lines).toContain(
      '03-11-2025,invoice,tax-invoice,INV/25-26/00101,issued,29PQRST6789K1ZS,Fake Traders Karnataka LLP,29-Karnataka,,taxable,18,3000.00,0.00,0.00,540.00,0.00,0.00,0.00',
    );
    expect(lines).toContain(
      '12-11-2025,invoice,tax-invoice,INV/25-26/00106,issued,,,07-Delhi,,taxable,18,4999.00,0.00,0.00,899.82,0.00,0.18,5899.00',
    );
    expect(lines).toContain(
      '14-11-2025,invoice,tax-invoice,INV/25-26/00107,cancelled,,,27-Maharashtra,,,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00',
    );
    expect(lines).toContain(
      '18-11-2025,credit-note,tax-invoice,CN/25-26/00011,issued,29PQRST6789K1ZS,Fake Traders Karnataka LLP,29-Karnataka,INV/25-26/00101,taxable,5,-2000.00,0.00,0.00,-100.00,0.00,0.00,-2100.00',
    );
    // Walk-in buyers' names never appear; the document totals add up to net sales.
    const totals = lines.slice(1).map((line) => Number(line.split(',').at(-1)));
    const expected = FIXTURE_MONTH_DOCUMENTS.filter((d) => d.status === 'issued').reduce(
      (sum, d) => sum + (d.type === 'credit-note' ? -1 : 1) * d.totals.totalPaise,
      0,
    );
    expect(Math.round(totals.reduce((a, b) => a + b, 0) * 100)).toBe(expected);
  });

  it('neutralises formula cells and quotes separators (CSV injection)', async () => {
    for (const [input, output] of [
      ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
      ['+91 cmd', "'+91 cmd"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tTab', "'\tTab"],
      ['Shah, Sons & Co', '"Shah, Sons & Co"'],
      ['plain', 'plain'],
    ])
      expect(textCell(input)).toBe(output);
    expect(csvRow(['a', 5, { paise: -105_050 }, null])).toBe('a,5,-1050.50,\r\n');
    const evil = issue({
      number: 'INV/9',
      seriesKey: 's',
      sequence: 9,
      date: '2025-11-05',
      buyer: { ...BUYER_B, name: '=cmd|" /C calc"!A0' },
      lines: [goods('Shirt', '6205', 1, 100_000)],
    });
    const [, row] = await register([evil]);
    expect(row).toContain(`"'=cmd|"" /C calc""!A0"`);
  });
});
