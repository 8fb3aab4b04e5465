/**
 * Packages, memberships and wallets outside the bill: plans on sale, a client's packages and
 * wallets, refunds and transfers of packages, loading wallets (a voucher: no GST, a receipt, not an
 * invoice), expiry (a daily job) and the liability report (unused sessions at the price paid per
 * session, wallet balances). Selling and redeeming happen at the counter (`salon-checkout`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import { findCustomer } from '../customers/customer.repository.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { addDays, sessionsLeft, sessionValue } from '../../domain/salon/prepaid.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { insertItems } from '../catalog/item.repository.js';
import { itemRows } from '../catalog/item.rules.js';
import type { ClientPackagesTable } from '../../db/tables/salon.tables.js';
import { requireCustomer } from './appointment.service.js';
import { addPackageEvent, findPackage, moveWallet, takeSessions } from './prepaid.repository.js';
import type { MembershipPlanInput, PackagePlanInput, WalletLoadInput } from './salon.schemas.js';
import { refundPayment, toBp, type RefundInput } from './salon.schemas.js';
import { servicesOf } from './salon-services.service.js';
import type { CreditNoteService } from '../billing/credit-note.service.js';

export interface PackagePlanView {
  id: string;
  name: string;
  variantId: string;
  serviceId: string;
  serviceName: string;
  sessions: number;
  pricePaise: number;
  validityDays: number;
  transferable: boolean;
  refundable: boolean;
}

export interface ClientPackageView {
  id: string;
  planId: string;
  name: string;
  serviceId: string;
  customerId: string;
  sessionsTotal: number;
  sessionsUsed: number;
  sessionsRefunded: number;
  sessionsExpired: number;
  sessionsLeft: number;
  pricePaise: number;
  expiresOn: string;
  status: string;
  transferable: boolean;
  refundable: boolean;
}

export interface MembershipPlanView {
  id: string;
  name: string;
  variantId: string;
  pricePaise: number;
  discountPercent: number;
  validityDays: number;
}

export interface WalletView {
  id: string;
  customerId: string;
  balancePaise: number;
  expiresOn: string;
  status: string;
  ledger: Array<{
    seq: number;
    kind: string;
    paidPaise: number;
    valuePaise: number;
    balanceAfterPaise: number;
    invoiceId: string | null;
    at: string;
  }>;
}

export interface LiabilityReport {
  date: string;
  packages: Array<{
    packageId: string;
    name: string;
    sessionsLeft: number;
    valuePaise: number;
    expiresOn: string;
  }>;
  packagesPaise: number;
  wallets: Array<{ walletId: string; balancePaise: number; expiresOn: string }>;
  walletsPaise: number;
  totalPaise: number;
}

export interface PrepaidDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  /** Billing's credit notes: a refund of unused sessions reverses their tax through one. */
  creditNotes: CreditNoteService;
}

/** A package after a refund, with the credit note that reversed the refunded advance and its tax. */
export interface PackageRefund extends ClientPackageView {
  creditNote: { id: string; number: string; totalPaise: number };
}

export class PrepaidService {
  constructor(private readonly deps: PrepaidDeps) {}

  async createPackagePlan(actor: ServiceActor, input: PackagePlanInput): Promise<PackagePlanView> {
    requireActorPermission(actor, 'salon.manage', 'setting up packages');
    const [service] = await servicesOf(this.deps.db, actor.tenantId, input.serviceId, true);
    if (service === undefined) throw invalid('serviceId', 'no such service');
    const id = newId();
    await this.#saleItem(
      actor,
      input.name,
      service.sac,
      input.pricePaise,
      service.priceIncludesTax,
      async (trx, variantId, now) => {
        await trx
          .insertInto('package_plans')
          .values({
            tenant_id: actor.tenantId,
            id,
            name: input.name,
            variant_id: variantId,
            service_variant_id: input.serviceId,
            sessions: input.sessions,
            validity_days: input.validityDays,
            transferable: input.transferable ? 1 : 0,
            refundable: input.refundable ? 1 : 0,
            active: 1,
            created_at: now,
          })
          .execute();
        await this.deps.audit.record(trx, actor.audit, {
          action: 'salon.package_plan.create',
          objectType: 'package_plan',
          objectId: id,
          outcome: 'success',
          details: { sessions: input.sessions, pricePaise: input.pricePaise },
        });
      },
    );
    const plan = (await this.packagePlans(actor)).find((p) => p.id === id);
    if (plan === undefined) throw notFound('package');
    return plan;
  }

  async packagePlans(actor: ServiceActor): Promise<PackagePlanView[]> {
    const rows = await this.deps.db
      .selectFrom('package_plans as p')
      .innerJoin('item_variants as v', (j) =>
        j.onRef('v.tenant_id', '=', 'p.tenant_id').onRef('v.id', '=', 'p.variant_id'),
      )
      .select([
        'p.id',
        'p.name',
        'p.variant_id',
        'p.service_variant_id',
        'p.sessions',
        'p.validity_days',
        'p.transferable',
        'p.refundable',
        'v.price',
      ])
      .where('p.tenant_id', '=', actor.tenantId)
      .where('p.active', '=', 1)
      .orderBy('p.name')
      .orderBy('p.id')
      .execute();
    const services = new Map(
      (await servicesOf(this.deps.db, actor.tenantId, undefined, true)).map((s) => [s.id, s.name]),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      variantId: r.variant_id,
      serviceId: r.service_variant_id,
      serviceName: services.get(r.service_variant_id) ?? '',
      sessions: r.sessions,
      pricePaise: Number(r.price),
      validityDays: r.validity_days,
      transferable: r.transferable === 1,
      refundable: r.refundable === 1,
    }));
  }

  async createMembershipPlan(actor: ServiceActor, input: MembershipPlanInput): Promise<MembershipPlanView> {
    requireActorPermission(actor, 'salon.manage', 'setting up memberships');
    const id = newId();
    await this.#saleItem(actor, input.name, '999721', input.pricePaise, true, async (trx, variantId, now) => {
      await trx
        .insertInto('membership_plans')
        .values({
          tenant_id: actor.tenantId,
          id,
          name: input.name,
          variant_id: variantId,
          discount_bp: toBp(input.discountPercent),
          validity_days: input.validityDays,
          active: 1,
          created_at: now,
        })
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'salon.membership_plan.create',
        objectType: 'membership_plan',
        objectId: id,
        outcome: 'success',
        details: { discountBp: toBp(input.discountPercent) },
      });
    });
    const plan = (await this.membershipPlans(actor)).find((p) => p.id === id);
    if (plan === undefined) throw notFound('membership');
    return plan;
  }

  async membershipPlans(actor: ServiceActor): Promise<MembershipPlanView[]> {
    const rows = await this.deps.db
      .selectFrom('membership_plans as m')
      .innerJoin('item_variants as v', (j) =>
        j.onRef('v.tenant_id', '=', 'm.tenant_id').onRef('v.id', '=', 'm.variant_id'),
      )
      .select(['m.id', 'm.name', 'm.variant_id', 'm.discount_bp', 'm.validity_days', 'v.price'])
      .where('m.tenant_id', '=', actor.tenantId)
      .where('m.active', '=', 1)
      .orderBy('m.name')
      .orderBy('m.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      variantId: r.variant_id,
      pricePaise: Number(r.price),
      discountPercent: r.discount_bp / 100,
      validityDays: r.validity_days,
    }));
  }

  /** A client's packages (all, newest first) and the membership running today, if any. */
  async clientPackages(actor: ServiceActor, customerId: string): Promise<ClientPackageView[]> {
    requireActorPermission(actor, 'customer.read', 'seeing clients');
    await findCustomer(this.deps.db, actor.tenantId, customerId); // 404 for a client not of this shop
    const rows = await this.deps.db
      .selectFrom('client_packages')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('customer_id', '=', customerId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return this.#packageViews(actor.tenantId, rows);
  }

  /** The client's membership running today (the best discount when several overlap), or null. */
  async clientMembership(
    actor: ServiceActor,
    customerId: string,
  ): Promise<{ name: string; discountPercent: number; endsOn: string } | null> {
    requireActorPermission(actor, 'customer.read', 'seeing clients');
    const running = await this.activeMembership(
      this.deps.db,
      actor.tenantId,
      customerId,
      istDateOf(this.deps.clock.now()),
    );
    return running === undefined
      ? null
      : { name: running.name, discountPercent: running.discountBp / 100, endsOn: running.endsOn };
  }

  async package(actor: ServiceActor, packageId: string): Promise<ClientPackageView> {
    const row = await findPackage(this.deps.db, actor.tenantId, packageId);
    const [view] = await this.#packageViews(actor.tenantId, [row]);
    if (view === undefined) throw notFound('package');
    return view;
  }

  async activeMembership(
    db: Kysely<Database>,
    tenantId: string,
    customerId: string,
    date: string,
  ): Promise<{ id: string; name: string; discountBp: number; endsOn: string } | undefined> {
    const row = await db
      .selectFrom('client_memberships as c')
      .innerJoin('membership_plans as m', (j) =>
        j.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.id', '=', 'c.plan_id'),
      )
      .select(['c.id', 'm.name', 'm.discount_bp', 'c.ends_on'])
      .where('c.tenant_id', '=', tenantId)
      .where('c.customer_id', '=', customerId)
      .where('c.starts_on', '<=', date)
      .where('c.ends_on', '>=', date)
      .orderBy('m.discount_bp', 'desc')
      .orderBy('c.id')
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : { id: row.id, name: row.name, discountBp: row.discount_bp, endsOn: row.ends_on };
  }

  /**
   * Refunds unused sessions at the price paid per session (refundable packages only). The advance
   * was taxed when the package was sold, so the refund is a credit note against that sale
   * (CGST s.34): a value credit on the package's invoice line, tax included at the line's rate,
   * paid back by `method`, in the same transaction as the sessions taken (so a refund and a
   * redemption of the same last session cannot both succeed).
   */
  async refundSessions(actor: ServiceActor, packageId: string, input: RefundInput): Promise<PackageRefund> {
    requireActorPermission(actor, 'credit_note.create', 'refunding packages');
    const { db, clock, creditNotes } = this.deps;
    const pkg = await findPackage(db, actor.tenantId, packageId);
    const plan = await this.#plan(actor.tenantId, pkg.plan_id);
    if (plan.refundable !== 1) throw invalid('packageId', 'this package cannot be refunded');
    if (input.sessions > sessionsLeft(toState(pkg)))
      throw invalid('sessions', `only ${String(sessionsLeft(toState(pkg)))} sessions are left to refund`);
    const note = await creditNotes.plan(
      actor,
      pkg.invoice_id,
      `Refund of ${String(input.sessions)} unused package sessions`,
      null,
    );
    const line = note.originalDoc.lines.find((l) => l.itemId === plan.variant_id);
    if (line === undefined) throw invalid('packageId', 'the sale of this package is not on its invoice');
    const now = clock.now();
    const date = istDateOf(now);
    // What a refund of this many sessions would pay back, priced before the lock and again under it.
    const estimate = sessionValue(
      pkg.price_paise,
      pkg.sessions_total,
      input.sessions,
      pkg.sessions_used + pkg.sessions_refunded + pkg.sessions_expired,
    );
    const approval = await creditNotes.authorizeRefund(actor, note, {
      refunds: [{ method: 'cash', amountPaise: estimate }],
      ...(input.approvalId === undefined ? {} : { approvalId: input.approvalId }),
    });
    // Refund rows are sealed before the transaction (their encryption reads keys outside it).
    const refunds = await creditNotes.planRefunds(
      actor,
      [refundPayment(input, estimate)],
      pkg.customer_id !== null,
    );
    const issued = await db.transaction().execute(async (trx) => {
      const after = await takeSessions(
        trx,
        actor.tenantId,
        packageId,
        'sessions_refunded',
        input.sessions,
        date,
        now.toISOString(),
      );
      const valuedBefore =
        after.sessions_used + after.sessions_refunded + after.sessions_expired - input.sessions;
      const amount = sessionValue(after.price_paise, after.sessions_total, input.sessions, valuedBefore);
      if (amount !== estimate)
        throw new AppError('conflict', 'this package changed while refunding: try again', 'sessions');
      const written = await creditNotes.write(
        trx,
        actor,
        note,
        [{ lineNumber: line.number, amountPaise: amount }],
        () => refunds,
      );
      if (approval !== null) await creditNotes.recordRefundOverride(trx, actor, note.id, approval);
      await finishIfEmpty(trx, after, now.toISOString(), 'refunded');
      await addPackageEvent(trx, {
        tenant_id: actor.tenantId,
        package_id: packageId,
        kind: 'refunded',
        sessions: input.sessions,
        amount_paise: amount,
        // The credit note that reversed the refunded advance.
        invoice_id: note.id,
        customer_id: null,
        actor_id: actor.userId,
        created_at: now.toISOString(),
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'salon.package.refund',
        objectType: 'package',
        objectId: packageId,
        outcome: 'success',
        details: {
          sessions: input.sessions,
          amountPaise: amount,
          method: input.method,
          creditNoteId: note.id,
        },
      });
      return { id: note.id, number: written.number, totalPaise: written.totalPaise };
    });
    return { ...(await this.package(actor, packageId)), creditNote: issued };
  }

  /**
   * Moves a transferable package, with what is left of it, to another client: only an active
   * package within its dates, to a different client of the shop; the sessions, price and expiry
   * go with it unchanged (no sale, no tax), and the move is a package event and an audit entry.
   */
  async transfer(actor: ServiceActor, packageId: string, toCustomerId: string): Promise<ClientPackageView> {
    requireActorPermission(actor, 'customer.write', 'transferring packages');
    const { db, clock } = this.deps;
    const pkg = await findPackage(db, actor.tenantId, packageId);
    const plan = await this.#plan(actor.tenantId, pkg.plan_id);
    if (plan.transferable !== 1) throw invalid('packageId', 'this package cannot be transferred');
    if (toCustomerId === pkg.customer_id) throw invalid('customerId', 'the package is already this client’s');
    // Past its last day a package is worth nothing to move, even before the expiry job marks it.
    if (pkg.status === 'active' && pkg.expires_on < istDateOf(clock.now()))
      throw invalid('packageId', 'this package has expired');
    await requireCustomer(db, actor.tenantId, toCustomerId);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('client_packages')
        .set({ customer_id: toCustomerId, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', packageId)
        .where('customer_id', '=', pkg.customer_id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new AppError('conflict', 'this package is no longer active');
      await addPackageEvent(trx, {
        tenant_id: actor.tenantId,
        package_id: packageId,
        kind: 'transferred',
        sessions: sessionsLeft(toState(pkg)),
        amount_paise: 0,
        invoice_id: null,
        customer_id: toCustomerId,
        actor_id: actor.userId,
        created_at: now,
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'salon.package.transfer',
        objectType: 'package',
        objectId: packageId,
        outcome: 'success',
      });
    });
    return this.package(actor, packageId);
  }

  /** Loads a wallet (creates the client's wallet on the first load): a voucher, no GST, a ledger entry. */
  async loadWallet(actor: ServiceActor, input: WalletLoadInput): Promise<WalletView> {
    requireActorPermission(actor, 'invoice.create', 'loading wallets');
    const { db, clock } = this.deps;
    await requireCustomer(db, actor.tenantId, input.customerId);
    const now = clock.now();
    const date = istDateOf(now);
    const expiresOn = addDays(date, input.validityDays);
    const walletId = await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('wallets')
        .select(['id', 'expires_on'])
        .where('tenant_id', '=', actor.tenantId)
        .where('customer_id', '=', input.customerId)
        .where('status', '=', 'active')
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      const id = existing?.id ?? newId();
      if (existing === undefined)
        await trx
          .insertInto('wallets')
          .values({
            tenant_id: actor.tenantId,
            id,
            customer_id: input.customerId,
            balance_paise: 0,
            entries: 0,
            expires_on: expiresOn,
            status: 'active',
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
          })
          .execute();
      else if (existing.expires_on < expiresOn)
        await trx
          .updateTable('wallets')
          .set({ expires_on: expiresOn })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .execute();
      await moveWallet(trx, actor.tenantId, id, {
        kind: 'load',
        valuePaise: input.valuePaise,
        paidPaise: input.paidPaise,
        method: input.method,
        invoiceId: null,
        actorId: actor.userId,
        now: now.toISOString(),
        date,
        field: 'customerId',
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'salon.wallet.load',
        objectType: 'wallet',
        objectId: id,
        outcome: 'success',
        details: { paidPaise: input.paidPaise, valuePaise: input.valuePaise, method: input.method },
      });
      return id;
    });
    return this.wallet(actor, walletId);
  }

  async wallet(actor: ServiceActor, walletId: string): Promise<WalletView> {
    const { db } = this.deps;
    const row = await db
      .selectFrom('wallets')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', walletId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('wallet');
    const ledger = await db
      .selectFrom('wallet_ledger')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('wallet_id', '=', walletId)
      .orderBy('seq')
      .execute();
    return {
      id: row.id,
      customerId: row.customer_id,
      balancePaise: Number(row.balance_paise),
      expiresOn: row.expires_on,
      status: row.status,
      ledger: ledger.map((e) => ({
        seq: Number(e.seq),
        kind: e.kind,
        paidPaise: Number(e.paid_paise),
        valuePaise: Number(e.value_paise),
        balanceAfterPaise: Number(e.balance_after),
        invoiceId: e.invoice_id,
        at: e.created_at,
      })),
    };
  }

  async clientWallets(actor: ServiceActor, customerId: string): Promise<WalletView[]> {
    requireActorPermission(actor, 'customer.read', 'seeing clients');
    const rows = await this.deps.db
      .selectFrom('wallets')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return Promise.all(rows.map((r) => this.wallet(actor, r.id)));
  }

  /**
   * Expires packages and wallets past their date: unused sessions and unredeemed value leave the
   * liability (not a supply: no tax). Returns how many of each expired.
   */
  async expire(
    tenantId: string,
    actorId: string | null = null,
  ): Promise<{ packages: number; wallets: number }> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const date = istDateOf(now);
    const packages = await db
      .selectFrom('client_packages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active')
      .where('expires_on', '<', date)
      .orderBy('id')
      .execute();
    let expiredPackages = 0;
    for (const p of packages) {
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('client_packages')
          .set((eb) => ({
            sessions_expired: eb(
              eb('sessions_total', '-', eb.ref('sessions_used')),
              '-',
              eb.ref('sessions_refunded'),
            ),
            status: 'expired',
            updated_at: now.toISOString(),
          }))
          .where('tenant_id', '=', tenantId)
          .where('id', '=', p.id)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return;
        const after = await findPackage(trx, tenantId, p.id);
        const valued = after.sessions_used + after.sessions_refunded;
        await addPackageEvent(trx, {
          tenant_id: tenantId,
          package_id: p.id,
          kind: 'expired',
          sessions: after.sessions_expired,
          amount_paise: sessionValue(after.price_paise, after.sessions_total, after.sessions_expired, valued),
          invoice_id: null,
          customer_id: null,
          actor_id: actorId,
          created_at: now.toISOString(),
        });
        expiredPackages += 1;
      });
    }
    const wallets = await db
      .selectFrom('wallets')
      .select(['id', 'balance_paise'])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active')
      .where('expires_on', '<', date)
      .orderBy('id')
      .execute();
    for (const w of wallets) {
      await db.transaction().execute(async (trx) => {
        const balance = Number(w.balance_paise);
        if (balance > 0)
          await moveWallet(trx, tenantId, w.id, {
            kind: 'expire',
            valuePaise: -balance,
            paidPaise: 0,
            method: null,
            invoiceId: null,
            actorId,
            now: now.toISOString(),
            date,
            field: 'walletId',
          });
        await trx
          .updateTable('wallets')
          .set({ status: 'expired', updated_at: now.toISOString() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', w.id)
          .execute();
      });
    }
    return { packages: expiredPackages, wallets: wallets.length };
  }

  /** What the shop owes in unused sessions and wallet value today. */
  async liability(actor: ServiceActor): Promise<LiabilityReport> {
    requireActorPermission(actor, 'report.sales', 'seeing the liability report');
    const { db, clock } = this.deps;
    const date = istDateOf(clock.now());
    const rows = await db
      .selectFrom('client_packages')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('status', '=', 'active')
      .orderBy('expires_on')
      .orderBy('id')
      .execute();
    const views = await this.#packageViews(actor.tenantId, rows);
    const packages = views
      .filter((v) => v.sessionsLeft > 0)
      .map((v) => ({
        packageId: v.id,
        name: v.name,
        sessionsLeft: v.sessionsLeft,
        valuePaise: sessionValue(
          v.pricePaise,
          v.sessionsTotal,
          v.sessionsLeft,
          v.sessionsTotal - v.sessionsLeft,
        ),
        expiresOn: v.expiresOn,
      }));
    const walletRows = await db
      .selectFrom('wallets')
      .select(['id', 'balance_paise', 'expires_on'])
      .where('tenant_id', '=', actor.tenantId)
      .where('status', '=', 'active')
      .where('balance_paise', '>', 0)
      .orderBy('expires_on')
      .orderBy('id')
      .execute();
    const wallets = walletRows.map((w) => ({
      walletId: w.id,
      balancePaise: Number(w.balance_paise),
      expiresOn: w.expires_on,
    }));
    const packagesPaise = packages.reduce((a, p) => a + p.valuePaise, 0);
    const walletsPaise = wallets.reduce((a, w) => a + w.balancePaise, 0);
    return { date, packages, packagesPaise, wallets, walletsPaise, totalPaise: packagesPaise + walletsPaise };
  }

  async #plan(tenantId: string, planId: string) {
    const plan = await this.deps.db
      .selectFrom('package_plans')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', planId)
      .executeTakeFirst();
    if (plan === undefined) throw notFound('package');
    return plan;
  }

  async #packageViews(tenantId: string, rows: readonly ClientPackagesTable[]): Promise<ClientPackageView[]> {
    if (rows.length === 0) return [];
    const plans = await this.deps.db
      .selectFrom('package_plans')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(
        'id',
        'in',
        rows.map((r) => r.plan_id),
      )
      .execute();
    const byId = new Map(plans.map((p) => [p.id, p]));
    return rows.map((r) => {
      const plan = byId.get(r.plan_id);
      const state = toState(r);
      return {
        id: r.id,
        planId: r.plan_id,
        name: plan?.name ?? '',
        serviceId: plan?.service_variant_id ?? '',
        customerId: r.customer_id,
        sessionsTotal: r.sessions_total,
        sessionsUsed: r.sessions_used,
        sessionsRefunded: r.sessions_refunded,
        sessionsExpired: r.sessions_expired,
        sessionsLeft: sessionsLeft(state),
        pricePaise: Number(r.price_paise),
        expiresOn: r.expires_on,
        status: r.status,
        transferable: plan?.transferable === 1,
        refundable: plan?.refundable === 1,
      };
    });
  }

  /** A catalog service item for a plan on sale, created with the plan in one transaction. */
  async #saleItem(
    actor: ServiceActor,
    name: string,
    sac: string,
    pricePaise: number,
    includesTax: boolean,
    write: (trx: Kysely<Database>, variantId: string, now: string) => Promise<void>,
  ): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const rows = itemRows(
      actor.tenantId,
      [
        {
          kind: 'services',
          name,
          hsnSac: sac,
          uqc: 'OTH',
          rateCategory: 'salon-service',
          priceIncludesTax: includesTax,
          variants: [{ pricePaise }],
        },
      ],
      now,
    );
    await this.deps.db.transaction().execute(async (trx) => {
      await insertItems(trx, rows.items, rows.variants);
      await write(trx, rows.variants[0]?.id ?? '', now);
    });
  }
}

export function toState(r: ClientPackagesTable) {
  return {
    sessionsTotal: r.sessions_total,
    sessionsUsed: r.sessions_used,
    sessionsRefunded: r.sessions_refunded,
    sessionsExpired: r.sessions_expired,
    expiresOn: r.expires_on,
  };
}

/** Closes a package whose sessions are all taken. */
export async function finishIfEmpty(
  trx: Kysely<Database>,
  pkg: ClientPackagesTable,
  now: string,
  status: 'used' | 'refunded',
): Promise<void> {
  if (sessionsLeft(toState(pkg)) > 0) return;
  await trx
    .updateTable('client_packages')
    .set({ status, updated_at: now })
    .where('tenant_id', '=', pkg.tenant_id)
    .where('id', '=', pkg.id)
    .execute();
}
