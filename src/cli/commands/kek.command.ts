/**
 * `tijori keys rotate-kek` (a new key-encryption key; every data key re-wrapped, no value
 * re-encrypted) and `tijori keys public-key` (the installation's Ed25519 signing key and a
 * tenant's sealed-box key, for counters, forms and anyone checking signatures offline).
 */
import type { Command } from 'commander';
import { rawPublicKey } from '../../crypto/signing.js';
import { systemClock } from '../../domain/clock.js';
import { loadInstallationSigner, tenantSealPublicKey } from '../../modules/keys/installation-keys.js';
import { rotateKek } from '../../modules/keys/kek-rotation.service.js';
import { registerRevokeCommand, runRevocation } from './kek-revoke.command.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';

export function registerKekCommands(keys: Command, context: CliContext): void {
  keys
    .command('rotate-kek')
    .description(
      'replace the key-encryption key and re-wrap every data key under it (stop Tijori first). ' +
        'File provider: a new key file, the old one kept as kek.key.retired-<time> for older backups. ' +
        'Environment provider: the new key from TIJORI_NEW_KEK. HSM: a new key under --new-key-label.',
    )
    .option('--new-key-label <label>', 'pkcs11: the label of the new key to create in the HSM')
    .option('--pepper-days <days>', 'days users have to sign in before a password reset is needed', '90')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { newKeyLabel?: string; dataDir?: string; pepperDays: string }) => {
      const config = configFor(context, options);
      const days = Number(options.pepperDays);
      if (!Number.isInteger(days) || days < 1 || days > 3650)
        throw new CliError('--pepper-days must be a whole number of days from 1 to 3650', ExitCode.usage);
      await withRuntime(config, async ({ database, keyProvider, services }) => {
        const newKek = context.env.TIJORI_NEW_KEK;
        const result = await rotateKek(
          config,
          database.db,
          keyProvider,
          systemClock,
          {
            ...(newKek === undefined ? {} : { newKek }),
            ...(options.newKeyLabel === undefined ? {} : { newKeyLabel: options.newKeyLabel }),
            pepperDeadline: new Date(systemClock.now().getTime() + days * 86_400_000),
          },
          services.identity.deps.audit,
        );
        context.stdout.write(
          `Key-encryption key rotated: ${result.fromKekId} -> ${result.toKekId}; ${result.rewrapped} key(s) re-wrapped; ${result.peppersRetired} password(s) move to the new pepper at their next sign-in (within ${days} days).\n`,
        );
        context.stdout.write(
          result.settings === undefined
            ? 'Back up the new key file now, apart from the database backups. Keep the retired key file as long as you keep backups made before today.\n'
            : `Before the next start, change: ${result.settings}\n`,
        );
      });
      // Re-key everything the old KEK could open, under the new KEK (the HSM: after the settings change).
      if (config.keyProvider === 'pkcs11')
        context.stdout.write('Then run `tijori keys revoke` to re-key the data under the new key.\n');
      else
        await runRevocation(
          context,
          config.keyProvider === 'env' ? { ...config, kek: context.env.TIJORI_NEW_KEK ?? '' } : config,
        );
    });
  registerRevokeCommand(keys, context);

  keys
    .command('public-key')
    .description('print a public key: the installation signing key (default) or a tenant sealed-box key')
    .option('--sealed-box', "print the tenant's sealed-box (X25519) public key instead")
    .option('--tenant <id>', 'the tenant, for --sealed-box')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { sealedBox?: boolean; tenant?: string; dataDir?: string }) => {
      if (options.sealedBox === true && options.tenant === undefined)
        throw new CliError('--sealed-box needs --tenant', ExitCode.usage);
      await withRuntime(configFor(context, options), async ({ database, keyProvider, services }) => {
        if (options.sealedBox === true) {
          const tenant = await database.db
            .selectFrom('tenants')
            .select('id')
            .where('id', '=', options.tenant ?? '')
            .executeTakeFirst();
          if (tenant === undefined) throw new CliError('no tenant with that id', ExitCode.usage);
          const key = await tenantSealPublicKey(
            database.db,
            services.fieldCipher,
            systemClock,
            options.tenant ?? '',
          );
          context.stdout.write(`${key}\n`);
          return;
        }
        const signer = await loadInstallationSigner(database.db, keyProvider, systemClock);
        context.stdout.write(
          `# Tijori installation signing key (Ed25519), key id ${signer.keyId}\n# raw: ${rawPublicKey(signer.publicKeyPem)}\n${signer.publicKeyPem}`,
        );
      });
    });
}
