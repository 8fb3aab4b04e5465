/**
 * `tijori audit verify [--checkpoint FILE]` (exit 0 when every chain verifies, 1 with the first bad
 * entry named), `tijori audit checkpoint` (prints signed checkpoints to keep off the machine) and
 * `tijori audit list` (the viewer, with filters; `--csv`/`--json` export, which is recorded).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EntryFilter } from '../../modules/audit/audit.repository.js';
import { AuditService, type EntryView, type VerifyRun } from '../../modules/audit/audit.service.js';
import { INSTALLATION_CHAIN, systemContext } from '../../kernel/audit.js';
import { formatIst } from '../../modules/monitoring/alert-message.js';
import { CliError, ExitCode, configFor, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';

const cliContext = (tenantId: string) => systemContext(tenantId, 'cli', 'cli');

/** The tenant a command acts on: the one given, or the only business in the installation. */
async function chooseTenant(db: Kysely<Database>, given: string | undefined): Promise<string> {
  const tenants = await db.selectFrom('tenants').select('id').execute();
  if (given !== undefined) {
    if (given !== INSTALLATION_CHAIN && !tenants.some((t) => t.id === given))
      throw new CliError(`no business with id ${given}`, ExitCode.usage);
    return given;
  }
  if (tenants.length === 1 && tenants[0] !== undefined) return tenants[0].id;
  throw new CliError(
    tenants.length === 0
      ? 'no business exists yet; use --tenant _installation for the installation chain'
      : 'this installation has several businesses: choose one with --tenant ID',
    ExitCode.usage,
  );
}

function describe(result: VerifyRun): string {
  const name = result.tenantId === INSTALLATION_CHAIN ? 'installation chain' : `tenant ${result.tenantId}`;
  const span = result.firstSeq === null ? 'no entries' : `entries ${result.firstSeq} to ${result.lastSeq}`;
  const counted = `${result.entriesChecked} entries${result.stubsChecked > 0 ? ` and ${result.stubsChecked} retention stubs` : ''}`;
  const anchors = `${result.checkpointsChecked} stored and ${result.externalCheckpointsChecked} external checkpoint(s)`;
  if (result.ok) return `ok    ${name}: ${counted} verified (${span}), ${anchors}\n`;
  const [first, ...rest] = result.problems;
  const lines = [
    `FAIL  ${name}: ${first?.seq === null || first === undefined ? '' : `first bad entry ${first.seq}: `}${first?.message ?? ''}`,
  ];
  for (const p of rest) lines.push(`      ${p.message}`);
  if (result.moreProblems > 0) lines.push(`      ... and ${result.moreProblems} more problem(s)`);
  lines.push(`      (${counted} checked, ${anchors})`);
  if (!result.recorded) lines.push('      this run could not be recorded in the chain: its head is damaged');
  return `${lines.join('\n')}\n`;
}

function entryLine(e: EntryView): string {
  const actor = e.actorId === null ? e.actorType : `${e.actorType}:${e.actorId}`;
  const object = e.objectId === null ? e.objectType : `${e.objectType}:${e.objectId}`;
  return `${String(e.seq).padStart(7)}  ${formatIst(e.occurredAt).padEnd(26)}${e.action.padEnd(30)}${e.outcome.padEnd(9)}${actor}  ${object}\n`;
}

export function registerAuditCommand(program: Command, context: CliContext): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');

  audit
    .command('verify')
    .description('check every chain, its signatures and checkpoints; names the first bad entry')
    .option('--checkpoint <file>', 'signed checkpoints kept off the machine (detects truncation or rebuild)')
    .option('--tenant <id>', 'only this business (or _installation)')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { checkpoint?: string; tenant?: string; json?: boolean; dataDir?: string }) => {
      if (options.checkpoint !== undefined && !existsSync(options.checkpoint))
        throw new CliError(`${options.checkpoint} does not exist`, ExitCode.usage);
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const service = services.audit.service;
        const external =
          options.checkpoint === undefined
            ? { checkpoints: [], problems: [] }
            : await service.parseExternal(readFileSync(options.checkpoint, 'utf8'));
        const results =
          options.tenant === undefined
            ? await service.verifyAll(cliContext, external.checkpoints)
            : [
                await service.verify(
                  cliContext(await chooseTenant(database.db, options.tenant)),
                  external.checkpoints,
                ),
              ];
        const ok = results.every((r) => r.ok) && external.problems.length === 0;
        if (options.json === true)
          context.stdout.write(
            `${JSON.stringify({ ok, checkpointFileProblems: external.problems, chains: results }, null, 2)}\n`,
          );
        else {
          for (const problem of external.problems)
            context.stdout.write(`FAIL  checkpoint file: ${problem}\n`);
          for (const r of results) context.stdout.write(describe(r));
        }
        context.exitCode = ok ? ExitCode.ok : ExitCode.problem;
      });
    });

  audit
    .command('checkpoint')
    .description('sign the head of each chain now and print the checkpoints (keep them off this machine)')
    .option('--tenant <id>', 'only this business (or _installation)')
    .option('--out <file>', 'also append the checkpoints to this file')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { tenant?: string; out?: string; dataDir?: string }) => {
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const chains =
          options.tenant === undefined
            ? [
                ...(await database.db.selectFrom('tenants').select('id').orderBy('id').execute()).map(
                  (t) => t.id,
                ),
                INSTALLATION_CHAIN,
              ]
            : [await chooseTenant(database.db, options.tenant)];
        for (const tenantId of chains) {
          const made = await services.audit.checkpoints.createNow(cliContext(tenantId));
          context.stdout.write(made.note);
          if (options.out !== undefined) appendFileSync(options.out, made.note, { mode: 0o600 });
        }
      });
    });

  audit
    .command('list')
    .description('show audit entries, newest first, with filters; --csv or --json exports (recorded)')
    .option('--tenant <id>', 'the business (default: the only one), or _installation')
    .option('--actor <id>', 'user, token or job id')
    .option('--action <action>', 'an action such as auth.login; a trailing . matches a prefix (auth.)')
    .option('--object-type <type>', 'object type such as user, invoice')
    .option('--object-id <id>', 'object id')
    .option('--outcome <outcome>', 'success, failure or denied')
    .option('--since <time>', 'ISO-8601 time (inclusive)')
    .option('--until <time>', 'ISO-8601 time (exclusive)')
    .option('--limit <n>', 'entries to show (text output)', '50')
    .option('--csv', 'export as CSV')
    .option('--json', 'export as JSON')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const text = (k: string) => (typeof options[k] === 'string' ? options[k] : undefined);
      const time = (k: string) => {
        const v = text(k);
        if (v === undefined) return undefined;
        if (Number.isNaN(Date.parse(v)))
          throw new CliError(`--${k} must be an ISO-8601 time`, ExitCode.usage);
        return new Date(v).toISOString();
      };
      const action = text('action');
      const filter: EntryFilter = {
        ...(text('actor') === undefined ? {} : { actorId: text('actor') }),
        ...(action === undefined ? {} : action.endsWith('.') ? { actionPrefix: action } : { action }),
        ...(text('objectType') === undefined ? {} : { objectType: text('objectType') }),
        ...(text('objectId') === undefined ? {} : { objectId: text('objectId') }),
        ...(text('outcome') === undefined ? {} : { outcome: text('outcome') }),
        ...(time('since') === undefined ? {} : { from: time('since') }),
        ...(time('until') === undefined ? {} : { to: time('until') }),
      };
      AuditService.checkWindow(filter);
      const limit = Number(text('limit'));
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new CliError('--limit must be a whole number from 1 to 10000', ExitCode.usage);
      await withRuntime(
        configFor(context, { ...(text('dataDir') === undefined ? {} : { dataDir: text('dataDir') }) }),
        async ({ services, database }) => {
          const tenantId = await chooseTenant(database.db, text('tenant'));
          const format = options.csv === true ? 'csv' : options.json === true ? 'json' : undefined;
          if (format !== undefined) {
            const exported = await services.audit.service.export(cliContext(tenantId), filter, format);
            context.stdout.write(exported.body);
            return;
          }
          const { entries } = await services.audit.service.list(tenantId, filter, limit);
          for (const e of entries) context.stdout.write(entryLine(e));
          if (entries.length === 0) context.stdout.write('No entries match.\n');
        },
      );
    });
}
