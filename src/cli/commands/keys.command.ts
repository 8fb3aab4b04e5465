/**
 * `tijori keys list` (the crypto inventory), `tijori keys rotate` (new data-key versions and the
 * re-encryption with a progress bar, resuming a rotation left unfinished), `tijori keys
 * min-version` (the minimum decryption version) and `tijori keys backup-keypair` (an offline
 * recipient key for backups). KEK rotation and public keys: kek.command.ts.
 */
import { systemContext } from '../../kernel/audit.js';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateSealKeyPair } from '../../crypto/sealed-box.js';
import { systemActor } from '../../kernel/audit.js';
import type { KeyPurpose } from '../../modules/keys/field-crypto.types.js';
import { keyInventory, type KeyInventoryEntry } from '../../modules/keys/keys.service.js';
import type { Services } from '../../services.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { progressBar, withRuntime } from '../runtime.js';
import { registerKekCommands } from './kek.command.js';

const purposes: KeyPurpose[] = [
  'customer_pii',
  'payment_ref',
  'documents',
  'staff_pii',
  'auth_secrets',
  'aadhaar_vault',
];

function checkPurpose(purpose: string | undefined): void {
  if (purpose !== undefined && !purposes.includes(purpose as KeyPurpose))
    throw new CliError(`--purpose must be one of ${purposes.join(', ')}`, ExitCode.usage);
}

function wholeNumber(flag: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${flag} must be a whole number from ${String(min)}`, ExitCode.usage);
  return n;
}

const columns: Array<[string, number, (e: KeyInventoryEntry) => string]> = [
  ['tenant', 38, (e) => e.tenantId],
  ['key id', 16, (e) => e.keyId],
  ['purpose', 14, (e) => e.purpose],
  ['v', 4, (e) => String(e.version)],
  ['algorithm', 16, (e) => e.algorithm],
  ['provider', 15, (e) => e.provider],
  ['age(d)', 8, (e) => String(e.ageDays)],
  ['status', 14, (e) => (e.overdue ? 'OVERDUE' : e.status)],
  ['rotate by', 10, (e) => (e.rotateBy === '' ? '-' : e.rotateBy.slice(0, 10))],
];

function printInventory(context: CliContext, entries: KeyInventoryEntry[]): void {
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(columns[i]?.[1] ?? 0))
      .join(' ')
      .trimEnd()}\n`;
  context.stdout.write(line(columns.map(([title]) => title)));
  for (const e of entries) context.stdout.write(line(columns.map(([, , cell]) => cell(e))));
}

/** The tenants and purposes whose active encryption keys match the options. */
function rotationTargets(entries: KeyInventoryEntry[], options: { purpose?: string; tenant?: string }) {
  const targets = new Map<string, { tenantId: string; purpose: KeyPurpose }>();
  for (const e of entries) {
    if (e.kind !== 'encryption' || e.status !== 'active' || !purposes.includes(e.keyId as KeyPurpose))
      continue;
    if (options.tenant !== undefined && e.tenantId !== options.tenant) continue;
    if (options.purpose !== undefined && e.keyId !== options.purpose) continue;
    targets.set(`${e.tenantId}|${e.keyId}`, { tenantId: e.tenantId, purpose: e.keyId as KeyPurpose });
  }
  return [...targets.values()];
}

async function rotateOne(
  context: CliContext,
  services: Services,
  target: { tenantId: string; purpose: KeyPurpose },
  options: { wait: boolean; batchSize: number; pauseMs: number; cacheSeconds: number },
): Promise<void> {
  const { tenantId, purpose } = target;
  // A rotation left running (a crash, a stopped command) is resumed rather than started again.
  const running = (await services.rotation.running()).find(
    (r) => r.tenantId === tenantId && r.keyId === purpose,
  );
  const rotation =
    running ?? (await services.rotation.start(tenantId, purpose, systemContext(tenantId, 'cli', 'cli')));
  context.stdout.write(
    `${running === undefined ? 'Rotating' : 'Resuming the rotation of'} ${purpose} of tenant ${tenantId}: v${rotation.fromVersion} -> v${rotation.toVersion}, ${rotation.rowsTotal} value(s) to re-encrypt\n`,
  );
  if (!options.wait) return;
  const bar = progressBar((s) => context.stdout.write(s), `  ${purpose}`);
  let waiting = false;
  const done = await services.rotation.runToCompletion(tenantId, rotation.id, {
    batchSize: options.batchSize,
    pauseMs: options.pauseMs,
    onProgress: (p) => {
      bar(p.rowsDone, Math.max(p.rowsTotal, p.rowsDone));
      if (p.status === 'running' && p.rowsDone >= p.rowsTotal && !waiting) {
        waiting = true;
        context.stdout.write(
          `  waiting up to ${options.cacheSeconds} s for running instances to stop using v${rotation.fromVersion}\n`,
        );
      }
    },
  });
  context.stdout.write(
    `  done: ${done.rowsDone} value(s) re-encrypted; v${rotation.fromVersion} is retired\n`,
  );
}

export function registerKeysCommand(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('the key inventory, key rotation and key settings');

  keys
    .command('list')
    .description(
      'print every key: purpose, version, algorithm, provider, age, status, end of cryptoperiod (exit 1 if one is overdue)',
    )
    .option('--data-dir <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      await withRuntime(configFor(context, options), async ({ services, keyProvider }) => {
        const entries = await keyInventory(services.keyRing, { now: () => new Date() });
        const kek = keyProvider.describe();
        if (options.json === true) {
          context.stdout.write(`${JSON.stringify({ kek, keys: entries }, null, 2)}\n`);
        } else {
          context.stdout.write(`KEK: ${kek.provider} provider, id ${kek.kekId}, ${kek.algorithm}\n`);
          printInventory(context, entries);
        }
        context.exitCode = entries.some((e) => e.overdue) ? ExitCode.problem : ExitCode.ok;
      });
    });

  keys
    .command('rotate')
    .description(
      'create new data-key versions and re-encrypt existing values to them (resumes an unfinished rotation)',
    )
    .option('--data-dir <dir>', 'data folder')
    .option('--purpose <purpose>', `one of ${purposes.join(', ')} (default: every purpose in use)`)
    .option('--tenant <id>', 'one tenant (default: every tenant)')
    .option('--no-wait', 'start the rotation and leave the re-encryption to the running server')
    .option('--batch-size <n>', 'values re-encrypted per batch', '500')
    .option('--pause-ms <ms>', 'pause between batches, to leave room for a running server', '100')
    .action(
      async (options: {
        dataDir?: string;
        purpose?: string;
        tenant?: string;
        wait: boolean;
        batchSize: string;
        pauseMs: string;
      }) => {
        checkPurpose(options.purpose);
        const batchSize = wholeNumber('--batch-size', options.batchSize);
        const pauseMs = wholeNumber('--pause-ms', options.pauseMs, 0);
        await withRuntime(configFor(context, options), async ({ services, config }) => {
          const targets = rotationTargets(
            await keyInventory(services.keyRing, { now: () => new Date() }),
            options,
          );
          if (targets.length === 0) {
            context.stdout.write('No data keys in use match; nothing to rotate.\n');
            return;
          }
          for (const target of targets)
            await rotateOne(context, services, target, {
              wait: options.wait,
              batchSize,
              pauseMs,
              cacheSeconds: config.activeKeyCacheSeconds,
            });
        });
      },
    );

  keys
    .command('min-version')
    .description(
      'set the minimum decryption version of a data key: older versions are retired and refuse to decrypt',
    )
    .requiredOption('--purpose <purpose>', purposes.join(', '))
    .requiredOption('--tenant <id>', 'the tenant (business) id')
    .requiredOption('--to <version>', 'the lowest version that may still decrypt')
    .option('--force', 'retire versions that values still use (those values become unreadable)')
    .option('--data-dir <dir>', 'data folder')
    .action(
      async (options: { purpose: string; tenant: string; to: string; force?: boolean; dataDir?: string }) => {
        checkPurpose(options.purpose);
        const version = wholeNumber('--to', options.to);
        await withRuntime(configFor(context, options), async ({ services }) => {
          const result = await services.keyVersions.setMinimumDecryptionVersion(
            { tenantId: options.tenant, actor: systemActor('cli'), source: 'cli' },
            options.purpose as KeyPurpose,
            version,
            { force: options.force === true },
          );
          context.stdout.write(
            `Minimum decryption version of ${result.keyId} is now v${result.minimumVersion}` +
              `${result.retired.length > 0 ? `; retired v${result.retired.join(', v')}` : ''}` +
              `${result.restored.length > 0 ? `; restored v${result.restored.join(', v')}` : ''}.\n`,
          );
        });
      },
    );

  keys
    .command('backup-keypair')
    .description(
      'create an offline key pair for backups: prints the public key, writes the private key to a file',
    )
    .requiredOption('--out <file>', 'where to write the private key (keep it off this machine)')
    .action((options: { out: string }) => {
      const pair = generateSealKeyPair();
      writeFileSync(options.out, `${pair.privateKey}\n`, { mode: 0o600, flag: 'wx' });
      context.stdout.write(`Public key (use with tijori backup --recipient): ${pair.publicKey}\n`);
      context.stdout.write(
        `Private key written to ${options.out} (mode 600). Keep it offline; restores need it.\n`,
      );
    });

  registerKekCommands(keys, context);
}
