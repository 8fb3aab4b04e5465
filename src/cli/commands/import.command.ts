/**
 * `tijori import customers|items FILE.csv [--skip-invalid]`: bulk CSV import on the machine. Every
 * bad row is listed by row and column; a file with a bad row imports nothing (exit 1) unless
 * `--skip-invalid` is given, which imports the good rows.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { operatorActor } from '../../kernel/actor.js';
import type { ImportReport } from '../../modules/billing/csv-import.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';
import { chooseTenant } from './tenant-choice.js';
import { importPriceLists } from '../../modules/offers/price-list-import.js';

interface ImportOptions {
  skipInvalid?: boolean;
  tenant?: string;
  dataDir?: string;
}

function readCsv(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`Cannot read ${file}.`, ExitCode.usage);
  }
}

function printReport(context: CliContext, what: string, report: ImportReport): void {
  for (const p of report.problems) context.stderr.write(`row ${p.row}, column ${p.column}: ${p.message}\n`);
  if (report.rejected)
    context.stdout.write(
      `Imported nothing: ${report.problems.length} problem(s) in ${report.rows} rows. Fix them, or pass --skip-invalid to import the good rows.\n`,
    );
  else
    context.stdout.write(
      `Imported ${what} from ${report.imported} of ${report.rows} rows (${report.skipped} skipped).\n`,
    );
}

export function registerImportCommand(program: Command, context: CliContext): void {
  program
    .command('import')
    .description('import customers or items from a CSV file (header row required)')
    .argument('<kind>', 'customers, items or price-list')
    .argument('<file>', 'the CSV file')
    .option('--skip-invalid', 'import the good rows even when some rows are bad')
    .option('--tenant <id>', 'the business (needed when the installation has several)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (kind: string, file: string, options: ImportOptions) => {
      if (kind === 'price-list') {
        const prices = readCsv(file);
        await withRuntime(configFor(context, options), async ({ services, database }) => {
          const actor = operatorActor(await chooseTenant(database.db, options.tenant));
          const report = await importPriceLists(services.billing.offers, actor, prices);
          for (const p of report.problems) context.stderr.write(`row ${p.row}: ${p.message}\n`);
          if (report.problems.length > 0) {
            context.stdout.write(`Imported nothing: ${report.problems.length} problem(s).\n`);
            context.exitCode = ExitCode.problem;
          } else
            context.stdout.write(`Imported ${report.lists} price list(s) with ${report.entries} entries.\n`);
        });
        return;
      }
      if (kind !== 'customers' && kind !== 'items')
        throw new CliError('import takes customers, items or price-list, then the CSV file.', ExitCode.usage);
      const csv = readCsv(file);
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const actor = operatorActor(await chooseTenant(database.db, options.tenant));
        const skip = { skipInvalid: options.skipInvalid === true };
        const report =
          kind === 'customers'
            ? await services.billing.customerImports.importCustomers(actor, csv, skip)
            : await services.billing.itemImports.importItems(actor, csv, skip);
        printReport(context, kind, report);
        if (report.problems.length > 0) context.exitCode = ExitCode.problem;
      });
    });
}
