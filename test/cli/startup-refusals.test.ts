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
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import { createKeyFile } from '../../src/crypto/file.key-provider.js';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { rotateKeysCli, runTijori as runCli, spawnTijori } from '../support/cli.js';
import { describeCliEachEngine, type CliInstallation } from '../support/cli-engines.js';
import { tamperNearEnd } from '../support/tamper.js';
import { freePort } from '../support/net.js';

declareEncryptedColumn({ table: 'refusal_refs', column: 'ref', purpose: 'payment_ref', rowIdColumn: 'id' });

/** Every row of every table, and the files of the data folder: what "nothing written" compares. */
async function state(installation: CliInstallation): Promise<string> {
  const { db, close } = installation.open();
  try {
    const tables = (await db.introspection.getTables({ withInternalKyselyTables: true }))
      .map((t) => t.name)
      .sort();
    const rows: unknown[] = [];
    for (const name of tables)
      rows.push([name, (await sql`select * from ${sql.table(name)}`.execute(db)).rows]);
    const files = readdirSync(installation.dataDir, { recursive: true })
      .map(String)
      .filter((f) => !/-(wal|shm)$/.test(f))
      .sort();
    return JSON.stringify({ rows, files });
  } finally {
    await close();
  }
}

describeCliEachEngine('startup refusals', (install, _engine, root) => {
  let installation: CliInstallation;
  let dataDir = '';
  let kekFile = '';
  let goodKey: Buffer;
  // Every command runs against the suite's installation (its database URL on PostgreSQL).
  const runTijori = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { ...installation.env, ...env });
  const serve = async (dir: string, env: Record<string, string> = {}) =>
    runTijori(['serve', '--data-dir', dir], {
      TIJORI_PORT: String(await freePort()),
      TIJORI_HOST: '127.0.0.1',
      TIJORI_LOG_LEVEL: 'silent',
      ...env,
    });
  const updateRef = async (id: string, ref: string) => {
    const { db, close } = installation.open();
    try {
      await sql`update refusal_refs set ref = ${ref} where id = ${id}`.execute(db);
    } finally {
      await close();
    }
  };
  const readRef = async (id: string) => {
    const { db, close } = installation.open();
    try {
      return (await sql<{ ref: string }>`select ref from refusal_refs where id = ${id}`.execute(db)).rows[0]
        ?.ref;
    } finally {
      await close();
    }
  };

  beforeAll(async () => {
    installation = await install();
    dataDir = installation.dataDir;
    kekFile = join(`${dataDir}-keys`, 'kek.key');
    expect((await runTijori(['init', '--data-dir', dataDir, '--non-interactive'])).code).toBe(0);
    await withRuntime(installation.config(), async ({ services, database }) => {
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
  }, 180_000); // a real process started through tsx: slow to start on a busy machine

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
    const before = await state(installation);
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
    const after = await state(installation);
    expect(after).toBe(before);
    expect((await runTijori(['keys', 'list', '--data-dir', dataDir])).code).toBe(0);
  });

  it('tampered wrapped keys: a clear error, nothing written', async () => {
    const { db, close } = installation.open();
    try {
      const saved = await db
        .selectFrom('data_keys')
        .select(['tenant_id', 'key_id', 'version', 'wrapped'])
        .execute();
      const put = async (wrapped: (k: (typeof saved)[number]) => string) => {
        for (const k of saved)
          await db
            .updateTable('data_keys')
            .set({ wrapped: wrapped(k) })
            .where('tenant_id', '=', k.tenant_id)
            .where('key_id', '=', k.key_id)
            .where('version', '=', k.version)
            .execute();
      };
      await put((k) => tamperNearEnd(k.wrapped));
      const before = await state(installation);
      try {
        const run = await serve(dataDir);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/a data key failed to unwrap: it was altered or moved/);
        expect(await state(installation)).toBe(before);
      } finally {
        await put((k) => k.wrapped);
      }
    } finally {
      await close();
    }
  });

  it('a wrong TIJORI_KEK is refused before anything is written; a malformed one before the folder is made', async () => {
    const container = await install();
    const envDir = container.dataDir;
    const kek = randomBytes(32).toString('base64');
    expect(
      (
        await runCli(['init', '--data-dir', envDir, '--non-interactive'], {
          ...container.env,
          TIJORI_KEY_PROVIDER: 'env',
          TIJORI_KEK: kek,
        })
      ).code,
    ).toBe(0);
    await withRuntime(container.config({ keyProvider: 'env', kek }), async ({ services }) => {
      await services.keyRing.activeKey('t1', 'payment_ref', 'payment_ref');
    });
    const before = await state(container);
    const wrong = await serve(envDir, {
      ...container.env,
      TIJORI_KEY_PROVIDER: 'env',
      TIJORI_KEK: randomBytes(32).toString('base64'),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /not the one that wrapped this database's keys \(id [0-9a-f]{16}\): check the key file, TIJORI_KEK/,
    );
    expect(await state(container)).toBe(before);

    const fresh = join(root, 'fresh-container');
    const malformed = await serve(fresh, { TIJORI_KEY_PROVIDER: 'env', TIJORI_KEK: 'short' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/TIJORI_KEK must be exactly 32 bytes/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a corrupted encrypted value stops a rotation with a clear error naming it; the value is untouched', async () => {
    const original = (await readRef('r3')) ?? '';
    const corrupted = tamperNearEnd(original);
    await updateRef('r3', corrupted);
    const run = await rotateKeysCli(dataDir, 'payment_ref', 't1', installation.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /the value in refusal_refs.ref of row r3 cannot be decrypted \(authentication\): restore it from a backup or clear it/,
    );
    expect(run.stderr).not.toContain('UPI-REF');
    expect(await readRef('r3')).toBe(corrupted);
    // Once the value is dealt with, the same command resumes and completes the rotation.
    await updateRef('r3', original);
    const resumed = await rotateKeysCli(dataDir, 'payment_ref', 't1', installation.env);
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
    const before = await state(installation);
    const run = await runTijori(['restore', damaged, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/backup/i);
    expect(await state(installation)).toBe(before);
  });
});
