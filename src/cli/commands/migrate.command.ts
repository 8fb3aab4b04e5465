/** `tijori migrate`: applies pending database migrations and lists them. */
import type { Command } from 'commander';
import { ensureDataDir, openAndMigrate } from '../../bootstrap.js';
import { configFor, type CliContext } from '../cli-context.js';

export function registerMigrateCommand(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--data-dir <dir>', 'data folder (default ./tijori-data, or TIJORI_DATA_DIR)')
    .action(async (options: { dataDir?: string }) => {
      const config = configFor(context, options);
      if (config.databaseUrl === undefined) ensureDataDir(config.dataDir);
      const { database, applied } = await openAndMigrate(config);
      await database.close();
      context.stdout.write(
        applied.length === 0
          ? 'Database is up to date.\n'
          : `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
      );
    });
}
