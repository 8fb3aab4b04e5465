/**
 * Documents in Hindi: every PDF embeds a Devanagari-capable font, and a name in Devanagari
 * prints as text that poppler's own tools (`pdftotext`, `pdffonts`) read back as typed,
 * including the syllables whose glyphs are drawn out of logical order (ि before its consonant,
 * the reph of र्).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderA4Pdf, renderThermalPdf } from '../../src/modules/documents/index.js';
import { BUYER_A, goods, issue, SUPPLIER } from './document-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'tijori-devanagari-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let counter = 0;
/** Runs a poppler tool over the PDF bytes and returns its output. */
function poppler(tool: 'pdftotext' | 'pdffonts', pdf: Buffer): string {
  counter += 1;
  const file = join(folder, `doc-${String(counter)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(tool, tool === 'pdftotext' ? [file, '-'] : [file], { encoding: 'utf8' });
}

/** Fonts that pdffonts lists as embedded, by base name without the subset prefix. */
function embeddedFonts(pdf: Buffer): string[] {
  return poppler('pdffonts', pdf)
    .split('\n')
    .slice(2)
    .filter((line) => /\byes\s+yes\s+yes\b/.test(line))
    .map((line) => (line.split(/\s+/)[0] ?? '').replace(/^[A-Z]{6}\+/, ''));
}

const HINDI_NAME = 'किशन शर्मा';
const hindiInvoice = issue({
  number: 'INV/25-26/00777',
  seriesKey: 's',
  sequence: 777,
  date: '2025-11-03',
  buyer: { ...BUYER_A, name: HINDI_NAME },
  deliveredTo: '29',
  lines: [goods('सूती कुर्ता, नीला', '6205', 2, 200_000)],
  payments: [],
});

describe('PDFs in Devanagari', () => {
  it('an A4 invoice for a customer named in Devanagari has the name as text and embeds the font', async () => {
    const pdf = await renderA4Pdf(hindiInvoice, {});
    const text = poppler('pdftotext', pdf);
    expect(text).toContain(HINDI_NAME);
    expect(text).toContain('सूती कुर्ता, नीला');
    // English stays readable in the same font.
    expect(text).toContain('Tax Invoice');
    expect(text).toContain('GSTIN: 29PQRST6789K1ZS');
    expect(embeddedFonts(pdf)).toEqual(
      expect.arrayContaining(['NotoSansDevanagari-Regular', 'NotoSansDevanagari-Bold']),
    );
  });

  it('a shop named in Devanagari prints its name on the thermal receipt as text', async () => {
    const shopInHindi = issue({
      number: 'INV/25-26/00778',
      seriesKey: 's',
      sequence: 778,
      date: '2025-11-03',
      supplier: { ...SUPPLIER, tradeName: 'किसान कृषि केंद्र' },
      lines: [goods('Seed drill', '8432', 1, 150_000)],
      payments: [{ method: 'cash', amountPaise: 157_500 }],
    });
    const pdf = await renderThermalPdf(shopInHindi, {});
    expect(poppler('pdftotext', pdf)).toContain('किसान कृषि केंद्र');
    expect(embeddedFonts(pdf)).toContain('NotoSansDevanagari-Regular');
  });

  it('an invoice in English only still embeds the Devanagari-capable font', async () => {
    const english = issue({
      number: 'INV/25-26/00779',
      seriesKey: 's',
      sequence: 779,
      date: '2025-11-03',
      buyer: BUYER_A,
      deliveredTo: '29',
      lines: [goods('Cotton shirt', '6205', 1, 100_000)],
      payments: [],
    });
    const pdf = await renderA4Pdf(english, {});
    expect(embeddedFonts(pdf)).toContain('NotoSansDevanagari-Regular');
    // No standard (unembedded, Latin-1 only) font is left in an A4 document.
    expect(poppler('pdffonts', pdf)).not.toMatch(/Helvetica/);
  });
});
