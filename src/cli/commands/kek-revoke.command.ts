/**
 * `tijori keys revoke`: after a KEK rotation, re-keys everything the old KEK could open (new data
 * key versions with every value re-encrypted, new customer keys, new contact index generations, the
 * sign-in index under the new derivation root; ADR 0054). `rotate-kek` runs it itself for the file
 * and environment providers; it can be run again to finish an interrupted one.
 */
import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import { revocationDeps, revokeOldKek } from '../../modules/keys/kek-revocation.js';
import { configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';

export async function runRevocation(context: CliContext, config: Config): Promise<void> {
  await withRuntime(config, async ({ services }) => {
    let last = '';
    const result = await revokeOldKek(revocationDeps(services), (step, done, total) => {
      // A line per 500 values and at the end of each step, not one per value.
      if (done % 500 !== 0 && done !== total) return;
      const line = total > 0 ? `${step}: ${done} of ${total}` : `${step}: ${done}`;
      if (line !== last) context.stdout.write(`  ${line}\n`);
      last = line;
    });
    context.stdout.write(
      `Re-keyed under the new key: ${result.dataKeysRotated} data key(s) rotated, ${result.valuesReencrypted} value(s) re-encrypted, ${result.customerKeysRenewed} customer key(s) renewed, ${result.indexGenerationsStarted} index generation(s) started.\n`,
    );
  });
}

export function registerRevokeCommand(keys: Command, context: CliContext): void {
  keys
    .command('revoke')
    .description(
      'after a KEK rotation: re-key everything the old key-encryption key could open (stop Tijori first)',
    )
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { dataDir?: string }) => {
      await runRevocation(context, configFor(context, options));
    });
}
