/**
 * The queries of packages, memberships and wallets. Every change of a balance is one conditional
 * UPDATE (sessions or value left checked in its WHERE clause), so a redemption and a refund of the
 * same last session, or two redemptions of the same value, cannot both succeed on either engine.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import type { ClientPackagesTable, PackageEventsTable } from '../../db/tables/salon.tables.js';

export async function findPackage(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<ClientPackagesTable> {
  const row = await db
    .selectFrom('client_packages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw notFound('package');
  return { ...row, price_paise: Number(row.price_paise) };
}

/**
 * Takes `sessions` of a package for `kind` if that many are left and it is usable on `date`;
 * returns the package after the change, or throws `conflict`.
 */
export async function takeSessions(
  trx: Kysely<Database>,
  tenantId: string,
  packageId: string,
  kind: 'sessions_used' | 'sessions_refunded',
  sessions: number,
  date: string,
  now: string,
): Promise<ClientPackagesTable> {
  const result = await trx
    .updateTable('client_packages')
    .set((eb) => ({ [kind]: eb(kind, '+', sessions), updated_at: now }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', packageId)
    .where('status', '=', 'active')
    .where('expires_on', '>=', date)
    .where((eb) =>
      eb(
        eb(
          eb(eb('sessions_used', '+', eb.ref('sessions_refunded')), '+', eb.ref('sessions_expired')),
          '+',
          sessions,
        ),
        '<=',
        eb.ref('sessions_total'),
      ),
    )
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new AppError('conflict', 'no session of this package is left to use', 'packageId');
  // Read under the lock the update holds: the package after this change.
  return findPackage(trx, tenantId, packageId);
}

export async function addPackageEvent(
  trx: Kysely<Database>,
  event: Omit<PackageEventsTable, 'id' | 'line_no'> & { line_no?: number | null },
): Promise<void> {
  await trx
    .insertInto('package_events')
    .values({ ...event, line_no: event.line_no ?? null, id: newId() })
    .execute();
}

/** Changes a wallet's balance by `valuePaise` (negative to spend) and writes its ledger entry. */
export async function moveWallet(
  trx: Kysely<Database>,
  tenantId: string,
  walletId: string,
  entry: {
    kind: 'load' | 'redeem' | 'expire';
    valuePaise: number;
    paidPaise: number;
    method: string | null;
    invoiceId: string | null;
    actorId: string | null;
    now: string;
    date: string;
    field: string;
  },
): Promise<{ seq: number; balanceAfter: number }> {
  let update = trx
    .updateTable('wallets')
    .set((eb) => ({
      balance_paise: eb('balance_paise', '+', entry.valuePaise),
      entries: eb('entries', '+', 1),
      updated_at: entry.now,
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', walletId)
    .where('status', '=', 'active');
  if (entry.kind === 'redeem')
    update = update.where('expires_on', '>=', entry.date).where('balance_paise', '>=', -entry.valuePaise);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new AppError('conflict', 'the wallet does not hold that much value, or has expired', entry.field);
  const row = await trx
    .selectFrom('wallets')
    .select(['entries', 'balance_paise'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', walletId)
    .executeTakeFirstOrThrow();
  const seq = Number(row.entries);
  const balanceAfter = Number(row.balance_paise);
  await trx
    .insertInto('wallet_ledger')
    .values({
      tenant_id: tenantId,
      wallet_id: walletId,
      seq,
      kind: entry.kind,
      paid_paise: entry.paidPaise,
      value_paise: entry.valuePaise,
      balance_after: balanceAfter,
      method: entry.method,
      invoice_id: entry.invoiceId,
      actor_id: entry.actorId,
      created_at: entry.now,
    })
    .execute();
  return { seq, balanceAfter };
}
