/** `tijori serve`: prepares the installation on first run, then serves HTTPS until SIGTERM. */
import type { Command } from 'commander';
import { handleShutdownSignals, startServer } from '../../main.js';
import { configFor, type CliContext } from '../cli-context.js';

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('start the HTTPS server (initialises the data folder on first run)')
    .option('--data-dir <dir>', 'data folder (default ./tijori-data, or TIJORI_DATA_DIR)')
    .action(async (options: { dataDir?: string }) => {
      const config = configFor(context, options);
      const server = await startServer(config, context.stdout);
      handleShutdownSignals(server, config, context.stdout);
    });
}
