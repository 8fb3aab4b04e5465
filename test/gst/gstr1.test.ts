import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGstr1 } from '../../src/modules/returns/gstr1.builder.js';
import { goods, issue, SUPPLIER_GSTIN } from './document-fixtures.js';
import { FIXTURE_MONTH_DOCUMENTS } from './fixtures/gstr1-month.documents.js';
import { collectJson, memorySource } from './memory-source.js';

const expected = JSON.parse(
  readFileSync(new URL('./fixtures/gstr1-month.expected.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('GSTR-1 JSON', () => {
  it('matches the hand-checked fixture month field by field', async () => {
    const json = (await collectJson(
      buildGstr1({ gstin: SUPPLIER_GSTIN, period: '112025' }, memorySource(FIXTURE_MONTH_DOCUMENTS)),
    )) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(Object.keys(expected).sort());
    // Section by section first, so a failure names the section; then the whole document.
    for (const section of Object.keys(expected)) expect(json[section], section).toEqual(expected[section]);
    expect(json).toEqual(expected);
  });

  it('b2cl takes inter-state B2C invoices over Rs 2.5 lakh before 1 Aug 2024 and over Rs 1 lakh from then', async () => {
    const at = (date: string, number: string, fp: string) =>
      collectJson(
        buildGstr1(
          { gstin: SUPPLIER_GSTIN, period: fp },
          memorySource([
            issue({
              number,
              seriesKey: 's',
              sequence: 1,
              date,
              deliveredTo: '07',
              lines: [goods('Shirt', '6205', 100, 150_000)],
            }),
          ]),
        ),
      ) as Promise<Record<string, unknown>>;
    // Rs 1,50,000 of 12% shirts (1,68,000 with tax) on 31 Jul 2024 goes to b2cs ...
    const july = await at('2024-07-31', 'A/1', '072024');
    expect(july.b2cl).toBeUndefined();
    expect(july.b2cs).toEqual([
      { sply_ty: 'INTER', pos: '07', typ: 'OE', rt: 12, txval: 150000, iamt: 18000, csamt: 0 },
    ]);
    // ... and to b2cl on 1 Aug 2024.
    const august = await at('2024-08-01', 'A/2', '082024');
    expect(august.b2cs).toBeUndefined();
    expect(august.b2cl).toEqual([
      {
        pos: '07',
        inv: [
          {
            inum: 'A/2',
            idt: '01-08-2024',
            val: 168000,
            itms: [{ num: 1, itm_det: { rt: 12, txval: 150000, iamt: 18000, csamt: 0 } }],
          },
        ],
      },
    ]);
    // Before the May 2025 period the HSN summary is one table.
    expect(july.hsn).toEqual({
      data: [
        {
          num: 1,
          hsn_sc: '6205',
          desc: 'Shirt',
          uqc: 'PCS',
          qty: 100,
          rt: 12,
          txval: 150000,
          iamt: 18000,
          camt: 0,
          samt: 0,
          csamt: 0,
        },
      ],
    });
  });

  it('streams in chunks and refuses input that is not grouped by buyer', async () => {
    let chunks = 0;
    for await (const chunk of buildGstr1(
      { gstin: SUPPLIER_GSTIN, period: '112025' },
      memorySource(FIXTURE_MONTH_DOCUMENTS),
    ))
      chunks += chunk.length > 0 ? 1 : 0;
    expect(chunks).toBeGreaterThan(0);
    const shuffled = [...FIXTURE_MONTH_DOCUMENTS].sort((a, b) => a.date.localeCompare(b.date));
    await expect(
      collectJson(
        buildGstr1({ gstin: SUPPLIER_GSTIN, period: '112025' }, memorySource(shuffled, { unordered: true })),
      ),
    ).rejects.toMatchObject({ code: 'precondition_failed', details: { section: 'b2b' } });
  });

  it('refuses documents of another period or GSTIN, and a bad header', async () => {
    const run = (period: string, gstin = SUPPLIER_GSTIN) =>
      collectJson(buildGstr1({ gstin, period }, memorySource(FIXTURE_MONTH_DOCUMENTS)));
    await expect(run('102025')).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { document: 'INV/25-26/00102' },
    });
    await expect(run('112025', '29PQRST6789K1ZS')).rejects.toMatchObject({ code: 'precondition_failed' });
    await expect(run('13-2025')).rejects.toMatchObject({ code: 'validation_failed', field: 'period' });
    await expect(run('112025', '27ABCDE1234F1Z1')).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'gstin',
    });
  });
});
