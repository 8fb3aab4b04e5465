/**
 * `tijori init --logo FILE` on both engines: the logo is taken like the setup page's upload (a PNG
 * or JPEG of at most 96 KB) and re-encoded from its pixels, so text hidden in the file is not
 * kept; a file that is not an image, or too large, stops with the flag named and no business.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { createTestDatabase, describeEachEngine, type TestDatabase } from '../support/engines.js';
import { initWithOwnerArgs, runTijori } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tijori-init-logo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const owner = { email: 'owner@kapoor.example', password: 'velvet harbour 2291 quiet orchard' };
const details = ['--address-line', '12 Linking Road', '--city', 'Mumbai', '--pin', '400050'];

/** A 4 x 2 PNG with a text chunk (metadata a phone might add) spliced in before its end. */
function pngWithText(): Buffer {
  const image = new PNG({ width: 4, height: 2 });
  image.data.fill(0xc0);
  const png = PNG.sync.write(image);
  const text = Buffer.from('Comment\0shop owner home: 7 Secret Lane');
  const chunk = Buffer.alloc(12 + text.length);
  chunk.writeUInt32BE(text.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  text.copy(chunk, 8);
  // The CRC is not checked by pngjs for ancillary chunks it does not read; any value will do.
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}

describeEachEngine('tijori init --logo', (_getDb, engine) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.close();
  });

  /** Runs init on this engine; returns the run and a handle on the database it wrote. */
  const init = async (name: string, extra: string[]) => {
    const dataDir = join(root, `${engine}-${name}`);
    const database = engine === 'postgres' ? await createTestDatabase('postgres') : undefined;
    if (database !== undefined) databases.push(database);
    const env = database?.location.url === undefined ? {} : { TIJORI_DATABASE_URL: database.location.url };
    const run = await runTijori([...initWithOwnerArgs(dataDir, owner), ...extra], env);
    const handle = database ?? openDatabase({ sqlitePath: join(dataDir, 'tijori.db') });
    return { run, handle, own: database === undefined };
  };

  it('keeps the logo re-encoded from its pixels, without the text hidden in the file', async () => {
    const file = join(root, `${engine}-logo.png`);
    writeFileSync(file, pngWithText());
    const { run, handle, own } = await init('logo', [...details, '--logo', file]);
    try {
      expect(run.code, run.stderr).toBe(0);
      const rows = await handle.db.selectFrom('store_profiles').select(['logo', 'city']).execute();
      expect(rows).toHaveLength(1);
      const logo = rows[0]?.logo ?? '';
      expect(logo).toMatch(/^data:image\/png;base64,/);
      const stored = Buffer.from(logo.slice(logo.indexOf(',') + 1), 'base64');
      expect(stored.toString('latin1')).not.toContain('Secret Lane');
      const decoded = PNG.sync.read(stored);
      expect([decoded.width, decoded.height]).toEqual([4, 2]);
    } finally {
      if (own) await handle.close();
    }
  });

  it('refuses a file that is not an image, or too large, naming --logo, and creates no business', async () => {
    const text = join(root, `${engine}-logo.txt`);
    writeFileSync(text, 'not a picture');
    const notImage = await runTijori([
      ...initWithOwnerArgs(join(root, `${engine}-text`), owner),
      ...details,
      '--logo',
      text,
    ]);
    expect(notImage.code).toBe(2);
    expect(notImage.stderr).toContain('--logo must be a PNG or JPEG image');

    const big = join(root, `${engine}-big.png`);
    writeFileSync(big, Buffer.concat([pngWithText().subarray(0, 8), Buffer.alloc(120_000, 1)]));
    const bigDir = join(root, `${engine}-big`);
    const tooBig = await runTijori([...initWithOwnerArgs(bigDir, owner), ...details, '--logo', big]);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/--logo must be an image of at most 96 KB/);
    expect(existsSync(bigDir)).toBe(false);

    const missing = await runTijori([
      ...initWithOwnerArgs(join(root, `${engine}-none`), owner),
      '--logo',
      text,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--logo goes with the store details');
  });
});
