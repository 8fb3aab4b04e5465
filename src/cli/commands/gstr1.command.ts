/**
 * `tijori gstr1 --period MMYYYY --out FILE [--gstin GSTIN]`: the GSTR-1 JSON of a month, streamed
 * from the database into a file readable only by its owner (it holds buyers' GSTINs).
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { operatorActor } from '../../kernel/actor.js';
import { configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';
import { chooseTenant } from './tenant-choice.js';

interface Gstr1Options {
  period: string;
  out: string;
  gstin?: string;
  tenant?: string;
  dataDir?: string;
}

export function registerGstr1Command(program: Command, context: CliContext): void {
  program
    .command('gstr1')
    .description('write the GSTR-1 JSON (offline tool format) of a month to a file')
    .requiredOption('--period <MMYYYY>', 'the return period, for example 042026')
    .requiredOption('--out <file>', 'where to write the JSON')
    .option('--gstin <gstin>', 'the GSTIN (needed when stores are registered under several)')
    .option('--tenant <id>', 'the business (needed when the installation has several)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: Gstr1Options) => {
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const actor = operatorActor(await chooseTenant(database.db, options.tenant));
        const result = await services.billing.reports.gstr1(actor, options.period, options.gstin);
        // Written beside the target and renamed when complete, so a failure never leaves half a return.
        const partial = `${options.out}.partial`;
        try {
          await pipeline(Readable.from(result.chunks), createWriteStream(partial, { mode: 0o600 }));
          renameSync(partial, options.out);
        } catch (error) {
          rmSync(partial, { force: true });
          throw error;
        }
        context.stdout.write(`Wrote GSTR-1 of ${result.gstin} for ${options.period} to ${options.out}.\n`);
      });
    });
}
