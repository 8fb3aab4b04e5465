/**
 * The billing commands of the real CLI on a fresh installation of each engine: `init --demo`
 * fills a sample apparel shop a newcomer can sell from at once, `import items|customers` imports
 * nothing from a bad file (exit 1) unless asked to skip bad rows, and `gstr1` writes the month's
 * return to a file only its owner can read. Each test makes its own installation, so the tests
 * pass in any order.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { istDateOf } from '../../src/domain/gst/index.js';
import { withRuntime } from '../../src/cli/runtime.js';
import { operatorActor } from '../../src/kernel/actor.js';
import { initDemoShop, runTijori } from '../support/cli.js';
import { describeCliEachEngine, type CliInstallation } from '../support/cli-engines.js';

/** A new installation with the demo shop in it. */
async function demoShop(install: () => Promise<CliInstallation>): Promise<CliInstallation> {
  const installation = await install();
  const init = await initDemoShop(installation.dataDir, installation.env);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  return installation;
}

/** Sells one men's cotton shirt for cash in the demo shop; returns the bill total and how many customers the phone lookup finds. */
async function sellDemoShirt(
  installation: CliInstallation,
): Promise<{ totalPaise: number; customersFound: number }> {
  const config = loadConfig({ ...installation.env, TIJORI_DATA_DIR: installation.dataDir });
  return withRuntime(config, async ({ services, database }) => {
    const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    const store = await database.db.selectFrom('stores').select('id').executeTakeFirstOrThrow();
    const actor = operatorActor(tenant.id);
    const shirts = await services.billing.items.listItems(actor, {
      q: "men's cotton",
      includeInactive: false,
      limit: 5,
    });
    const barcode = shirts[0]?.variants[0]?.barcode ?? '';
    const sale = await services.billing.checkout.checkout(
      actor,
      {
        storeId: store.id,
        lines: [{ barcode, quantity: 1 }],
        payments: [{ method: 'cash', amountPaise: 200_000 }],
      },
      'cli-demo-sale-1',
    );
    const found = await services.billing.customers.lookup(actor, { phone: '+91 90000 00001' });
    return { totalPaise: sale.totals.totalPaise, customersFound: found.length };
  });
}

describeCliEachEngine('billing CLI', (install, _engine, root) => {
  it('init --demo creates the business and fills a sample apparel shop that can sell at once', async () => {
    const installation = await install();
    const { dataDir, env } = installation;
    const init = await initDemoShop(dataDir, env);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(
      /Filled a sample apparel shop: 8 items in \d+ sizes and colours .* 4 fake customers/,
    );
    const sale = await sellDemoShirt(installation);
    expect(sale.totalPaise).toBe(104_900);
    expect(sale.customersFound).toBe(1);
    const again = await runTijori(['init', '--data-dir', dataDir, '--non-interactive', '--demo'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has items/);
  });

  it('import items and customers: a bad file imports nothing (exit 1); --skip-invalid imports the good rows', async () => {
    const { dataDir, env } = await demoShop(install);
    const items = join(root, `items-${basename(dataDir)}.csv`);
    writeFileSync(
      items,
      'name,hsn_sac,rate_category,price,barcode\nLinen shirt,6205,apparel,1299.00,8901234567906\nNo HSN,,apparel,10,\n',
    );
    const bad = await runTijori(['import', 'items', items, '--data-dir', dataDir], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/row 3, column hsn_sac: /);
    expect(bad.stdout).toMatch(/Imported nothing: 1 problem/);
    const skipped = await runTijori(['import', 'items', items, '--skip-invalid', '--data-dir', dataDir], env);
    expect(skipped.stdout).toMatch(/Imported items from 1 of 2 rows \(1 skipped\)/);

    const customers = join(root, `customers-${basename(dataDir)}.csv`);
    writeFileSync(
      customers,
      'name,phone,credit_limit\nTest Buyer One,9000000101,2500\nTest Buyer Two,9000000102,\n',
    );
    const ok = await runTijori(['import', 'customers', customers, '--data-dir', dataDir], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Imported customers from 2 of 2 rows/);
    expect((await runTijori(['import', 'suppliers', customers, '--data-dir', dataDir], env)).code).toBe(2);
    expect(
      (await runTijori(['import', 'items', join(root, 'missing.csv'), '--data-dir', dataDir], env)).code,
    ).toBe(2);
  });

  it("gstr1 writes the month's return to a file readable only by its owner", async () => {
    const installation = await demoShop(install);
    const { dataDir, env } = installation;
    expect((await sellDemoShirt(installation)).totalPaise).toBe(104_900);
    const today = istDateOf(new Date());
    const period = `${today.slice(5, 7)}${today.slice(0, 4)}`;
    const out = join(root, `gstr1-${basename(dataDir)}.json`);
    const run = await runTijori(['gstr1', '--period', period, '--out', out, '--data-dir', dataDir], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { gstin: string; fp: string; b2cs: unknown[] };
    expect(json).toMatchObject({ gstin: '24AAQCA8719H1ZC', fp: period });
    expect(json.b2cs.length).toBeGreaterThan(0);
    const bad = await runTijori(['gstr1', '--period', '2026-04', '--out', out, '--data-dir', dataDir], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/period/);
  });
});
