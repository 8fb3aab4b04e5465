/**
 * `tijori security-audit [--json] [--tenant ID] [--export-json FILE] [--export-pdf FILE]`: runs the
 * self-audit now for each business (or the one named), prints every check with what it found and
 * what to do, and stores the run in the history. Exit 0 when no check fails, 1 when one does.
 * `--json` prints the signed reports; the export options write signed files (readable only by
 * you) for an auditor.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemContext } from '../../kernel/audit.js';
import type { RunDetail } from '../../modules/security-audit/security-audit.service.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';
import { chooseTenant } from './tenant-choice.js';

interface Options {
  json?: boolean;
  tenant?: string;
  exportJson?: string;
  exportPdf?: string;
  dataDir?: string;
}

const MARKS = { pass: 'pass ', warn: 'WARN ', fail: 'FAIL ', unknown: '???  ', error: 'ERROR' } as const;

function describe(run: RunDetail): string {
  const report = run.report;
  if (report === null) return `The self-audit could not run: ${run.error ?? 'unknown error'}\n`;
  const c = report.counts;
  const lines = [
    `Security self-audit of ${report.business} (${report.tenantId})`,
    `Score ${report.score.toFixed(1)}/100: ${String(c.pass)} pass, ${String(c.warn)} warn, ${String(c.fail)} fail, ${String(c.unknown)} unknown, ${String(c.error)} error`,
    '',
  ];
  for (const check of report.checks) {
    lines.push(`${MARKS[check.status]}  ${check.id.padEnd(32)} ${check.title}`);
    lines.push(`       ${check.found}`);
    if (check.remediation !== null) lines.push(`       What to do: ${check.remediation}`);
  }
  lines.push('', `Run ${run.id} is kept in the history (Security audit page, GET /api/v1/security-audits).`);
  return `${lines.join('\n')}\n`;
}

export function registerSecurityAuditCommand(program: Command, context: CliContext): void {
  program
    .command('security-audit')
    .description('run the security self-audit now; exit 1 when a check fails')
    .option('--json', 'print the signed reports as JSON')
    .option('--tenant <id>', 'only this business')
    .option('--export-json <file>', 'also write the signed JSON report (one business)')
    .option('--export-pdf <file>', 'also write the signed PDF report (one business)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: Options) => {
      for (const file of [options.exportJson, options.exportPdf])
        if (file !== undefined && existsSync(file))
          throw new CliError(`${file} exists; choose a new file name`, ExitCode.usage);
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const exporting = options.exportJson !== undefined || options.exportPdf !== undefined;
        const tenants =
          options.tenant !== undefined || exporting
            ? [await chooseTenant(database.db, options.tenant)]
            : (
                await database.db.selectFrom('tenants').select('id').where('status', '=', 'active').execute()
              ).map((t) => t.id);
        if (tenants.length === 0)
          throw new CliError(
            'No business yet: create one with `tijori init` or the setup page.',
            ExitCode.usage,
          );
        const service = services.securityAudit.service;
        const signed = [];
        let failing = false;
        for (const tenantId of tenants) {
          const ctx = systemContext(tenantId, 'cli', 'cli');
          const run = await service.run(ctx, 'cli');
          failing ||= run.status !== 'completed' || run.counts.fail > 0;
          if (options.json === true && run.report !== null)
            signed.push((await service.export(ctx, run.id, 'json')).signed);
          else if (options.json !== true) context.stdout.write(describe(run));
          for (const [file, format] of [
            [options.exportJson, 'json'],
            [options.exportPdf, 'pdf'],
          ] as const) {
            if (file === undefined || run.report === null) continue;
            writeFileSync(file, (await service.export(ctx, run.id, format)).body, { mode: 0o600 });
            if (options.json !== true)
              context.stdout.write(`Signed ${format.toUpperCase()} report written to ${file}.\n`);
          }
        }
        if (options.json === true) context.stdout.write(`${JSON.stringify({ reports: signed }, null, 2)}\n`);
        if (failing) context.exitCode = ExitCode.problem;
      });
    });
}
