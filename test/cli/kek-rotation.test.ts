/**
 * Rotating the key-encryption key from the command line, end to end on both engines: every key is
 * re-wrapped and no value re-encrypted, the owner still signs in (the pepper survives), an older
 * backup still restores (its keys re-wrapped from the retired key file), a rotation interrupted
 * between its steps is finished at the next start, and the environment provider's rotation keeps
 * passwords working too.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import type { Config } from '../../src/config/config.js';
import { createSuccessorKeyFile, loadFileKeyProvider } from '../../src/crypto/file.key-provider.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { rewrapUnderKek } from '../../src/modules/keys/kek-rotation.service.js';
import { initWithOwnerArgs, runTijori as runCli } from '../support/cli.js';
import { describeCliEachEngine, type CliInstallation } from '../support/cli-engines.js';

const OWNER = { email: 'owner@kapoorsilks.example', password: 'saffron kettle orbit 4417 drum' };

const initArgs = (dataDir: string) => initWithOwnerArgs(dataDir, OWNER);

/** Signs the owner in through the real app on the configured installation. */
async function ownerSignsIn(config: Config): Promise<number> {
  return withRuntime(config, async ({ services, database }) => {
    const app = await buildApp({
      config,
      database,
      logger: createLogger({ level: 'silent' }),
      guard: services.guard,
      apiRoutes: services.apiRoutes,
    });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: OWNER });
      return res.statusCode;
    } finally {
      await app.close();
    }
  });
}

async function wrappedKeys(config: Config): Promise<{ kek_id: string; wrapped: string }[]> {
  return withRuntime(config, async ({ database }) =>
    database.db.selectFrom('data_keys').select(['kek_id', 'wrapped']).orderBy('key_id').execute(),
  );
}

describeCliEachEngine('KEK rotation from the command line', (install, _engine, root) => {
  let installation: CliInstallation;
  let dataDir = '';
  let config: Config;
  let kekFile = '';
  // Every command runs against the suite's installation (its database URL on PostgreSQL).
  const runTijori = (args: string[]) => runCli(args, installation.env);
  const retiredFiles = () => readdirSync(`${dataDir}-keys`).filter((f) => f.startsWith('kek.key.retired-'));

  beforeAll(async () => {
    installation = await install();
    dataDir = installation.dataDir;
    config = installation.config();
    kekFile = join(`${dataDir}-keys`, 'kek.key');
    expect((await runTijori(initArgs(dataDir))).code).toBe(0);
  });

  it('re-wraps every key under a new key file, keeps the old one retired, and the owner still signs in', async () => {
    const before = await wrappedKeys(config);
    const oldKek = loadFileKeyProvider(kekFile);
    const retiredBefore = retiredFiles();
    const backup = join(root, 'before-rotation.tjb');
    expect((await runTijori(['backup', '--out', backup, '--data-dir', dataDir])).code).toBe(0);

    const run = await runTijori(['keys', 'rotate-kek', '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `rotated: ${oldKek.kekId} -> [0-9a-f]{16}; \\d+ key\\(s\\) re-wrapped; 1 password\\(s\\) move to the new pepper`,
      ),
    );
    const newKek = loadFileKeyProvider(kekFile);
    expect(newKek.kekId).not.toBe(oldKek.kekId);
    // Exactly one more retired file: the key file this rotation replaced.
    const retired = retiredFiles().filter((f) => !retiredBefore.includes(f));
    expect(retired).toHaveLength(1);
    expect(statSync(join(`${dataDir}-keys`, retired[0] ?? '')).mode & 0o777).toBe(0o600);
    expect(statSync(kekFile).mode & 0o777).toBe(0o600);

    // Every key re-wrapped, and a new version of each encryption key (the rotation revokes, ADR 0054).
    const after = await wrappedKeys(config);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.every((k) => k.kek_id === newKek.kekId)).toBe(true);
    expect(after.some((k) => before.some((b) => b.wrapped === k.wrapped))).toBe(false);
    expect(readFileSync(join(dataDir, 'keys', 'backup-key.json'), 'utf8')).toContain(`kw2:${newKek.kekId}:`);
    expect(await ownerSignsIn(config)).toBe(200);
    expect((await runTijori(['doctor', '--data-dir', dataDir])).stdout).toMatch(
      new RegExp(`ok {4}key-encryption key: file provider, id ${newKek.kekId}, unwraps the stored keys`),
    );

    // A backup from before the rotation restores: its keys are re-wrapped from the retired file.
    const restored = await runTijori(['restore', backup, '--data-dir', dataDir]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/re-wrapped \d+ key\(s\) from a retired KEK under the current one/);
    expect((await wrappedKeys(config)).every((k) => k.kek_id === newKek.kekId)).toBe(true);
    expect(await ownerSignsIn(config)).toBe(200);
    await oldKek.close();
    await newKek.close();
  }, 180_000);

  it('a rotation interrupted after the database switched is finished at the next start', async () => {
    const old = loadFileKeyProvider(kekFile);
    createSuccessorKeyFile(kekFile, `${kekFile}.next`);
    const next = loadFileKeyProvider(`${kekFile}.next`);
    const database = installation.open();
    await rewrapUnderKek(database.db, [old], next);
    await database.close();
    // ...and the process died before swapping the files. The next command finishes the job.
    const list = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(new RegExp(`KEK: file provider, id ${next.kekId}`));
    expect(existsSync(`${kekFile}.next`)).toBe(false);
    expect(await ownerSignsIn(config)).toBe(200);
    await old.close();
    await next.close();
  });

  it('a rotation interrupted before the database switched leaves the old key in use', async () => {
    const current = loadFileKeyProvider(kekFile);
    createSuccessorKeyFile(kekFile, `${kekFile}.next`);
    const list = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(list.stdout).toMatch(new RegExp(`KEK: file provider, id ${current.kekId}`));
    expect(existsSync(`${kekFile}.next`)).toBe(false);
    expect(readdirSync(`${dataDir}-keys`).some((f) => f.startsWith('kek.key.next.unused-'))).toBe(true);
    await current.close();
  });
});

describeCliEachEngine('KEK rotation with the environment provider', (install) => {
  const kek = randomBytes(32).toString('base64');

  it('needs TIJORI_NEW_KEK, re-wraps to it, and says which setting to change; passwords keep working', async () => {
    const installation = await install();
    const { dataDir } = installation;
    const runTijori = (args: string[], env: Record<string, string>) =>
      runCli(args, { ...installation.env, ...env });
    const env = { TIJORI_KEY_PROVIDER: 'env', TIJORI_KEK: kek };
    expect((await runTijori(initArgs(dataDir), env)).code).toBe(0);
    const missing = await runTijori(['keys', 'rotate-kek', '--data-dir', dataDir], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/set TIJORI_NEW_KEK/);

    const newKek = randomBytes(32).toString('base64');
    const run = await runTijori(['keys', 'rotate-kek', '--data-dir', dataDir], {
      ...env,
      TIJORI_NEW_KEK: newKek,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Before the next start, change: TIJORI_KEK=<TIJORI_NEW_KEK> \(the new key alone/,
    );
    expect(run.stdout).not.toContain(newKek);
    expect(run.stdout).not.toContain(kek);

    // The old TIJORI_KEK no longer opens anything, and says so before writing anything.
    const stale = await runTijori(['keys', 'list', '--data-dir', dataDir], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/not the one that wrapped this database's keys/);
    const rotated = installation.config({ keyProvider: 'env', kek: newKek });
    expect(await ownerSignsIn(rotated)).toBe(200);
    const keys = await wrappedKeys(rotated);
    expect(new Set(keys.map((k) => k.kek_id)).size).toBe(1);
    await withRuntime(rotated, async ({ database }) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from data_keys`.execute(database.db);
      expect(Number(rows[0]?.n)).toBe(keys.length);
    });
  }, 180_000);
});
