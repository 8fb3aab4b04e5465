/**
 * Commissions: rules per staff member or role, the report of a period computed from the staff of
 * issued invoice lines (cancelled invoices excluded) by the pure rules of
 * `domain/salon/commission.ts`, and the payout that freezes a period's report. Managers see every
 * staff member; everyone else sees only their own figures.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { divRoundHalfUp } from '../../domain/money/index.js';
import {
  computeCommissions,
  type CommissionLine,
  type CommissionRule,
  type StaffCommission,
} from '../../domain/salon/commission.js';
import { actorCan, requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { authorizeStore } from '../auth/access.policy.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { CommissionRuleInput, PeriodQuery } from './salon.schemas.js';
import { toBp } from './salon.schemas.js';
import { listStaff } from './salon-staff.js';

export interface CommissionRow extends StaffCommission {
  firstName: string;
}

export interface CommissionReport {
  storeId: string;
  from: string;
  to: string;
  /** Paid out: the figures are frozen as paid. */
  locked: boolean;
  paidAt: string | null;
  rows: CommissionRow[];
  totalPaise: number;
}

export interface RuleView {
  id: string;
  staffId: string | null;
  role: string | null;
  servicePercent: number;
  productPercent: number;
  targetPaise: number | null;
  targetBonusPercent: number | null;
}

export class CommissionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
  ) {}

  /** Sets the rule of a staff member or a role (replacing the one in force). */
  async setRule(actor: ServiceActor, input: CommissionRuleInput): Promise<RuleView> {
    requireActorPermission(actor, 'salon.manage', 'setting commission rules');
    if ((input.targetPaise === undefined) !== (input.targetBonusPercent === undefined))
      throw invalid('targetBonusPercent', 'give a target with its bonus');
    const id = newId();
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      let old = trx
        .updateTable('commission_rules')
        .set({ active: 0 })
        .where('tenant_id', '=', actor.tenantId)
        .where('active', '=', 1);
      old =
        input.staffId !== undefined
          ? old.where('staff_id', '=', input.staffId)
          : old.where('staff_id', 'is', null).where('role', '=', input.role ?? '');
      await old.execute();
      await trx
        .insertInto('commission_rules')
        .values({
          tenant_id: actor.tenantId,
          id,
          staff_id: input.staffId ?? null,
          role: input.staffId === undefined ? (input.role ?? null) : null,
          service_bp: toBp(input.servicePercent),
          product_bp: toBp(input.productPercent),
          target_paise: input.targetPaise ?? null,
          target_bonus_bp: input.targetBonusPercent === undefined ? null : toBp(input.targetBonusPercent),
          active: 1,
          created_at: now,
        })
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'salon.commission_rule.set',
        objectType: 'commission_rule',
        objectId: id,
        outcome: 'success',
        details: { servicePercent: input.servicePercent, productPercent: input.productPercent },
      });
    });
    return (await this.rules(actor)).find((r) => r.id === id) as RuleView;
  }

  async rules(actor: ServiceActor): Promise<RuleView[]> {
    return (await activeRules(this.db, actor.tenantId)).map(({ id, rule }) => ({
      id,
      staffId: rule.staffId,
      role: rule.role,
      servicePercent: rule.serviceBp / 100,
      productPercent: rule.productBp / 100,
      targetPaise: rule.targetPaise,
      targetBonusPercent: rule.targetBonusBp === null ? null : rule.targetBonusBp / 100,
    }));
  }

  /** The period's report: frozen if paid, computed otherwise; only the caller's own row unless a manager. */
  async report(actor: ServiceActor, period: PeriodQuery): Promise<CommissionReport> {
    checkPeriod(period);
    const all = actorCan(actor, 'commission.read');
    if (!all && !actorCan(actor, 'commission.own'))
      throw new AppError('forbidden', 'your role does not allow seeing commissions');
    if (all) await authorizeStore(this.db, actor, 'commission.read', period.storeId);
    const report = await this.#full(actor.tenantId, period);
    if (all) return report;
    const rows = report.rows.filter((r) => r.staffId === actor.userId);
    return { ...report, rows, totalPaise: rows.reduce((a, r) => a + r.totalPaise, 0) };
  }

  /** Pays out a period: its report is frozen and later sales or rule changes no longer move it. */
  async pay(actor: ServiceActor, period: PeriodQuery): Promise<CommissionReport> {
    requireActorPermission(actor, 'salon.manage', 'paying commissions');
    await authorizeStore(this.db, actor, 'salon.manage', period.storeId);
    checkPeriod(period);
    const report = await this.#full(actor.tenantId, period);
    if (report.locked) throw new AppError('conflict', 'this period is already paid');
    const overlapping = await this.db
      .selectFrom('commission_periods')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('store_id', '=', period.storeId)
      .where('from_date', '<=', period.to)
      .where('to_date', '>=', period.from)
      .executeTakeFirst();
    if (overlapping !== undefined)
      throw new AppError('conflict', 'part of this period is already paid', 'from');
    const now = this.clock.now().toISOString();
    const paid = { ...report, locked: true, paidAt: now };
    try {
      await this.db.transaction().execute(async (trx) => {
        const id = newId();
        await trx
          .insertInto('commission_periods')
          .values({
            tenant_id: actor.tenantId,
            id,
            store_id: period.storeId,
            from_date: period.from,
            to_date: period.to,
            report: JSON.stringify(paid),
            paid_by: actor.userId ?? 'operator',
            paid_at: now,
          })
          .execute();
        await this.audit.record(trx, actor.audit, {
          action: 'salon.commission.pay',
          objectType: 'commission_period',
          objectId: id,
          outcome: 'success',
          details: { from: period.from, to: period.to, totalPaise: paid.totalPaise, staff: paid.rows.length },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('conflict', 'this period is already paid');
      throw error;
    }
    return paid;
  }

  async #full(tenantId: string, period: PeriodQuery): Promise<CommissionReport> {
    const frozen = await this.db
      .selectFrom('commission_periods')
      .select('report')
      .where('tenant_id', '=', tenantId)
      .where('store_id', '=', period.storeId)
      .where('from_date', '=', period.from)
      .where('to_date', '=', period.to)
      .executeTakeFirst();
    if (frozen !== undefined) return JSON.parse(frozen.report) as CommissionReport;
    const lines = await periodLines(this.db, tenantId, period);
    const rules = (await activeRules(this.db, tenantId)).map((r) => r.rule);
    const staffIds = [...new Set(lines.flatMap((l) => l.staff.map((s) => s.staffId)))];
    const staff = new Map(
      (await listStaff(this.db, this.cipher, tenantId, staffIds)).map((s) => [s.staffId, s]),
    );
    const rows = computeCommissions(lines, rules, (id) => staff.get(id)?.roles ?? []).map((c) => ({
      ...c,
      firstName: staff.get(c.staffId)?.firstName ?? 'Staff',
    }));
    return {
      storeId: period.storeId,
      from: period.from,
      to: period.to,
      locked: false,
      paidAt: null,
      rows,
      totalPaise: rows.reduce((a, r) => a + r.totalPaise, 0),
    };
  }
}

function checkPeriod(period: PeriodQuery): void {
  if (period.to < period.from) throw invalid('to', 'the period ends before it starts');
}

async function activeRules(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Array<{ id: string; rule: CommissionRule }>> {
  const rows = await db
    .selectFrom('commission_rules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    rule: {
      staffId: r.staff_id,
      role: r.role,
      serviceBp: Number(r.service_bp),
      productBp: Number(r.product_bp),
      targetPaise: r.target_paise === null ? null : Number(r.target_paise),
      targetBonusBp: r.target_bonus_bp === null ? null : Number(r.target_bonus_bp),
    },
  }));
}

/** Lines of the period's issued, uncancelled invoices that name their staff. */
async function periodLines(
  db: Kysely<Database>,
  tenantId: string,
  period: PeriodQuery,
): Promise<CommissionLine[]> {
  const rows = await db
    .selectFrom('invoice_line_staff as s')
    .innerJoin('sales_documents as d', (j) =>
      j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.document_id'),
    )
    .innerJoin('sales_document_lines as l', (j) =>
      j
        .onRef('l.tenant_id', '=', 's.tenant_id')
        .onRef('l.document_id', '=', 's.document_id')
        .onRef('l.line_no', '=', 's.line_number'),
    )
    .leftJoin('sales_cancellations as c', (j) =>
      j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.document_id', '=', 'd.id'),
    )
    .select([
      's.document_id',
      's.line_number',
      's.staff_id',
      's.share_bp',
      'l.taxable',
      'l.is_service',
      'l.variant_id',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('d.store_id', '=', period.storeId)
    .where('d.doc_type', '=', 'invoice')
    .where('d.doc_date', '>=', period.from)
    .where('d.doc_date', '<=', period.to)
    .where('c.document_id', 'is', null)
    .orderBy('s.document_id')
    .orderBy('s.line_number')
    .orderBy('s.staff_id')
    .execute();
  const prepaidSales = await prepaidSaleVariants(db, tenantId);
  const sessions = await redeemedSessionValues(db, tenantId, [...new Set(rows.map((r) => r.document_id))]);
  const out = new Map<string, CommissionLine & { staff: Array<{ staffId: string; shareBp: number }> }>();
  for (const r of rows) {
    const key = `${r.document_id}:${r.line_number}`;
    let line = out.get(key);
    if (line === undefined) {
      const session = sessions.get(key);
      line =
        session !== undefined
          ? { kind: 'service', taxablePaise: session, staff: [] }
          : {
              kind:
                r.is_service === 1 && !(r.variant_id !== null && prepaidSales.has(r.variant_id))
                  ? 'service'
                  : 'product',
              taxablePaise: Number(r.taxable),
              staff: [],
            };
      out.set(key, line);
    }
    line.staff.push({ staffId: r.staff_id, shareBp: r.share_bp });
  }
  return [...out.values()];
}

/**
 * The catalog items that sell packages and memberships. Selling one is an advance, not a service
 * performed: a staff member named on its line earns the product (selling) rate, and the service
 * commission is earned session by session, when performed.
 */
async function prepaidSaleVariants(db: Kysely<Database>, tenantId: string): Promise<Set<string>> {
  const packages = await db
    .selectFrom('package_plans')
    .select('variant_id')
    .where('tenant_id', '=', tenantId)
    .execute();
  const memberships = await db
    .selectFrom('membership_plans')
    .select('variant_id')
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Set([...packages, ...memberships].map((r) => r.variant_id));
}

/**
 * The value of each redeemed package session on the given invoices, keyed `document:line`: the
 * price paid for the session (its share of the package, net of the discount it was sold at)
 * before tax, i.e. that price times the package sale line's taxable value over its total,
 * rounded half up to the paisa.
 */
async function redeemedSessionValues(
  db: Kysely<Database>,
  tenantId: string,
  documentIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (documentIds.length === 0) return out;
  const events = await db
    .selectFrom('package_events as e')
    .innerJoin('client_packages as p', (j) =>
      j.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.id', '=', 'e.package_id'),
    )
    .innerJoin('package_plans as pl', (j) =>
      j.onRef('pl.tenant_id', '=', 'p.tenant_id').onRef('pl.id', '=', 'p.plan_id'),
    )
    .innerJoin('sales_document_lines as sl', (j) =>
      j
        .onRef('sl.tenant_id', '=', 'p.tenant_id')
        .onRef('sl.document_id', '=', 'p.invoice_id')
        .onRef('sl.variant_id', '=', 'pl.variant_id'),
    )
    .select(['e.invoice_id', 'e.line_no', 'e.amount_paise', 'sl.taxable', 'sl.total'])
    .where('e.tenant_id', '=', tenantId)
    .where('e.kind', '=', 'redeemed')
    .where('e.line_no', 'is not', null)
    .where('e.invoice_id', 'in', documentIds)
    .orderBy('e.invoice_id')
    .orderBy('e.line_no')
    .orderBy('sl.line_no')
    .execute();
  for (const e of events) {
    const key = `${e.invoice_id ?? ''}:${String(e.line_no)}`;
    // A plan sold on two lines of one invoice: the first line prices it (same price list).
    if (out.has(key)) continue;
    const total = Number(e.total);
    out.set(
      key,
      total <= 0 ? 0 : divRoundHalfUp(BigInt(Number(e.amount_paise)) * BigInt(Number(e.taxable)), total),
    );
  }
  return out;
}
