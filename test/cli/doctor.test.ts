/**
 * `tijori doctor` on both engines: each check fails when its problem is there, and says how to fix it
 * (a certificate expiring within 30 days or expired, a migration not applied, a database that
 * does not answer).
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/commands/doctor.command.js';
import { loadFileKeyProvider } from '../../src/crypto/file.key-provider.js';
import { kekFilePath } from '../../src/modules/keys/key-provider.factory.js';
import { runTijori as runCli } from '../support/cli.js';
import { describeCliEachEngine, type CliInstallation } from '../support/cli-engines.js';
import { freePort } from '../support/net.js';

const DAY = 24 * 3600_000;

describeCliEachEngine('tijori doctor', (install, engine, root) => {
  let installation: CliInstallation;
  let dataDir = '';
  // Every command runs against the suite's installation (its database URL on PostgreSQL).
  const runTijori = (args: string[], extra: Record<string, string> = {}) =>
    runCli(args, { ...installation.env, ...extra });
  const buildConfig = (values: Parameters<CliInstallation['config']>[0]) => installation.config(values);
  beforeAll(async () => {
    installation = await install();
    dataDir = installation.dataDir;
    expect((await runTijori(['init', '--data-dir', dataDir, '--non-interactive'])).code).toBe(0);
  });

  it('fails a certificate expiring within 30 days, and an expired one', async () => {
    const config = buildConfig({ dataDir });
    const certificate = async (daysFromNow: number) => {
      const results = await runDoctor(config, new Date(Date.now() + daysFromNow * DAY));
      const result = results.find((r) => r.name === 'TLS certificate');
      return `${result?.ok === true ? 'ok' : 'FAIL'} ${result?.detail ?? ''}`;
    };
    expect(await certificate(0)).toMatch(/^ok valid for 82[45] more days/);
    expect(await certificate(800)).toMatch(/^FAIL expires in 2[45] days: renew it/);
    expect(await certificate(900)).toMatch(/^FAIL expired/);
  });

  it('fails a migration that is not applied, naming the command that fixes it', async () => {
    const { db, close } = installation.open();
    try {
      const { rows } = await sql<{ name: string; timestamp: string }>`select name, timestamp
        from kysely_migration order by name desc limit 1`.execute(db);
      const last = rows[0] ?? { name: '', timestamp: '' };
      await sql`delete from kysely_migration where name = ${last.name}`.execute(db);
      const doctor = await runTijori(['doctor', '--data-dir', dataDir]);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toMatch(/FAIL {2}migrations: 1 pending: run tijori migrate/);
      // Put back, so the other tests meet an installation that is up to date.
      await sql`insert into kysely_migration (name, timestamp) values (${last.name}, ${last.timestamp})`.execute(
        db,
      );
    } finally {
      await close();
    }
    expect((await runTijori(['doctor', '--data-dir', dataDir])).stdout).toMatch(
      new RegExp(`ok {4}database: ${engine} answers\nok {4}migrations: up to date`),
    );
  });

  it('fails a database that does not answer', async () => {
    const url = `postgres://tijori:secret@127.0.0.1:${String(await freePort())}/tijori`;
    const doctor = await runTijori(['doctor', '--data-dir', dataDir], { TIJORI_DATABASE_URL: url });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL {2}database: postgres does not answer: check TIJORI_DATABASE_URL/);
    expect(doctor.stdout).not.toContain('secret');
  });

  it('warns when the data folder holds the KEK or the key folder, and not when both are apart', async () => {
    // A new installation keeps its KEK in the key folder: nothing to warn about.
    const fresh = await runTijori(['doctor', '--data-dir', dataDir]);
    expect(fresh.stdout).toMatch(/ok {4}key placement: KEK and key folder/);
    // An installation from before keeps its KEK at <data>/keys/kek.key: still used, and warned.
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    renameSync(join(`${dataDir}-keys`, 'kek.key'), join(dataDir, 'keys', 'kek.key'));
    expect(kekFilePath(buildConfig({ dataDir }))).toBe(join(dataDir, 'keys', 'kek.key'));
    expect(loadFileKeyProvider(kekFilePath(buildConfig({ dataDir }))).kekId).toMatch(/^[0-9a-f]{16}$/);
    const doctor = await runTijori(['doctor', '--data-dir', dataDir]);
    expect(doctor.stdout).toMatch(/WARN {2}key placement: the KEK file .*kek\.key is inside the data folder/);
    renameSync(join(dataDir, 'keys', 'kek.key'), join(`${dataDir}-keys`, 'kek.key'));
    const inFolder = await runTijori(['doctor', '--data-dir', dataDir], {
      TIJORI_KEY_DIR: join(dataDir, 'k'),
    });
    expect(inFolder.stdout).toMatch(/the key folder .* is inside the data folder: set TIJORI_KEY_DIR/);
    const apart = await runDoctor(
      buildConfig({ dataDir, kekFile: join(root, 'elsewhere', 'kek.key'), keyDir: `${dataDir}-keys` }),
    );
    expect(apart.find((r) => r.name === 'key placement')).toMatchObject({ ok: true });
    expect(apart.find((r) => r.name === 'key placement')?.warning).toBeUndefined();
  });
});
