/**
 * `tijori privacy retention [--dry-run] [--policy P ...] [--json]`: run the retention policies now
 * (or show what they would do), and `tijori privacy report --out FILE`: the compliance report PDF.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { operatorActor } from '../../kernel/actor.js';
import { policyNames, type PolicyName } from '../../modules/privacy/retention-policies.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';
import { chooseTenant } from './tenant-choice.js';

interface Common {
  tenant?: string;
  dataDir?: string;
}

export function registerPrivacyCommands(program: Command, context: CliContext): void {
  const privacy = program
    .command('privacy')
    .description('privacy and compliance: retention, the compliance report');
  privacy
    .command('retention')
    .description('run the retention policies now, or show what they would do with --dry-run')
    .option('--dry-run', 'show what would be deleted, anonymised or notified, change nothing')
    .option('--policy <name...>', `only these policies (${policyNames.join(', ')})`)
    .option('--json', 'print the full report as JSON')
    .option('--tenant <id>', 'the business (needed when the installation has several)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: Common & { dryRun?: boolean; policy?: string[]; json?: boolean }) => {
      const unknown = (options.policy ?? []).filter((p) => !(policyNames as readonly string[]).includes(p));
      if (unknown.length > 0)
        throw new CliError(
          `unknown policy ${unknown.join(', ')}; known: ${policyNames.join(', ')}`,
          ExitCode.usage,
        );
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const actor = operatorActor(await chooseTenant(database.db, options.tenant));
        const report = await services.privacy.retention.run(actor, {
          dryRun: options.dryRun === true,
          ...(options.policy === undefined ? {} : { policies: options.policy as PolicyName[] }),
        });
        if (options.json === true) {
          context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        context.stdout.write(
          `${report.dryRun ? 'Dry run (nothing changed)' : 'Retention run'} ${report.runId}\n`,
        );
        for (const p of report.policies) {
          const done = p.actions.filter((a) => a.count > 0).map((a) => `${a.action} ${a.count} ${a.table}`);
          if (p.audit !== undefined)
            done.push(`audit: remove ${p.audit.removed}, stub ${p.audit.stubbed}, keep ${p.audit.kept}`);
          const held = Object.entries(p.held).map(
            ([reason, n]) => `${n} held (${reason.replace(/_/g, ' ')})`,
          );
          const state = p.enabled ? [...done, ...held].join('; ') || 'nothing to do' : 'off';
          context.stdout.write(`  ${p.policy.padEnd(20)}${state}\n`);
        }
      });
    });
  privacy
    .command('report')
    .description('write the compliance report (PDF)')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--tenant <id>', 'the business (needed when the installation has several)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: Common & { out: string }) => {
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const actor = operatorActor(await chooseTenant(database.db, options.tenant));
        writeFileSync(options.out, await services.privacy.compliance.report(actor), { mode: 0o600 });
        context.stdout.write(`Wrote the compliance report to ${options.out}.\n`);
      });
    });
}
