/**
 * What Tijori refuses at start and from its commands, with a clear message and nothing written:
 * a bad setting, a missing, loose, malformed or wrong key file, a wrong TIJORI_KEK, tampered
 * wrapped keys, a corrupted encrypted value met by a rotation, and a damaged backup.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import { buildConfig } from '../../src/config/config.js';
import { createKeyFile } from '../../src/crypto/file.key-provider.js';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { rotateKeysCli, runTijori, spawnTijori } from '../support/cli.js';
import { tamperNearEnd } from '../support/tamper.js';
import { freePort } from '../support/net.js';

declareEncryptedColumn({ table: 'refusal_refs', column: 'ref', purpose: 'payment_ref', rowIdColumn: 'id' });

const root = mkdtempSync(join(tmpdir(), 'tijori-refusals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every row of every table, and the files of the data folder: what "nothing written" compares. */
function state(dataDir: string): string {
  const db = new Sqlite(join(dataDir, 'tijori.db'), { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
      name: string;
    }[];
    const rows = tables.map((t) => [t.name, db.prepare(`select * from "${t.name}"`).all()]);
    const files = readdirSync(dataDir, { recursive: true })
      .map(String)
      .filter((f) => !/-(wal|shm)$/.test(f))
      .sort();
    return JSON.stringify({ rows, files });
  } finally {
    db.close();
  }
}

async function serve(dataDir: string, env: Record<string, string> = {}) {
  return runTijori(['serve', '--data-dir', dataDir], {
    TIJORI_PORT: String(await freePort()),
    TIJORI_HOST: '127.0.0.1',
    TIJORI_LOG_LEVEL: 'silent',
    ...env,
  });
}

describe('startup refusals [sqlite]', () => {
  const dataDir = join(root, 'shop');
  const kekFile = join(`${dataDir}-keys`, 'kek.key');
  let goodKey: Buffer;

  beforeAll(async () => {
    expect((await runTijori(['init', '--data-dir', dataDir, '--non-interactive'])).code).toBe(0);
    await withRuntime(buildConfig({ dataDir }), async ({ services, database }) => {
      await sql`create table refusal_refs (tenant_id text not null, id text not null, ref text not null,
        primary key (tenant_id, id))`.execute(database.db);
      for (let i = 0; i < 6; i += 1) {
        const id = `r${String(i)}`;
        const ref = await services.fieldCipher.encrypt(
          'payment_ref',
          { tenantId: 't1', table: 'refusal_refs', column: 'ref', rowId: id },
          `UPI-REF-${String(i)}`,
        );
        await database.db
          .insertInto('refusal_refs' as never)
          .values({ tenant_id: 't1', id, ref })
          .execute();
      }
    });
    goodKey = readFileSync(kekFile);
  });

  it('a bad setting stops the real server process with exit 2, naming it, before creating anything', async () => {
    const fresh = join(root, 'never-created');
    const child = spawnTijori(['serve'], { TIJORI_DATA_DIR: fresh, TIJORI_PORT: 'abc' });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/TIJORI_PORT/);
    expect(stderr).toMatch(/port number from 1 to 65535/);
    expect(existsSync(fresh)).toBe(false);
  });

  it.each([
    ['missing', () => rmSync(kekFile), /key file is missing/],
    ['readable by others', () => chmodSync(kekFile, 0o644), /chmod 600/],
    [
      'malformed',
      () => writeFileSync(kekFile, 'tijori-kek-v1\nnot-a-key\n', { mode: 0o600 }),
      /not a Tijori key file/,
    ],
    [
      'from another installation',
      () => {
        rmSync(kekFile);
        createKeyFile(kekFile);
      },
      /is not the one that wrapped this database's keys/,
    ],
  ])('key file %s: a clear error, exit 1, nothing written', async (_name, spoil, message) => {
    const before = state(dataDir);
    spoil();
    try {
      for (const run of [await serve(dataDir), await runTijori(['keys', 'list', '--data-dir', dataDir])]) {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(message);
      }
    } finally {
      rmSync(kekFile, { force: true });
      writeFileSync(kekFile, goodKey, { mode: 0o600 });
    }
    const after = state(dataDir);
    expect(after).toBe(before);
    expect((await runTijori(['keys', 'list', '--data-dir', dataDir])).code).toBe(0);
  });

  it('tampered wrapped keys: a clear error, nothing written', async () => {
    const db = new Sqlite(join(dataDir, 'tijori.db'));
    const saved = db.prepare('select tenant_id, key_id, version, wrapped from data_keys').all() as {
      tenant_id: string;
      key_id: string;
      version: number;
      wrapped: string;
    }[];
    const update = db.prepare(
      'update data_keys set wrapped = ? where tenant_id = ? and key_id = ? and version = ?',
    );
    for (const k of saved) update.run(tamperNearEnd(k.wrapped), k.tenant_id, k.key_id, k.version);
    db.close();
    const before = state(dataDir);
    try {
      const run = await serve(dataDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/a data key failed to unwrap: it was altered or moved/);
      expect(state(dataDir)).toBe(before);
    } finally {
      const restore = new Sqlite(join(dataDir, 'tijori.db'));
      const put = restore.prepare(
        'update data_keys set wrapped = ? where tenant_id = ? and key_id = ? and version = ?',
      );
      for (const k of saved) put.run(k.wrapped, k.tenant_id, k.key_id, k.version);
      restore.close();
    }
  });

  it('a wrong TIJORI_KEK is refused before anything is written; a malformed one before the folder is made', async () => {
    const envDir = join(root, 'container');
    const kek = randomBytes(32).toString('base64');
    expect(
      (
        await runTijori(['init', '--data-dir', envDir, '--non-interactive'], {
          TIJORI_KEY_PROVIDER: 'env',
          TIJORI_KEK: kek,
        })
      ).code,
    ).toBe(0);
    await withRuntime(buildConfig({ dataDir: envDir, keyProvider: 'env', kek }), async ({ services }) => {
      await services.keyRing.activeKey('t1', 'payment_ref', 'payment_ref');
    });
    const before = state(envDir);
    const wrong = await serve(envDir, {
      TIJORI_KEY_PROVIDER: 'env',
      TIJORI_KEK: randomBytes(32).toString('base64'),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /not the one that wrapped this database's keys \(id [0-9a-f]{16}\): check the key file, TIJORI_KEK/,
    );
    expect(state(envDir)).toBe(before);

    const fresh = join(root, 'fresh-container');
    const malformed = await serve(fresh, { TIJORI_KEY_PROVIDER: 'env', TIJORI_KEK: 'short' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/TIJORI_KEK must be exactly 32 bytes/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a corrupted encrypted value stops a rotation with a clear error naming it; the value is untouched', async () => {
    const db = new Sqlite(join(dataDir, 'tijori.db'));
    const original = (db.prepare("select ref from refusal_refs where id = 'r3'").get() as { ref: string })
      .ref;
    const corrupted = tamperNearEnd(original);
    db.prepare("update refusal_refs set ref = ? where id = 'r3'").run(corrupted);
    db.close();
    const run = await rotateKeysCli(dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /the value in refusal_refs.ref of row r3 cannot be decrypted \(authentication\): restore it from a backup or clear it/,
    );
    expect(run.stderr).not.toContain('UPI-REF');
    const check = new Sqlite(join(dataDir, 'tijori.db'), { readonly: true });
    expect((check.prepare("select ref from refusal_refs where id = 'r3'").get() as { ref: string }).ref).toBe(
      corrupted,
    );
    check.close();
    // Once the value is dealt with, the same command resumes and completes the rotation.
    const fix = new Sqlite(join(dataDir, 'tijori.db'));
    fix.prepare("update refusal_refs set ref = ? where id = 'r3'").run(original);
    fix.close();
    const resumed = await rotateKeysCli(dataDir);
    expect(resumed.stdout).toMatch(/Resuming the rotation of payment_ref/);
    expect(resumed.stdout).toMatch(/v1 is retired/);
  });

  it('a damaged backup is refused by restore, and the database is untouched', async () => {
    const file = join(root, 'shop.tjb');
    expect((await runTijori(['backup', '--out', file, '--data-dir', dataDir])).code).toBe(0);
    const damaged = join(root, 'damaged.tjb');
    copyFileSync(file, damaged);
    const bytes = readFileSync(damaged);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
    writeFileSync(damaged, bytes);
    const before = state(dataDir);
    const run = await runTijori(['restore', damaged, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/backup/i);
    expect(state(dataDir)).toBe(before);
  });
});
