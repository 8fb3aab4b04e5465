/**
 * The salon's commands: `tijori appointments list --date YYYY-MM-DD [--store NAME]` (the day's
 * appointments of a store in IST: time, stylist, service, client's first name and masked phone,
 * status, walk-in number) and `tijori salon commissions --period YYYY-MM [--store NAME]` (each
 * staff member's commission for a month, marked when paid out). Nothing personal beyond that is
 * printed: no full names, phone numbers, notes or amounts paid by clients.
 */
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isIsoDate } from '../../domain/gst/ist-date.js';
import { formatRupees } from '../../domain/money/money.js';
import { operatorActor } from '../../kernel/actor.js';
import { maskPhone } from '../../modules/auth/masking.js';
import { openPii, type CustomerCipher } from '../../modules/customers/customer-crypto.js';
import { CliError, configFor, ExitCode, type CliContext } from '../cli-context.js';
import { withRuntime } from '../runtime.js';
import { chooseTenant } from './tenant-choice.js';

interface CommonOptions {
  store?: string;
  tenant?: string;
  dataDir?: string;
}

const IST_MS = 330 * 60_000;
const istTime = (instant: string) => new Date(Date.parse(instant) + IST_MS).toISOString().slice(11, 16);

/** The store named (case and spacing ignored), or the business's only store. */
async function chooseStore(
  db: Kysely<Database>,
  tenantId: string,
  name: string | undefined,
): Promise<{ id: string; name: string }> {
  const stores = await db
    .selectFrom('stores')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  if (name !== undefined) {
    const store = stores.find((s) => norm(s.name) === norm(name));
    if (store === undefined)
      throw new CliError(
        `No store named "${name}". Stores: ${stores.map((s) => s.name).join(', ')}.`,
        ExitCode.usage,
      );
    return store;
  }
  if (stores.length === 1 && stores[0] !== undefined) return stores[0];
  if (stores.length === 0) throw new CliError('The business has no store.', ExitCode.problem);
  throw new CliError(
    `This business has several stores: pass --store NAME (${stores.map((s) => s.name).join(', ')}).`,
    ExitCode.usage,
  );
}

/** Each client's first name and masked phone, decrypted only for this print. */
async function clientLabels(
  db: Kysely<Database>,
  cipher: CustomerCipher,
  tenantId: string,
  ids: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('customers')
    .select(['tenant_id', 'id', 'name_enc', 'phone_enc'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  for (const row of rows) {
    try {
      const pii = await openPii(cipher, row, ['name', 'phone']);
      const first = pii.name?.trim().split(/\s+/)[0] ?? '';
      const phone = pii.phone === null ? '' : maskPhone(pii.phone);
      out.set(row.id, [first, phone].filter((s) => s !== '').join(' ') || 'Client');
    } catch {
      out.set(row.id, 'Client (erased)');
    }
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

const STATUS: Record<string, string> = {
  booked: 'booked',
  checked_in: 'checked in',
  billed: 'billed',
  cancelled: 'cancelled',
  no_show: 'no-show',
};

export function registerSalonCommands(program: Command, context: CliContext): void {
  program
    .command('appointments')
    .description("the salon's appointments")
    .command('list')
    .description("a day's appointments of a store (times in IST; clients by first name and masked phone)")
    .requiredOption('--date <YYYY-MM-DD>', 'the day, for example 2026-05-15')
    .option('--store <name>', 'the store (needed when the business has several)')
    .option('--tenant <id>', 'the business (needed when the installation has several)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: CommonOptions & { date: string }) => {
      if (!isIsoDate(options.date))
        throw new CliError(`--date must be a date as YYYY-MM-DD, not "${options.date}".`, ExitCode.usage);
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const tenantId = await chooseTenant(database.db, options.tenant);
        const store = await chooseStore(database.db, tenantId, options.store);
        const list = await services.salon.appointments.calendar(operatorActor(tenantId), {
          storeId: store.id,
          date: options.date,
          view: 'day',
        });
        if (list.length === 0) {
          context.stdout.write(`No appointments at ${store.name} on ${options.date}.\n`);
          return;
        }
        const clients = await clientLabels(database.db, services.salon.cipher, tenantId, [
          ...new Set(list.flatMap((a) => (a.customerId === null ? [] : [a.customerId]))),
        ]);
        context.stdout.write(`Appointments at ${store.name} on ${options.date} (IST):\n`);
        context.stdout.write(
          table([
            ['Time', 'Stylist', 'Service', 'Client', 'Status', 'Walk-in'],
            ...list.map((a) => [
              `${istTime(a.startsAt)}-${istTime(a.endsAt)}`,
              a.staffFirstName,
              a.serviceName,
              a.customerId === null ? 'Walk-in' : (clients.get(a.customerId) ?? 'Client'),
              STATUS[a.status] ?? a.status,
              a.queueNumber === null ? '' : `#${a.queueNumber}`,
            ]),
          ]),
        );
      });
    });

  program
    .command('salon')
    .description('salon reports')
    .command('commissions')
    .description("each staff member's commission for a month")
    .requiredOption('--period <YYYY-MM>', 'the month, for example 2026-05')
    .option('--store <name>', 'the store (needed when the business has several)')
    .option('--tenant <id>', 'the business (needed when the installation has several)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: CommonOptions & { period: string }) => {
      const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(options.period);
      if (match === null)
        throw new CliError(`--period must be a month as YYYY-MM, not "${options.period}".`, ExitCode.usage);
      const [year, month] = [Number(match[1]), Number(match[2])];
      const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const from = `${options.period}-01`;
      const to = `${options.period}-${String(lastDay).padStart(2, '0')}`;
      await withRuntime(configFor(context, options), async ({ services, database }) => {
        const tenantId = await chooseTenant(database.db, options.tenant);
        const store = await chooseStore(database.db, tenantId, options.store);
        const report = await services.salon.commissions.report(operatorActor(tenantId), {
          storeId: store.id,
          from,
          to,
        });
        context.stdout.write(
          `Commissions at ${store.name}, ${from} to ${to}: ${
            report.locked ? `paid out ${report.paidAt?.slice(0, 10) ?? ''}` : 'not paid out yet'
          }.\n`,
        );
        if (report.rows.length === 0) {
          context.stdout.write('No commissions in this period.\n');
          return;
        }
        const rs = (p: number) => `Rs ${formatRupees(p)}`;
        context.stdout.write(
          table([
            ['Staff', 'Services', 'On services', 'Products', 'On products', 'Bonus', 'Total'],
            ...report.rows.map((r) => [
              r.firstName,
              rs(r.servicePaise),
              rs(r.serviceCommissionPaise),
              rs(r.productPaise),
              rs(r.productCommissionPaise),
              rs(r.bonusPaise),
              rs(r.totalPaise),
            ]),
            ['Total', '', '', '', '', '', rs(report.totalPaise)],
          ]),
        );
      });
    });
}
