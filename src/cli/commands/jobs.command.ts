/**
 * `tijori jobs list` (the shared schedule: next run, last outcome) and `tijori jobs run NAME` (run a
 * job now, for example retention or a verification, still at most once across instances), and
 * `tijori alerts list` for the installation's own alerts (attacks on unknown accounts).
 */
import type { Command } from 'commander';
import { INSTALLATION_CHAIN } from '../../kernel/audit.js';
import { formatIst } from '../../modules/monitoring/alert-message.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';

export function registerJobsCommands(program: Command, context: CliContext): void {
  const jobs = program.command('jobs').description('scheduled jobs shared by every instance');
  jobs
    .command('list')
    .description('each job with its next run and last outcome')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { dataDir?: string }) => {
      await withRuntime(configFor(context, options), async ({ services }) => {
        for (const j of await services.jobs.status())
          context.stdout.write(
            `${j.name.padEnd(24)}next ${formatIst(j.nextRunAt).padEnd(26)}last ${(j.lastOutcome ?? 'never').padEnd(9)}runs ${j.runs}${j.lastError === null ? '' : `  (${j.lastError})`}\n`,
          );
      });
    });
  jobs
    .command('run')
    .description('run a job now (refused while another instance is running it)')
    .argument('<name>', 'the job name, as in jobs list')
    .option('--data-dir <dir>', 'data folder')
    .action(async (name: string, options: { dataDir?: string }) => {
      await withRuntime(configFor(context, options), async ({ services }) => {
        if (!services.jobs.jobNames.includes(name))
          throw new CliError(
            `no job named ${name}; known: ${services.jobs.jobNames.join(', ')}`,
            ExitCode.usage,
          );
        if (!(await services.jobs.runNow(name)))
          throw new CliError(`${name} is running elsewhere`, ExitCode.problem);
        const status = (await services.jobs.status()).find((j) => j.name === name);
        context.stdout.write(
          `${name}: ${status?.lastOutcome ?? 'unknown'}${status?.lastError ? ` (${status.lastError})` : ''}\n`,
        );
        if (status?.lastOutcome !== 'success') context.exitCode = ExitCode.problem;
      });
    });

  program
    .command('alerts')
    .description("the installation's alerts (a business's alerts are in its app)")
    .command('list')
    .option('--tenant <id>', 'a business id instead of the installation')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { tenant?: string; dataDir?: string }) => {
      await withRuntime(configFor(context, options), async ({ services }) => {
        const alerts = await services.monitoring.alerts.list(options.tenant ?? INSTALLATION_CHAIN, {}, 100);
        for (const a of alerts)
          context.stdout.write(
            `${a.id}  ${a.severity.padEnd(9)}${a.status.padEnd(13)}${a.detector.padEnd(22)}x${a.count}  ${formatIst(a.lastSeenAt)}\n`,
          );
        if (alerts.length === 0) context.stdout.write('No alerts.\n');
      });
    });
}
