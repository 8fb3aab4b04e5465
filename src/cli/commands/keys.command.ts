/**
 * `tijori keys list` (the crypto inventory), `tijori keys rotate` (new data-key versions and the
 * re-encryption, with progress) and `tijori keys backup-keypair` (an offline recipient key for
 * backups).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateSealKeyPair } from '../../crypto/sealed-box.js';
import type { KeyPurpose } from '../../modules/keys/field-crypto.types.js';
import { systemContext } from '../../modules/audit/audit.types.js';
import { keyInventory } from '../../modules/keys/keys.service.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { progressBar, withRuntime } from '../runtime.js';

const purposes: KeyPurpose[] = ['customer_pii', 'payment_ref', 'documents', 'staff_pii', 'auth_secrets'];

export function registerKeysCommand(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('the key inventory and key rotation');

  keys
    .command('list')
    .description('print every key: purpose, version, algorithm, provider, age, status, rotate-by date')
    .option('--data-dir <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      await withRuntime(configFor(context, options), async ({ services, keyProvider }) => {
        const entries = await keyInventory(services.keyRing, { now: () => new Date() });
        if (options.json === true) {
          context.stdout.write(
            `${JSON.stringify({ kek: keyProvider.describe(), keys: entries }, null, 2)}\n`,
          );
          return;
        }
        const kek = keyProvider.describe();
        context.stdout.write(`KEK: ${kek.provider} provider, id ${kek.kekId}, ${kek.algorithm}\n`);
        context.stdout.write(
          'tenant                                key id              v  algorithm     provider  age(d)  status        rotate by\n',
        );
        for (const e of entries) {
          context.stdout.write(
            `${e.tenantId.padEnd(38)}${e.keyId.padEnd(20)}${String(e.version).padEnd(3)}${e.algorithm.padEnd(14)}${e.provider.padEnd(10)}${String(e.ageDays).padEnd(8)}${(e.overdue ? 'OVERDUE' : e.status).padEnd(14)}${e.rotateBy.slice(0, 10)}\n`,
          );
        }
        context.exitCode = entries.some((e) => e.overdue) ? ExitCode.problem : ExitCode.ok;
      });
    });

  keys
    .command('rotate')
    .description('create new data-key versions and re-encrypt existing values to them')
    .option('--data-dir <dir>', 'data folder')
    .option('--purpose <purpose>', `one of ${purposes.join(', ')} (default: every purpose in use)`)
    .option('--tenant <id>', 'one tenant (default: every tenant)')
    .option('--no-wait', 'start the rotation and leave the re-encryption to the running server')
    .action(async (options: { dataDir?: string; purpose?: string; tenant?: string; wait: boolean }) => {
      if (options.purpose !== undefined && !purposes.includes(options.purpose as KeyPurpose)) {
        throw new CliError(`--purpose must be one of ${purposes.join(', ')}`, ExitCode.usage);
      }
      await withRuntime(configFor(context, options), async ({ services }) => {
        const inventory = await keyInventory(services.keyRing, { now: () => new Date() });
        const targets = new Map<string, KeyPurpose>();
        for (const e of inventory) {
          if (e.kind !== 'encryption' || e.status !== 'active' || !purposes.includes(e.keyId as KeyPurpose))
            continue;
          if (options.tenant !== undefined && e.tenantId !== options.tenant) continue;
          if (options.purpose !== undefined && e.keyId !== options.purpose) continue;
          targets.set(`${e.tenantId}|${e.keyId}`, e.keyId as KeyPurpose);
        }
        if (targets.size === 0) {
          context.stdout.write('No data keys in use match; nothing to rotate.\n');
          return;
        }
        for (const [target, purpose] of targets) {
          const tenantId = target.split('|')[0] ?? '';
          const started = await services.rotation.start(
            tenantId,
            purpose,
            systemContext(tenantId, 'cli', 'cli'),
          );
          context.stdout.write(
            `Rotating ${purpose} of tenant ${tenantId}: v${started.fromVersion} -> v${started.toVersion}, ${started.rowsTotal} value(s) to re-encrypt\n`,
          );
          if (!options.wait) continue;
          const bar = progressBar((s) => context.stdout.write(s), `  ${purpose}`);
          await services.rotation.runToCompletion(tenantId, started.id, {
            pauseMs: 1000,
            onProgress: (p) => bar(p.rowsDone, Math.max(p.rowsTotal, p.rowsDone)),
          });
          context.stdout.write(`  done; v${started.fromVersion} is retired\n`);
        }
      });
    });

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
}
