/**
 * `tijori init` takes the first store's printed details as options (SPEC section 6): address line,
 * city, PIN, phone, e-mail (and the trade name and UPI address); they are checked like the setup
 * page's, and half an address or a bad PIN stops with exit 2 before anything is created.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { initWithOwnerArgs, runTijori } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tijori-init-details-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const owner = { email: 'owner@kapoor.example', password: 'velvet harbour 2291 quiet orchard' };
const address = ['--address-line', '12 Linking Road', '--city', 'Mumbai', '--pin', '400050'];

describe('tijori init with the store details [sqlite]', () => {
  it('keeps the address, phone, e-mail, trade name and UPI address of the first store', async () => {
    const dataDir = join(root, 'full');
    const run = await runTijori([
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
    ]);
    expect(run.code, run.stderr).toBe(0);
    const db = new Sqlite(join(dataDir, 'tijori.db'), { readonly: true });
    try {
      const profile = db.prepare('select * from store_profiles').all();
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
      expect(db.prepare('select upi_vpa from billing_settings').all()).toEqual([
        { upi_vpa: 'kapoor.silks@okbank' },
      ]);
      expect(db.prepare('select name, state_code from stores').all()).toEqual([
        { name: 'Kapoor Silks Bandra', state_code: '27' },
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses half an address and a bad PIN with exit 2, creating nothing', async () => {
    const half = join(root, 'half');
    const noPin = await runTijori([
      ...initWithOwnerArgs(half, owner),
      '--address-line',
      'Shop 4',
      '--city',
      'Pune',
    ]);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toMatch(/--address-line, --city and --pin together/);
    expect(existsSync(half)).toBe(false);
    const badPin = await runTijori([
      ...initWithOwnerArgs(join(root, 'pin'), owner),
      ...address.slice(0, 4),
      '--pin',
      '4000',
    ]);
    expect(badPin.code).toBe(2);
    expect(badPin.stderr).toMatch(/--pin must be a six-digit PIN code/);
    expect(existsSync(join(root, 'pin'))).toBe(false);
  });
});
