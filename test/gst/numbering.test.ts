import { describe, expect, it } from 'vitest';
import { istDateOf } from '../../src/domain/gst/index.js';
import {
  documentNumberProblem,
  financialYear,
  financialYearOf,
  formatDocumentNumber,
  maxSequence,
  parseReturnPeriod,
  validateSeriesFormat,
} from '../../src/domain/numbering/index.js';

describe('financial years and periods', () => {
  it('a new year begins on 1 April in IST', () => {
    expect(financialYearOf('2026-03-31').label).toBe('25-26');
    expect(financialYearOf('2026-04-01')).toMatchObject({
      startYear: 2026,
      label: '26-27',
      lastDay: '2027-03-31',
    });
    expect(financialYearOf('2099-12-31').label).toBe('99-00');
    // 31 March 19:00 UTC is already 1 April in India.
    expect(istDateOf('2026-03-31T18:29:59.999Z')).toBe('2026-03-31');
    expect(istDateOf('2026-03-31T18:30:00.000Z')).toBe('2026-04-01');
  });

  it('parses return periods', () => {
    expect(parseReturnPeriod('022028')).toMatchObject({ firstDay: '2028-02-01', lastDay: '2028-02-29' });
    expect(() => parseReturnPeriod('132026')).toThrow(/MMYYYY/);
    expect(() => parseReturnPeriod('2026-04')).toThrow(/MMYYYY/);
  });
});

describe('document numbers', () => {
  const fy = financialYear(2026);

  it('formats consecutive numbers of at most 16 characters', () => {
    expect(formatDocumentNumber({ prefix: 'INV' }, fy, 1)).toBe('INV/26-27/00001');
    expect(formatDocumentNumber({ prefix: 'CN' }, fy, 123_456)).toBe('CN/26-27/123456');
    expect(formatDocumentNumber({ prefix: 'A1', includeYear: false, minDigits: 6 }, fy, 42)).toBe(
      'A1/000042',
    );
    expect(maxSequence({ prefix: 'INV' })).toBe(999_999);
    expect(() => formatDocumentNumber({ prefix: 'INV' }, fy, 1_000_000)).toThrow(/series is full/);
  });

  it('refuses prefixes that cannot produce valid numbers', () => {
    expect(() => validateSeriesFormat({ prefix: 'INV 1' })).toThrow(/letters, digits/);
    expect(() => validateSeriesFormat({ prefix: '0INV' })).toThrow(/must not start/);
    expect(() => validateSeriesFormat({ prefix: 'SHOPNAME12' })).toThrow(/too long/);
    expect(() => validateSeriesFormat({ prefix: 'INV' })).not.toThrow();
  });

  it('checks numbers against Rule 46 and the e-invoice rule', () => {
    expect(documentNumberProblem('INV/26-27/00001')).toBeNull();
    expect(documentNumberProblem('INV/26-27/0000001')).toMatch(/16/);
    expect(documentNumberProblem('INV_1')).toMatch(/letters/);
    expect(documentNumberProblem('/INV1')).toBeNull();
    expect(documentNumberProblem('/INV1', { eInvoice: true })).toMatch(/must not start/);
    expect(documentNumberProblem('inv/1', { eInvoice: true })).toMatch(/capital/);
  });
});
