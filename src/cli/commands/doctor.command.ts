/**
 * `tijori doctor`: checks the installation and says what to fix. Exit 0 when every check passes,
 * 1 when one fails, 2 when the configuration itself is invalid.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import {
  databaseOptionsFromConfig,
  openDatabase,
  pingDatabase,
  type DatabaseHandle,
} from '../../db/database.js';
import { pendingMigrations } from '../../db/migrate.js';
import { certificatePaths, describeCertificate } from '../../http/tls.js';
import { ExitCode, configFor, type CliContext } from '../cli-context.js';
import { kekFilePath, openKeyProvider } from '../../modules/keys/key-provider.factory.js';
import { keyFolder } from '../../modules/keys/key-files.js';
import { relative, resolve } from 'node:path';

const inside = (folder: string, path: string) => {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
};

/**
 * Where the keys are (issue 24): a KEK or key folder inside the data folder means a copy of the
 * data folder carries the key to every customer's data, and erasures cannot be final.
 */
export function checkKeyPlacement(config: Config): DoctorResult {
  const name = 'key placement';
  const problems: string[] = [];
  if (
    config.keyProvider === 'file' &&
    existsSync(kekFilePath(config)) &&
    inside(config.dataDir, kekFilePath(config))
  )
    problems.push(
      `the KEK file ${kekFilePath(config)} is inside the data folder: move it to another disk and set TIJORI_KEK_FILE`,
    );
  if (inside(config.dataDir, keyFolder(config)))
    problems.push(
      `the key folder ${keyFolder(config)} is inside the data folder: set TIJORI_KEY_DIR to a folder outside it`,
    );
  if (problems.length === 0)
    return {
      name,
      ok: true,
      detail: `KEK and key folder (${keyFolder(config)}) are outside the data folder`,
    };
  return { name, ok: true, warning: true, detail: problems.join('; ') };
}

export interface DoctorResult {
  name: string;
  ok: boolean;
  detail: string;
  /** Passes, but something should change (printed WARN; the exit code stays 0). */
  warning?: boolean;
}

const DAY_MS = 24 * 3600 * 1000;

export function checkDataDir(config: Config): DoctorResult {
  const name = 'data folder';
  if (!existsSync(config.dataDir))
    return { name, ok: false, detail: `${config.dataDir} does not exist: run tijori init` };
  const mode = statSync(config.dataDir).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    return {
      name,
      ok: false,
      detail: `mode ${mode.toString(8)} lets other users in: run chmod 700 ${config.dataDir}`,
    };
  }
  return { name, ok: true, detail: `${config.dataDir} (mode 700)` };
}

export function checkCertificate(config: Config, now: Date): DoctorResult {
  const name = 'TLS certificate';
  if (config.httpOnly) return { name, ok: true, detail: 'HTTPS is terminated by a proxy (TIJORI_HTTP_ONLY)' };
  const { cert } = certificatePaths(config);
  if (!existsSync(cert)) return { name, ok: false, detail: 'no certificate yet: run tijori init' };
  try {
    const { validTo, fingerprint256 } = describeCertificate(readFileSync(cert, 'utf8'));
    const days = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
    if (days < 0)
      return { name, ok: false, detail: 'expired: replace it (delete it to have a new one generated)' };
    if (days < 30) return { name, ok: false, detail: `expires in ${days} days: renew it` };
    return { name, ok: true, detail: `valid for ${days} more days, SHA-256 ${fingerprint256}` };
  } catch {
    return { name, ok: false, detail: 'the certificate file cannot be read as PEM' };
  }
}

/** The KEK opens (file permissions, HSM PIN) and unwraps a stored data key. */
export async function checkKeys(config: Config, database: DatabaseHandle): Promise<DoctorResult> {
  const name = 'key-encryption key';
  let provider;
  try {
    provider = openKeyProvider(config);
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : 'cannot be opened' };
  }
  try {
    const row = await database.db
      .selectFrom('data_keys')
      .select(['tenant_id', 'key_id', 'version', 'wrapped'])
      .limit(1)
      .executeTakeFirst();
    if (row !== undefined)
      await provider.unwrapKey(row.wrapped, `${row.tenant_id}/${row.key_id}/${row.version}`);
    const d = provider.describe();
    return {
      name,
      ok: true,
      detail: `${d.provider} provider, id ${d.kekId}${row === undefined ? '' : ', unwraps the stored keys'}`,
    };
  } catch {
    return {
      name,
      ok: false,
      detail: 'it does not unwrap the stored data keys: wrong key file, TIJORI_KEK or HSM key',
    };
  } finally {
    await provider.close();
  }
}

async function checkDatabase(database: DatabaseHandle): Promise<DoctorResult[]> {
  if (!(await pingDatabase(database))) {
    return [
      {
        name: 'database',
        ok: false,
        detail: `${database.engine} does not answer: check TIJORI_DATABASE_URL`,
      },
    ];
  }
  const results: DoctorResult[] = [{ name: 'database', ok: true, detail: `${database.engine} answers` }];
  try {
    const pending = await pendingMigrations(database);
    results.push(
      pending.length === 0
        ? { name: 'migrations', ok: true, detail: 'up to date' }
        : { name: 'migrations', ok: false, detail: `${pending.length} pending: run tijori migrate` },
    );
  } catch {
    results.push({
      name: 'migrations',
      ok: false,
      detail: 'cannot read the migration table: run tijori migrate',
    });
  }
  return results;
}

export async function runDoctor(config: Config, now = new Date()): Promise<DoctorResult[]> {
  const results: DoctorResult[] = [{ name: 'configuration', ok: true, detail: 'valid' }];
  const dataDir = checkDataDir(config);
  results.push(dataDir);
  if (config.databaseUrl !== undefined || dataDir.ok) {
    const database = openDatabase(databaseOptionsFromConfig(config));
    try {
      const dbResults = await checkDatabase(database);
      results.push(...dbResults);
      if (dbResults.every((r) => r.ok)) results.push(await checkKeys(config, database));
    } finally {
      await database.close();
    }
  }
  results.push(checkKeyPlacement(config));
  results.push(checkCertificate(config, now));
  return results;
}

export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description('check configuration, database, migrations, certificate and folder permissions')
    .option('--data-dir <dir>', 'data folder (default ./tijori-data, or TIJORI_DATA_DIR)')
    .action(async (options: { dataDir?: string }) => {
      const config = configFor(context, options);
      const results = await runDoctor(config);
      for (const r of results)
        context.stdout.write(
          `${r.ok ? (r.warning === true ? 'WARN' : 'ok  ') : 'FAIL'}  ${r.name}: ${r.detail}\n`,
        );
      context.exitCode = results.every((r) => r.ok) ? ExitCode.ok : ExitCode.problem;
    });
}
