/**
 * What each retention policy would do now (read only): the same plan serves a dry run, which
 * returns it, and a real run, which carries out exactly the plan it computed. Ids are listed so
 * that the two can be compared, and nothing outside a plan is ever touched.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { endOfIstDay } from './deadlines.js';
import { istDateOf } from '../../domain/gst/ist-date.js';
import { INSTALLATION_CHAIN } from '../../kernel/audit.js';
import { marketingPurposeOf } from './consent.service.js';
import {
  RETENTION_NOTICE_MS,
  RUN_LIMIT,
  policyDefinitions,
  subtractPeriod,
  type PolicyName,
} from './retention-policies.js';

export type ActionKind = 'delete' | 'anonymise' | 'notify';

export interface RetentionAction {
  action: ActionKind;
  table: string;
  /** Row ids (for child rows of documents: the document ids). */
  ids: string[];
  count: number;
}

export interface PolicyPlan {
  policy: PolicyName;
  enabled: boolean;
  period: number;
  unit: 'months' | 'days';
  cutoff: string | null;
  actions: RetentionAction[];
  /** Rows the policy would touch but holds back, by reason. */
  held: Record<string, number>;
  /** Tax records: documents of financial years up to this one expire. */
  expiredThroughFy?: number;
}

type Plan = Omit<PolicyPlan, 'policy' | 'enabled' | 'period' | 'unit'>;

const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((r) => r.id);
const action = (kind: ActionKind, table: string, list: string[], count = list.length): RetentionAction => ({
  action: kind,
  table,
  ids: list,
  count,
});
const tenantRows = (tenantId: string) =>
  tenantId === INSTALLATION_CHAIN ? sql<boolean>`tenant_id is null` : sql<boolean>`tenant_id = ${tenantId}`;

export async function planSessions(db: Kysely<Database>, tenantId: string, cutoff: Date): Promise<Plan> {
  const at = cutoff.toISOString();
  const sessions =
    tenantId === INSTALLATION_CHAIN
      ? []
      : await db
          .selectFrom('sessions')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.or([eb('absolute_expires_at', '<', at), eb('revoked_at', '<', at)]))
          .orderBy('id')
          .limit(RUN_LIMIT)
          .execute();
  const challenges = await db
    .selectFrom('webauthn_challenges')
    .select('id')
    .where(tenantRows(tenantId))
    .where('expires_at', '<', at)
    .orderBy('id')
    .limit(RUN_LIMIT)
    .execute();
  return {
    cutoff: at,
    held: {},
    actions: [
      action('delete', 'sessions', ids(sessions)),
      action('delete', 'webauthn_challenges', ids(challenges)),
    ],
  };
}

export async function planLoginAttempts(db: Kysely<Database>, tenantId: string, cutoff: Date): Promise<Plan> {
  const rows = await db
    .selectFrom('login_attempts')
    .select('id')
    .where(tenantRows(tenantId))
    .where('created_at', '<', cutoff.toISOString())
    .orderBy('id')
    .limit(RUN_LIMIT)
    .execute();
  return { cutoff: cutoff.toISOString(), held: {}, actions: [action('delete', 'login_attempts', ids(rows))] };
}

export async function planExpired(
  db: Kysely<Database>,
  tenantId: string,
  cutoff: Date,
  table: 'privacy_otps' | 'privacy_exports',
): Promise<Plan> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<', cutoff.toISOString())
    .orderBy('id')
    .limit(RUN_LIMIT)
    .execute();
  return { cutoff: cutoff.toISOString(), held: {}, actions: [action('delete', table, ids(rows))] };
}

/**
 * The last financial year whose records have expired: FY f (April f to March f+1) has its annual
 * return due on 31 December f+1, and expires `months` after that.
 */
export function expiredThroughFy(now: Date, months: number): number {
  let fy = Number(istDateOf(now).slice(0, 4));
  const expiry = (f: number) => {
    const d = new Date(Date.UTC(f + 1, 11, 31));
    d.setUTCMonth(d.getUTCMonth() + months);
    return endOfIstDay(d.toISOString().slice(0, 10));
  };
  while (expiry(fy) >= now) fy -= 1;
  return fy;
}

/** The first instant of the financial year after `fy` (1 April, IST). */
export function fyEnd(fy: number): string {
  return new Date(Date.parse(`${fy + 1}-04-01T00:00:00Z`) - 330 * 60_000).toISOString();
}

export async function planTaxRecords(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
  months: number,
): Promise<Plan> {
  const fy = expiredThroughFy(now, months);
  const before = fyEnd(fy);
  const docs = ids(
    await db
      .selectFrom('sales_documents')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('fy', '<=', fy)
      .orderBy('id')
      .limit(RUN_LIMIT)
      .execute(),
  );
  const children = async (table: 'sales_document_lines' | 'sales_payments' | 'sales_cancellations') => {
    let n = 0;
    for (let i = 0; i < docs.length; i += 500) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('document_id', 'in', docs.slice(i, i + 500))
        .executeTakeFirstOrThrow();
      n += Number(row.n);
    }
    return action('delete', table, docs, n);
  };
  const older = (table: 'customer_ledger' | 'stock_movements') =>
    db
      .selectFrom(table)
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('created_at', '<', before)
      .orderBy('id')
      .limit(RUN_LIMIT)
      .execute();
  return {
    cutoff: before,
    expiredThroughFy: fy,
    held: {},
    actions: [
      await children('sales_document_lines'),
      await children('sales_payments'),
      await children('sales_cancellations'),
      action('delete', 'sales_documents', docs),
      action('delete', 'customer_ledger', ids(await older('customer_ledger'))),
      action('delete', 'stock_movements', ids(await older('stock_movements'))),
    ],
  };
}

const contactPurposes = Object.values(marketingPurposeOf);

/**
 * Inactive customers: no document, ledger entry, consent change or edit since the cutoff. Those
 * who consented to be contacted are told 48 hours before (a notice counts only if given after
 * their last activity); customers who owe money or have an open privacy request are held.
 */
export async function planInactiveCustomers(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
  months: number,
): Promise<Plan> {
  const cutoff = subtractPeriod(now, policyDefinitions.customer_inactive, months);
  const soon = new Date(cutoff.getTime() + RETENTION_NOTICE_MS).toISOString();
  const rows = await db
    .selectFrom('customers as c')
    .leftJoin('retention_notices as n', (j) =>
      j.onRef('n.tenant_id', '=', 'c.tenant_id').onRef('n.customer_id', '=', 'c.id'),
    )
    .leftJoin('subject_keys as k', (j) =>
      j.onRef('k.tenant_id', '=', 'c.tenant_id').onRef('k.subject_id', '=', 'c.id'),
    )
    .select((eb) => [
      'c.id',
      'c.created_at',
      'c.updated_at',
      'c.balance',
      'n.notified_at',
      'n.anonymise_after',
      eb
        .selectFrom('sales_documents as d')
        .select((s) => s.fn.max('d.issued_at').as('m'))
        .whereRef('d.tenant_id', '=', 'c.tenant_id')
        .whereRef('d.customer_id', '=', 'c.id')
        .as('last_doc'),
      eb
        .selectFrom('customer_ledger as l')
        .select((s) => s.fn.max('l.created_at').as('m'))
        .whereRef('l.tenant_id', '=', 'c.tenant_id')
        .whereRef('l.customer_id', '=', 'c.id')
        .as('last_ledger'),
      eb
        .selectFrom('consent_events as e')
        .select((s) => s.fn.max('e.recorded_at').as('m'))
        .whereRef('e.tenant_id', '=', 'c.tenant_id')
        .whereRef('e.customer_id', '=', 'c.id')
        .as('last_consent'),
      eb
        .selectFrom('consent_current as cc')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('cc.tenant_id', '=', 'c.tenant_id')
        .whereRef('cc.customer_id', '=', 'c.id')
        .where('cc.granted', '=', 1)
        .where('cc.purpose', 'in', contactPurposes)
        .as('contact_consents'),
      eb
        .selectFrom('privacy_requests as r')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('r.tenant_id', '=', 'c.tenant_id')
        .whereRef('r.customer_id', '=', 'c.id')
        .where('r.status', 'in', ['open', 'pending_verification'])
        .as('open_requests'),
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('k.erased_at', 'is', null)
    .where('c.updated_at', '<', soon)
    .where('c.created_at', '<', soon)
    .orderBy('c.id')
    .execute();
  const anonymise: string[] = [];
  const notify: string[] = [];
  const held: Record<string, number> = {};
  const hold = (reason: string) => (held[reason] = (held[reason] ?? 0) + 1);
  for (const r of rows) {
    const last = [r.updated_at, r.created_at, r.last_doc, r.last_ledger, r.last_consent]
      .filter((v): v is string => typeof v === 'string')
      .reduce((a, b) => (a > b ? a : b));
    if (last >= soon) continue;
    if (Number(r.balance) !== 0) hold('balance_outstanding');
    else if (Number(r.open_requests) > 0) hold('open_privacy_request');
    else if (Number(r.contact_consents) === 0) {
      if (last < cutoff.toISOString()) anonymise.push(r.id);
    } else if (r.notified_at === null || r.notified_at < last) notify.push(r.id);
    else if (r.anonymise_after !== null && r.anonymise_after <= now.toISOString()) anonymise.push(r.id);
    else hold('notice_period');
  }
  return {
    cutoff: cutoff.toISOString(),
    held,
    actions: [
      action('notify', 'customers', notify.slice(0, RUN_LIMIT)),
      action('anonymise', 'customers', anonymise.slice(0, RUN_LIMIT)),
    ],
  };
}
