/**
 * `tijori tokens create --user EMAIL --scopes LIST --expires DURATION`: an API token for an
 * integration, printed once (only its hash is stored). Run on the machine by its operator.
 */
import type { Command } from 'commander';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';

const units: Record<string, number> = { h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d`, `12h`, `2w` to milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,4})([hdw])$/.exec(text.trim());
  if (match === null) throw new CliError('--expires must look like 30d, 12h or 2w', ExitCode.usage);
  return Number(match[1]) * (units[match[2] ?? 'd'] ?? 0);
}

export function registerTokensCommand(program: Command, context: CliContext): void {
  const tokens = program.command('tokens').description('API tokens for integrations');
  tokens
    .command('create')
    .description('create an API token for a user, limited to the given permissions; printed once')
    .requiredOption('--user <email>', "the user the token acts as (its permissions cap the token's)")
    .requiredOption('--scopes <list>', 'comma-separated permissions, for example invoice.read,report.gst')
    .requiredOption('--expires <duration>', 'lifetime such as 30d, 12h, 2w (at most 366d)')
    .option('--name <name>', 'a label for the token', 'cli token')
    .option('--data-dir <dir>', 'data folder')
    .action(
      async (options: { user: string; scopes: string; expires: string; name: string; dataDir?: string }) => {
        const expiresInMs = parseDuration(options.expires);
        const scopes = options.scopes
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        await withRuntime(configFor(context, options), async ({ services }) => {
          const created = await services.identity.apiTokens.createForLogin(options.user, {
            name: options.name,
            scopes,
            expiresInMs,
          });
          context.stdout.write(`${created.token}\n`);
          context.stderr.write(
            `token ${created.id} expires ${created.expiresAt}; it will not be shown again\n`,
          );
        });
      },
    );
}
