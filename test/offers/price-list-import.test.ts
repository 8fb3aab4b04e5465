/** The price-list CSV import (`tijori import price-list FILE.csv`) on both engines: good files, and a bad row that imports nothing. */
import { beforeAll, expect, it } from 'vitest';
import { importPriceLists } from '../../src/modules/offers/price-list-import.js';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, type BillingFixture } from '../billing/support/billing-fixture.js';

const HEADER =
  'name,starts_at,ends_at,priority,store_id,customer_group,target_kind,target_value,method,value';

describeEachEngine('price-list import', (getDb, engine) => {
  let f: BillingFixture;
  beforeAll(async () => {
    f = await createBillingFixture(getDb().db, engine);
  });

  it('imports lists grouped by name, rupees for fixed prices and percent otherwise', async () => {
    const csv = [
      HEADER,
      'Diwali sale,2026-11-01T10:00,2026-11-05T22:00,2,,,category,Kurtas,percent-off-list,30',
      `Diwali sale,,,,,,variant,${f.items.shirt},fixed,999.00`,
      'Gold prices,2026-11-01T00:00,,1,,Gold,brand,Acme,percent-off-mrp,12.5',
    ].join('\n');
    const report = await importPriceLists(f.billing.offers, f.operator, csv);
    expect(report).toEqual({ lists: 2, entries: 3, problems: [] });
    const lists = await f.billing.offers.listPriceLists(f.operator);
    const diwali = lists.find((l) => l.name === 'Diwali sale');
    expect(diwali).toMatchObject({
      startsAt: '2026-11-01T04:30:00.000Z',
      endsAt: '2026-11-05T16:30:00.000Z',
      priority: 2,
    });
    expect(diwali?.entries.map((e) => e.value)).toEqual([3000, 99_900]);
    expect(lists.find((l) => l.name === 'Gold prices')?.entries[0]?.value).toBe(1250);
  });

  it('a file with a bad row imports nothing and names the row', async () => {
    const before = (await f.billing.offers.listPriceLists(f.operator)).length;
    const csv = [
      HEADER,
      'Broken,2026-13-01T10:00,,0,,,category,Tees,percent-off-list,10',
      'Fine,2026-11-01T10:00,,0,,,category,Tees,percent-off-list,10',
    ].join('\n');
    const report = await importPriceLists(f.billing.offers, f.operator, csv);
    expect(report.lists).toBe(0);
    expect(report.problems[0]).toMatchObject({
      row: 2,
      message: expect.stringMatching(/startsAt/) as unknown,
    });
    expect((await f.billing.offers.listPriceLists(f.operator)).length).toBe(before);
  });
});
