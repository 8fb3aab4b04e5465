/**
 * Amounts in words in Hindi (issue 14, item 7) for the stores that print in Hindi: the Indian
 * numbering (हज़ार, लाख, करोड़) and paise at the edges, then a real receipt of a Hindi store on
 * both engines, read back from the PDF with pdftotext: the amount in Hindi words, not English.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { amountInHindiWords, numberInHindiWords } from '../../src/domain/money/index.js';
import { describeEachEngine } from '../support/engines.js';
import { pdftotext } from '../support/pdf-text.js';
import { createBillingFixture, key, type BillingFixture } from '../billing/support/billing-fixture.js';

describe('amounts in Hindi words', () => {
  it('writes the edge amounts in rupees and paise', () => {
    expect(amountInHindiWords(0)).toBe('शून्य रुपये मात्र');
    expect(amountInHindiWords(1)).toBe('एक पैसा मात्र');
    expect(amountInHindiWords(100)).toBe('एक रुपया मात्र');
    expect(amountInHindiWords(99_00)).toBe('निन्यानवे रुपये मात्र');
    expect(amountInHindiWords(99)).toBe('निन्यानवे पैसे मात्र');
    expect(amountInHindiWords(100_00)).toBe('एक सौ रुपये मात्र');
    expect(amountInHindiWords(1_00_000_00)).toBe('एक लाख रुपये मात्र');
    expect(amountInHindiWords(99_99_999_99)).toBe(
      'निन्यानवे लाख निन्यानवे हज़ार नौ सौ निन्यानवे रुपये और निन्यानवे पैसे मात्र',
    );
    expect(amountInHindiWords(1_00_00_000_00)).toBe('एक करोड़ रुपये मात्र');
    expect(amountInHindiWords(1_050_50)).toBe('एक हज़ार पचास रुपये और पचास पैसे मात्र');
    expect(amountInHindiWords(-105_000)).toBe('ऋण एक हज़ार पचास रुपये मात्र');
  });

  it('names every number below a hundred with its own word, and repeats crores above 99', () => {
    const words = Array.from({ length: 100 }, (_, n) => numberInHindiWords(n));
    expect(new Set(words).size).toBe(100);
    expect(words.every((w) => /^[\u0900-\u097F]+$/.test(w))).toBe(true);
    expect(words.slice(0, 3)).toEqual(['शून्य', 'एक', 'दो']);
    expect(words[21]).toBe('इक्कीस');
    expect(words[79]).toBe('उन्यासी');
    expect(numberInHindiWords(1_23_45_678)).toBe('एक करोड़ तेईस लाख पैंतालीस हज़ार छह सौ अठहत्तर');
    expect(numberInHindiWords(1_000_000_000)).toBe('एक सौ करोड़');
    expect(numberInHindiWords(100_205)).toBe('एक लाख दो सौ पाँच');
    expect(() => numberInHindiWords(-1)).toThrow(RangeError);
    expect(() => amountInHindiWords(1.5)).toThrow(RangeError);
  });
});

describeEachEngine('a Hindi receipt prints its amount in Hindi words', (getDb, engine) => {
  let f: BillingFixture;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });

  it('prints the 80 mm receipt and the A4 invoice of a Hindi store with the amount in Hindi', async () => {
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'hi' });
    const sale = await f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId: f.items.kurta, quantity: 1 }],
        payments: [{ method: 'cash', amountPaise: 300_000 }],
      },
      key(),
    );
    expect(sale.totals.totalPaise).toBe(252_000);
    for (const format of ['thermal', 'a4'] as const) {
      const pdf = await f.billing.documents.render(f.operator, sale.id, 'invoice', format);
      const text = (await pdftotext(pdf as Buffer)).replace(/\s+/g, ' ');
      // A4 labels the words; the narrow receipt prints them on their own under the total.
      if (format === 'a4') expect(text).toContain('राशि शब्दों में');
      expect(text, format).toContain('दो हज़ार पाँच सौ बीस रुपये मात्र');
      expect(text, format).not.toContain('Rupees');
    }
    // A store printing in English keeps the English words.
    await f.billing.settings.updateStoreProfile(f.operator, f.tenant.storeId, { receiptLanguage: 'en' });
    const english = await f.billing.documents.render(f.operator, sale.id, 'invoice', 'thermal');
    expect((await pdftotext(english as Buffer)).replace(/\s+/g, ' ')).toContain(
      'Rupees Two Thousand Five Hundred Twenty Only',
    );
  });
});
