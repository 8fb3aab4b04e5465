/**
 * The personal-data detectors: every common way of writing a card, Aadhaar, PAN, phone number or
 * email is found, with its place; what ordinary billing data holds (invoice numbers, HSN codes,
 * amounts, dates, UUIDs, digests, GSTINs, barcodes) is not; masks never keep the value; and the
 * free-text refusal names card and Aadhaar numbers only. Property tests generate both sides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPersonalData, refusalFor } from '../../src/domain/personal-data.js';
import { findSensitiveNumber, passesLuhn, passesVerhoeff } from '../../src/domain/sensitive-numbers.js';
import { maskFinding } from '../../src/modules/security-audit/scanner/finding-mask.js';
import { scanValue } from '../../src/modules/security-audit/scanner/value-scan.js';
import { aadhaarWithCheckDigit, withLuhnDigit } from './support/numbers.js';

const kinds = (text: string) => findPersonalData(text).map((m) => `${m.kind}:${text.slice(m.start, m.end)}`);
const AADHAAR = aadhaarWithCheckDigit('52340987612');

describe('personal-data detectors', () => {
  it('computes the Luhn and Verhoeff checks as published (the test values are completed by them)', () => {
    expect([passesLuhn('79927398713'), passesLuhn('79927398710')]).toEqual([true, false]);
    expect([passesVerhoeff('2363'), passesVerhoeff('2364'), passesVerhoeff('123451')]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it.each([
    ['card 4111 1111 1111 1111 paid', 'card_number:4111 1111 1111 1111'],
    ['card 4111-1111-1111-1111', 'card_number:4111-1111-1111-1111'],
    ['4111111111111111', 'card_number:4111111111111111'],
    ['amex 3782 822463 10005', 'card_number:3782 822463 10005'],
    [
      `uid ${AADHAAR.slice(0, 4)} ${AADHAAR.slice(4, 8)} ${AADHAAR.slice(8)}`,
      `aadhaar:${AADHAAR.slice(0, 4)} ${AADHAAR.slice(4, 8)} ${AADHAAR.slice(8)}`,
    ],
    [`uid ${AADHAAR}`, `aadhaar:${AADHAAR}`],
    ['PAN ABCPE1234F.', 'pan:ABCPE1234F'],
    ['pan abcpe1234f', 'pan:abcpe1234f'],
    ['call +91 98765 43210', 'phone:+91 98765 43210'],
    ['call +919876543210', 'phone:+919876543210'],
    ['call 098765-43210', 'phone:098765-43210'],
    ['call 91 98765 43210', 'phone:91 98765 43210'],
    ['ph:9876543210', 'phone:9876543210'],
    ['office 079-26301234', 'phone:079-26301234'],
    ['office +91 22 2630 1234', 'phone:+91 22 2630 1234'],
    ['office 0091 98765 43210', 'phone:0091 98765 43210'],
    ['mail ravi.fake+bills@example.co.in!', 'email:ravi.fake+bills@example.co.in'],
  ])('finds %s', (text, expected) => {
    expect(kinds(text)).toEqual([expected]);
  });

  it.each([
    'INV/2026-27/000123',
    'GJ01-26-0000042',
    'HSN 62052000 SAC 999721',
    'Rs 1,05,000.00 (105000 paise)',
    'total Rs 99,99,99,999.00',
    'qty 2 x Rs 499 9876 5432',
    '2026-05-15T06:30:00.000Z',
    '15-05-2026 11:30',
    'id 41111111-1111-4111-8111-111111111111',
    'sha256 4a1111111111111111b0c9e8d7f6a5b4c3d2e1f00112233445566778899aabb',
    'GSTIN 24AAQCA8719H1ZC',
    'b2VyIDQxMTExMTExMTExMTExMTEgaGVyZQ==',
    'ABCDE1234F', // fourth letter D is no holder type
    'AbCpE1234f', // mixed case
    'PIN 380009, Ahmedabad',
    'qty 2 x Rs 1049',
    'card ending 1111, UPI ref 412345678901',
    'ravi@localhost',
    '01000000123',
  ])('finds nothing in %s', (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it('finds several values in one text, left to right, without overlaps', () => {
    const text = `x 9876543210@example.test; card 4111 1111 1111 1111; PAN ABCPE1234F; ${AADHAAR}`;
    expect(findPersonalData(text).map((m) => m.kind)).toEqual(['email', 'card_number', 'pan', 'aadhaar']);
  });

  it('property: generated card, Aadhaar and phone numbers in ordinary text are found', () => {
    const card = fc
      .tuple(fc.constantFrom('4', '51', '52', '6011', '60', '65'), fc.integer({ min: 13, max: 19 }))
      .chain(([prefix, length]) =>
        fc
          .stringMatching(new RegExp(`^\\d{${String(length - prefix.length - 1)}}$`))
          .map((body) => withLuhnDigit(prefix + body)),
      );
    const aadhaar = fc.stringMatching(/^[2-9]\d{10}$/).map(aadhaarWithCheckDigit);
    const phone = fc.stringMatching(/^[6-9]\d{9}$/);
    const words = fc.array(fc.constantFrom('paid', 'note', 'Rs 499', 'qty 2', 'shirt M', 'ok'), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          card.map((v) => ['card_number', v] as const),
          aadhaar.map((v) => ['aadhaar', v] as const),
          phone.map((v) => ['phone', v] as const),
        ),
        words,
        words,
        ([kind, value], before, after) => {
          const text = [...before, value, ...after].join(' ');
          expect(findPersonalData(text).map((m) => m.kind)).toContain(kind);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: ordinary billing values give no finding', () => {
    const invoiceNumber = fc
      .tuple(
        fc.stringMatching(/^[A-Z]{2,4}$/),
        fc.integer({ min: 2020, max: 2035 }),
        fc.integer({ min: 1, max: 999_999 }),
      )
      .map(
        ([p, y, n]) =>
          `${p}/${String(y)}-${String((y + 1) % 100).padStart(2, '0')}/${String(n).padStart(6, '0')}`,
      );
    const hsn = fc.stringMatching(/^\d{4}(\d{2}){0,2}$/);
    const amount = fc.integer({ min: 0, max: 99_99_999 }).map((p) => `Rs ${(p / 100).toFixed(2)}`);
    const date = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString());
    const uuid = fc.uuid();
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(invoiceNumber, hsn, amount, date, uuid, hex), { minLength: 1, maxLength: 6 }),
        (parts) => {
          expect(findPersonalData(parts.join(', '))).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('masks and refusals', () => {
  it('masks keep at most the last four digits', () => {
    expect(maskFinding('card_number', '4111 1111 1111 1111')).toBe('XXXX-XXXX-XXXX-1111');
    expect(maskFinding('aadhaar', AADHAAR)).toBe(`XXXX-XXXX-${AADHAAR.slice(8)}`);
    expect(maskFinding('pan', 'ABCPE1234F')).toBe('XXXXXXXX4F');
    expect(maskFinding('phone', '+91 98765 43210')).toBe('98xxxxxx10');
    expect(maskFinding('email', 'ravi.fake@example.test')).toBe('r***@example.test');
  });

  it('free text refuses card and Aadhaar numbers, and lets phone numbers, PANs and emails through', () => {
    expect(refusalFor('refund to 4111 1111 1111 1111')?.kind).toBe('card_number');
    expect(refusalFor(`id ${AADHAAR}`)?.message).toMatch(/Aadhaar/);
    expect(refusalFor('call 98765 43210, ABCPE1234F, a@b.example')).toBeUndefined();
    expect(findSensitiveNumber('call +91 98765 43210')).toBeUndefined();
  });

  it('scans JSON string by string and skips envelopes; a GS1 barcode in a barcode column is a barcode', () => {
    const rule = { kinds: new Set(['card_number', 'phone'] as const), barcode: false };
    expect(
      scanValue('{"note":"card 4111 1111 1111 1111","total":9876543210}', rule).map((f) => f.kind),
    ).toEqual(['card_number']);
    expect(scanValue('tj1:customer_pii:1:abc:4111111111111111', rule)).toEqual([]);
    expect(scanValue('4006381333931', { ...rule, barcode: true })).toEqual([]);
    expect(scanValue(Buffer.from('card 4111111111111111'), rule).map((f) => f.sample)).toEqual([
      'XXXX-XXXX-XXXX-1111',
    ]);
  });
});
