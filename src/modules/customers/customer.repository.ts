/**
 * Customers and their running account in the database. Lookups go by blind index (several rows
 * may share one index value by design); callers decrypt the candidates and keep exact matches.
 */
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { isSqlite } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { CustomerLedgerTable, CustomersTable } from '../../db/tables/billing.tables.js';
import { AppError, notFound } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';

export type CustomerRow = Selectable<CustomersTable>;
export type IndexColumn = 'phone_idx' | 'phone_last4_idx' | 'email_idx' | 'gstin_idx';

export async function insertCustomers(
  trx: Kysely<Database>,
  rows: readonly Insertable<CustomersTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('customers')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function findCustomer(
  db: Kysely<Database>,
  tenantId: string,
  customerId: string,
): Promise<CustomerRow> {
  // Columns listed, not `*`: PostgreSQL can then keep the statement prepared (ADR 0019).
  const row = await db
    .selectFrom('customers')
    .select([
      'tenant_id',
      'id',
      'kind',
      'name_enc',
      'phone_enc',
      'email_enc',
      'address_enc',
      'gstin_enc',
      'phone_idx',
      'phone_last4_idx',
      'email_idx',
      'gstin_idx',
      'state_code',
      'credit_limit',
      'balance',
      'created_at',
      'updated_at',
      'customer_group',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('customer');
  return row;
}

/** A candidate of a blind-index lookup, with its customer's wrapped key (null: erased). */
export type CandidateRow = CustomerRow & { subject_key: string | null };

/**
 * Rows whose blind index equals `value` (candidates: decrypt to confirm), each with its customer's
 * wrapped key read in the same query (ADR 0011), so confirming them needs no key-store read each.
 */
export async function candidatesBy(
  db: Kysely<Database>,
  tenantId: string,
  column: IndexColumn,
  values: readonly string[],
): Promise<CandidateRow[]> {
  const [first, ...others] = [...new Set(values)];
  if (first === undefined) return [];
  return (
    db
      .selectFrom('customers as c')
      .leftJoin('subject_keys as sk', (j) =>
        j.onRef('sk.tenant_id', '=', 'c.tenant_id').onRef('sk.subject_id', '=', 'c.id'),
      )
      .selectAll('c')
      .select('sk.wrapped as subject_key')
      .where('c.tenant_id', '=', tenantId)
      // One value (a lookup at the counter) is a plain equality; an import checks many at once.
      .where((eb) =>
        others.length === 0 ? eb(`c.${column}`, '=', first) : eb(`c.${column}`, 'in', [first, ...others]),
      )
      // A contact lookup asks for a few values (generations, class widths) of about 64..128 rows each.
      .limit(4_000)
      .execute()
  );
}

/** A page of customers, newest first. */
export async function listCustomers(
  db: Kysely<Database>,
  tenantId: string,
  page: { before?: string; limit: number },
): Promise<CustomerRow[]> {
  let query = db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId);
  if (page.before !== undefined) {
    const cursor = await db
      .selectFrom('customers')
      .select(['created_at', 'id'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', page.before)
      .executeTakeFirst();
    if (cursor !== undefined)
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', cursor.created_at),
          eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
        ]),
      );
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

export interface LedgerEntry {
  readonly customerId: string;
  /** `credit_sale`, `payment`, `refund_to_credit`, `cancel`. */
  readonly kind: string;
  /** Signed paise: positive increases what the customer owes. */
  readonly amount: number;
  readonly method?: string | null;
  readonly refType?: string | null;
  readonly refId?: string | null;
  readonly actorId: string | null;
  readonly now: string;
}

/**
 * Changes the customer's balance and appends the ledger row, inside the caller's transaction.
 * The balance is updated with one statement (a row lock on PostgreSQL, the write lock on
 * SQLite), so two concurrent credit sales cannot both slip under the limit.
 */
export async function applyToBalance(
  trx: Kysely<Database>,
  tenantId: string,
  entry: LedgerEntry,
  options: { enforceLimit: boolean; field?: string },
): Promise<number> {
  const updated = await trx
    .updateTable('customers')
    .set((eb) => ({ balance: eb('balance', '+', entry.amount) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entry.customerId)
    .returning(['balance', 'credit_limit'])
    .executeTakeFirst();
  if (updated === undefined) throw notFound('customer');
  if (options.enforceLimit && entry.amount > 0 && updated.balance > updated.credit_limit) {
    throw new AppError(
      'conflict',
      'this sale would take the customer over their credit limit',
      options.field,
      {
        creditLimitPaise: updated.credit_limit,
        balanceBeforePaise: updated.balance - entry.amount,
      },
    );
  }
  const row: Insertable<CustomerLedgerTable> = {
    tenant_id: tenantId,
    id: newId(),
    customer_id: entry.customerId,
    kind: entry.kind,
    amount: entry.amount,
    balance_after: updated.balance,
    method: entry.method ?? null,
    ref_type: entry.refType ?? null,
    ref_id: entry.refId ?? null,
    actor_id: entry.actorId,
    created_at: entry.now,
  };
  await trx.insertInto('customer_ledger').values(row).execute();
  return updated.balance;
}

export async function ledgerEntries(
  db: Kysely<Database>,
  tenantId: string,
  customerId: string,
  page: { before?: string; limit: number },
): Promise<Selectable<CustomerLedgerTable>[]> {
  let query = db
    .selectFrom('customer_ledger')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId);
  if (page.before !== undefined) query = query.where('created_at', '<', page.before);
  return query.orderBy('created_at', 'desc').orderBy('id').limit(page.limit).execute();
}

/**
 * Serialises the checks for a phone or GSTIN already on file with the write that follows, per
 * tenant, until `trx` ends: a transaction-scoped advisory lock on PostgreSQL (other writes are
 * not held up); on SQLite the `BEGIN IMMEDIATE` transaction already holds the only write lock.
 */
export async function lockCustomerIdentities(trx: Kysely<Database>, tenantId: string): Promise<void> {
  if (isSqlite(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`customer-identities:${tenantId}`}, 0))`.execute(
    trx,
  );
}
