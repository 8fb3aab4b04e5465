/**
 * GSTR-3B 3.1 and 3.2: the fixture month against a hand-checked file, and reconciled with the
 * GSTR-1 of the same month (the builder's output and the hand-checked GSTR-1 file both).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGstr1 } from '../../src/modules/returns/gstr1.builder.js';
import { buildGstr3b } from '../../src/modules/returns/gstr3b.builder.js';
import { goods, issue, SUPPLIER_GSTIN } from './document-fixtures.js';
import { FIXTURE_MONTH_DOCUMENTS } from './fixtures/gstr1-month.documents.js';
import { gstr3bFigures, gstr3bFromGstr1 } from './gstr1-totals.js';
import { collectJson, memorySource } from './memory-source.js';

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('GSTR-3B 3.1 and 3.2', () => {
  const header = { gstin: SUPPLIER_GSTIN, period: '112025' };

  it('the fixture month equals the hand-checked file', async () => {
    const json = await buildGstr3b(header, memorySource(FIXTURE_MONTH_DOCUMENTS));
    const expected = read('gstr3b-month.expected.json');
    expect(json.sup_details).toEqual(expected.sup_details);
    expect(json.inter_sup).toEqual(expected.inter_sup);
    expect(json).toEqual(expected);
  });

  it('equals the totals of GSTR-1 of the same month, built and hand-checked', async () => {
    const source = memorySource(FIXTURE_MONTH_DOCUMENTS);
    const gstr3b = gstr3bFigures(await buildGstr3b(header, source));
    const gstr1 = (await collectJson(buildGstr1(header, source))) as Record<string, unknown>;
    expect(gstr3b).toEqual(gstr3bFromGstr1(gstr1));
    expect(gstr3b).toEqual(gstr3bFromGstr1(read('gstr1-month.expected.json')));
  });

  it('the fixture month holds SEZ, export, debit and credit notes; an HSN row netting to zero is left out', async () => {
    const source = memorySource(FIXTURE_MONTH_DOCUMENTS);
    const json = await buildGstr3b(header, source);
    // SEZ with IGST (4,000 + IGST 200) and the export under LUT (3,000, no tax).
    expect(json.sup_details.osup_zero).toEqual({ txval: 7000, iamt: 200, csamt: 0 });
    expect(json.sup_details.osup_nil_exmp).toEqual({ txval: 3150 });
    const gstr1 = (await collectJson(buildGstr1(header, source))) as {
      hsn: { hsn_b2c: { hsn_sc: string }[] };
      b2cs: { pos: string; rt: number }[];
    };
    // The pesticide sold and returned in the month (HSN 3808) nets to zero: no row.
    expect(gstr1.hsn.hsn_b2c.map((r) => r.hsn_sc)).not.toContain('3808');
    expect(gstr1.b2cs.filter((r) => r.pos === '27' && r.rt === 18)).toEqual([]);
  });

  it('cancelled documents count nowhere; a state netting to zero leaves 3.2', async () => {
    const docs = [
      issue({
        number: 'A/1',
        seriesKey: 's',
        sequence: 1,
        date: '2025-11-03',
        deliveredTo: '07',
        lines: [goods('Shirt', '6205', 1, 100_000)],
      }),
      issue({
        number: 'A/2',
        seriesKey: 's',
        sequence: 2,
        date: '2025-11-04',
        deliveredTo: '29',
        status: 'cancelled',
        lines: [goods('Shirt', '6205', 3, 100_000)],
      }),
      issue({
        number: 'CN/1',
        seriesKey: 'c',
        sequence: 1,
        date: '2025-11-05',
        type: 'credit-note',
        deliveredTo: '07',
        original: { number: 'A/1', date: '2025-11-03', totalPaise: 105_000, placeOfSupply: '07' },
        lines: [goods('Shirt', '6205', 1, 100_000)],
      }),
    ];
    const json = await buildGstr3b(header, memorySource(docs));
    expect(json.sup_details.osup_det).toEqual({ txval: 0, iamt: 0, camt: 0, samt: 0, csamt: 0 });
    expect(json.inter_sup.unreg_details).toEqual([]);
  });
});
