/**
 * `tijori init` takes the first store's printed details as options (SPEC section 6): address line,
 * city, PIN, phone, e-mail (and the trade name and UPI address); they are checked like the setup
 * page's, and half an address or a bad PIN stops with exit 2 before anything is created.
 */
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { initWithOwnerArgs, runTijori } from '../support/cli.js';
import { describeCliEachEngine } from '../support/cli-engines.js';

const owner = { email: 'owner@kapoor.example', password: 'velvet harbour 2291 quiet orchard' };
const address = ['--address-line', '12 Linking Road', '--city', 'Mumbai', '--pin', '400050'];

describeCliEachEngine('tijori init with the store details', (install) => {
  it('keeps the address, phone, e-mail, trade name and UPI address of the first store', async () => {
    const installation = await install();
    const { dataDir, env } = installation;
    const run = await runTijori(
      [
        ...initWithOwnerArgs(dataDir, owner),
        ...address,
        '--trade-name',
        'Kapoor Silks Bandra',
        '--phone',
        '022 2640 1234',
        '--email',
        'bandra@kapoor.example',
        '--upi',
        'kapoor.silks@okbank',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const { db, close } = installation.open();
    try {
      const profile = await db.selectFrom('store_profiles').selectAll().execute();
      expect(profile).toEqual([
        expect.objectContaining({
          legal_name: 'Kapoor Silks',
          trade_name: 'Kapoor Silks Bandra',
          address_line1: '12 Linking Road',
          city: 'Mumbai',
          pincode: '400050',
          phone: '022 2640 1234',
          email: 'bandra@kapoor.example',
        }),
      ]);
      expect(await db.selectFrom('billing_settings').select('upi_vpa').execute()).toEqual([
        { upi_vpa: 'kapoor.silks@okbank' },
      ]);
      expect(await db.selectFrom('stores').select(['name', 'state_code']).execute()).toEqual([
        { name: 'Kapoor Silks Bandra', state_code: '27' },
      ]);
    } finally {
      await close();
    }
  });

  it('refuses half an address and a bad PIN with exit 2, creating nothing', async () => {
    const half = await install();
    const noPin = await runTijori(
      [...initWithOwnerArgs(half.dataDir, owner), '--address-line', 'Shop 4', '--city', 'Pune'],
      half.env,
    );
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toMatch(/--address-line, --city and --pin together/);
    expect(existsSync(half.dataDir)).toBe(false);
    const pin = await install();
    const badPin = await runTijori(
      [...initWithOwnerArgs(pin.dataDir, owner), ...address.slice(0, 4), '--pin', '4000'],
      pin.env,
    );
    expect(badPin.code).toBe(2);
    expect(badPin.stderr).toMatch(/--pin must be a six-digit PIN code/);
    expect(existsSync(pin.dataDir)).toBe(false);
    // On PostgreSQL the database exists before init: nothing was created in it either.
    for (const refused of [half, pin].filter((i) => i.engine === 'postgres')) {
      const { db, close } = refused.open();
      try {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
          where table_schema = current_schema()`.execute(db);
        expect(rows).toEqual([{ n: 0 }]);
      } finally {
        await close();
      }
    }
  });
});
