/** The `tijori` command line: builds the commander program and maps outcomes to exit codes. */
import { Command, CommanderError } from 'commander';
import { TIJORI_VERSION } from '../version.js';
import { ExitCode, toCliError, type CliContext } from './cli-context.js';
import { registerAuditCommand } from './commands/audit.command.js';
import { registerBackupCommands } from './commands/backup.command.js';
import { registerDoctorCommand } from './commands/doctor.command.js';
import { registerGstr1Command } from './commands/gstr1.command.js';
import { registerImportCommand } from './commands/import.command.js';
import { registerInitCommand } from './commands/init.command.js';
import { registerJobsCommands } from './commands/jobs.command.js';
import { registerKeysCommand } from './commands/keys.command.js';
import { registerMigrateCommand } from './commands/migrate.command.js';
import { registerPrivacyCommands } from './commands/privacy.command.js';
import { registerSecurityAuditCommand } from './commands/security-audit.command.js';
import { registerSalonCommands } from './commands/salon.command.js';
import { registerServeCommand } from './commands/serve.command.js';
import { registerTokensCommand } from './commands/tokens.command.js';
import { registerTenantsCommands } from './commands/tenants.command.js';

export function buildProgram(context: CliContext): Command {
  const program = new Command('tijori')
    .description('GST billing and point of sale that keeps customer data locked')
    .version(TIJORI_VERSION)
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 a check found a problem, 2 bad usage or configuration.\n' +
        'Settings come from TIJORI_* environment variables and the file named by TIJORI_CONFIG.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.stdout.write(s),
      writeErr: (s) => context.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');
  registerInitCommand(program, context);
  registerServeCommand(program, context);
  registerMigrateCommand(program, context);
  registerDoctorCommand(program, context);
  registerKeysCommand(program, context);
  registerBackupCommands(program, context);
  registerTokensCommand(program, context);
  registerAuditCommand(program, context);
  registerJobsCommands(program, context);
  registerImportCommand(program, context);
  registerGstr1Command(program, context);
  registerPrivacyCommands(program, context);
  registerSecurityAuditCommand(program, context);
  registerSalonCommands(program, context);
  registerTenantsCommands(program, context);
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  program.commands.forEach(override);
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.ok;
      }
      return ExitCode.usage;
    }
    const cliError = toCliError(error);
    if (cliError !== undefined) {
      context.stderr.write(`${cliError.message}\n`);
      return cliError.exitCode;
    }
    context.stderr.write(`Unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.problem;
  }
}
