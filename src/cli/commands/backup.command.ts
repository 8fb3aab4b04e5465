/**
 * `tijori backup --out FILE [--recipient KEY]`, `tijori restore FILE [--identity FILE]` and the
 * test restore `tijori restore FILE --verify-only` (recorded, read by the self-audit).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createBackup, restoreBackup } from '../../modules/keys/backup.service.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { progressBar, withRuntime } from '../runtime.js';
import { openKeyProvider } from '../../modules/keys/key-provider.factory.js';
import { testRestore } from '../../modules/security-audit/restore-test.service.js';
import type { Config } from '../../config/config.js';
import { reapplyErasedRows } from '../../modules/privacy/customer-erasure.service.js';

/** `restore FILE --verify-only`: the test restore; exit 1 when the backup would not restore. */
async function verifyOnly(
  context: CliContext,
  config: Config,
  file: string,
  identity?: string,
): Promise<void> {
  await withRuntime(config, async ({ services, database, keyProvider }) => {
    const bar = progressBar((s) => context.stdout.write(s), 'verify  ');
    const result = await testRestore(config, database.db, file, keyProvider, {
      ...(identity === undefined ? {} : { identity: readFileSync(identity, 'utf8').trim() }),
      verifyKey: await services.audit.checkpoints.verifyKey(),
      audit: services.audit.trail,
      onProgress: (stage, done, total) => (stage === 'verify' ? bar(done, total) : undefined),
    });
    const summary = `${String(result.rowsLoaded)} rows, ${String(result.chainsVerified)} audit chain(s) with ${String(result.entriesVerified)} entries, ${String(result.keysUnwrapped)} data key(s)`;
    if (result.ok) {
      context.stdout.write(
        `Test restore passed: the backup of ${result.backupCreatedAt ?? 'unknown time'} (${result.format}) loads into a temporary database and checks out: ${summary}. The live data was not touched.\n`,
      );
      return;
    }
    context.stdout.write(`Test restore FAILED (${summary}):\n`);
    for (const problem of result.problems) context.stdout.write(`  - ${problem}\n`);
    context.exitCode = ExitCode.problem;
  });
}

export function registerBackupCommands(program: Command, context: CliContext): void {
  program
    .command('backup')
    .description('write an encrypted, verifiable backup of the database')
    .requiredOption('--out <file>', 'the backup file to write')
    .option(
      '--recipient <publicKey>',
      'encrypt to this X25519 public key (default: the installation backup key)',
    )
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { out: string; recipient?: string; dataDir?: string }) => {
      if (existsSync(options.out))
        throw new CliError(`${options.out} exists; choose a new file name`, ExitCode.usage);
      await withRuntime(configFor(context, options), async ({ config, database, keyProvider }) => {
        const bars = new Map<string, (d: number, t: number) => void>();
        const result = await createBackup(config, database, keyProvider, options.out, {
          ...(options.recipient === undefined ? {} : { recipient: options.recipient }),
          onProgress: (stage, done, total) => {
            if (!bars.has(stage))
              bars.set(
                stage,
                progressBar((s) => context.stdout.write(s), stage.padEnd(8)),
              );
            bars.get(stage)?.(done, total);
          },
        });
        context.stdout.write(
          `Backup written to ${options.out} (${result.format}), encrypted for key ${result.recipientKeyId}.\n`,
        );
      });
    });

  program
    .command('restore')
    .description('verify a backup, restore it, and re-apply every erasure made since (stop Tijori first)')
    .argument('<file>', 'the backup file')
    .option('--identity <file>', 'the private key file for a backup made with --recipient')
    .option(
      '--trust-signer <file>',
      'a public key (PEM, from `tijori keys public-key` of the installation that made the backup) to trust',
    )
    .option(
      '--allow-unsigned-backup',
      'restore a backup made before backups were signed (anyone with the recipient key could have made it)',
    )
    .option(
      '--verify-only',
      'test-restore into a temporary database and check it, without touching the live data (recorded)',
    )
    .option('--data-dir <dir>', 'data folder')
    .action(
      async (
        file: string,
        options: {
          identity?: string;
          verifyOnly?: boolean;
          dataDir?: string;
          trustSigner?: string;
          allowUnsignedBackup?: boolean;
        },
      ) => {
        if (!existsSync(file)) throw new CliError(`${file} does not exist`, ExitCode.usage);
        const config = configFor(context, options);
        if (options.verifyOnly === true) {
          await verifyOnly(context, config, file, options.identity);
          return;
        }
        const keyProvider = openKeyProvider(config);
        try {
          const bar = progressBar((s) => context.stdout.write(s), 'verify  ');
          const result = await restoreBackup(config, file, keyProvider, {
            ...(options.identity === undefined
              ? {}
              : { identity: readFileSync(options.identity, 'utf8').trim() }),
            onProgress: (stage, done, total) => (stage === 'verify' ? bar(done, total) : undefined),
            reapplyRows: reapplyErasedRows,
            ...(options.trustSigner === undefined
              ? {}
              : { trustSigners: [readFileSync(options.trustSigner, 'utf8')] }),
            allowUnsigned: options.allowUnsignedBackup === true,
          });
          context.stdout.write(
            `Restored the backup of ${result.header.meta.createdAt ?? 'unknown time'}; re-applied ${result.tombstonesApplied} erasure(s)` +
              `${result.keysRewrapped > 0 ? `; re-wrapped ${result.keysRewrapped} key(s) from a retired KEK under the current one` : ''}.\n`,
          );
        } finally {
          await keyProvider.close();
        }
        // Opening the restored database through the normal path checks keys and migrations.
        await withRuntime(config, async () => undefined);
      },
    );
}
