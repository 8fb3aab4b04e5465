/**
 * The salon's counter bill: services with the staff who performed them and products on one
 * invoice, packages and memberships sold (taxed when sold: an advance for services, CGST Act
 * s.13(2)), package sessions redeemed as lines at no value (no second tax), a member's price on
 * services only, and part of the bill paid from the client's wallet (a voucher: tax falls on what
 * is bought, now). It runs through billing's checkout with a `SaleExtension`, so numbering,
 * pricing, payments, stock and audit are checkout's own, and the salon's rows commit with them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { addDays, memberPrice, sessionValue, sessionsLeft, usableOn } from '../../domain/salon/prepaid.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { CheckoutInput, DocumentView } from '../billing/checkout.schemas.js';
import type { CheckoutService, PreparedSale, SaleContext } from '../billing/checkout.service.js';
import type { AppointmentService } from './appointment.service.js';
import { addPackageEvent, findPackage, moveWallet, takeSessions } from './prepaid.repository.js';
import { finishIfEmpty, toState, type PrepaidService } from './prepaid.service.js';
import type { SalonCheckoutInput } from './salon.schemas.js';
import { listStaff } from './salon-staff.js';
import type { CustomerCipher } from '../customers/customer-crypto.js';

/** What the receipt adds for a salon bill. */
export interface SalonReceipt {
  /** Per invoice line: the first names of the staff who performed it. */
  staff: Array<{ line: number; firstNames: string[] }>;
  packages: Array<{ packageId: string; name: string; sessionsLeft: number; expiresOn: string }>;
  walletBalancePaise: number | null;
  membership: { name: string; discountPercent: number; endsOn: string } | null;
}

export interface SalonBill {
  document: DocumentView;
  salon: SalonReceipt;
}

type LinePlan =
  | { kind: 'plain'; variantId: string }
  | { kind: 'redeem'; variantId: string; packageId: string }
  | {
      kind: 'package';
      planId: string;
      variantId: string;
      sessions: number;
      validityDays: number;
      name: string;
    }
  | { kind: 'membership'; planId: string; variantId: string; validityDays: number };

export interface SalonCheckoutDeps {
  db: Kysely<Database>;
  clock: Clock;
  cipher: CustomerCipher;
  checkout: CheckoutService;
  prepaid: PrepaidService;
  appointments: AppointmentService;
}

export class SalonCheckoutService {
  constructor(private readonly deps: SalonCheckoutDeps) {}

  async checkout(actor: ServiceActor, input: SalonCheckoutInput, idempotencyKey: string): Promise<SalonBill> {
    const { db, clock } = this.deps;
    const customerId = input.customerId ?? null;
    const date = istDateOf(clock.now());
    const plans = await this.#plan(actor, input, customerId, date);
    const membership =
      customerId === null
        ? undefined
        : await this.deps.prepaid.activeMembership(db, actor.tenantId, customerId, date);
    const lines: CheckoutInput['lines'] = input.lines.map((line, i) => {
      const plan = plans[i];
      if (plan === undefined) throw invalid(`lines.${i}`, 'unknown line');
      const quantity = 'quantity' in line ? line.quantity : 1;
      return {
        variantId: plan.variantId,
        quantity,
        ...('staffIds' in line && line.staffIds !== undefined ? { staffIds: line.staffIds } : {}),
        ...('staffShares' in line && line.staffShares !== undefined ? { staffShares: line.staffShares } : {}),
      };
    });
    const checkoutInput: CheckoutInput = {
      storeId: input.storeId,
      customerId,
      lines,
      payments: input.payments,
    };
    const wallet =
      input.walletId === undefined ? undefined : { id: input.walletId, paise: input.walletPaise ?? 0 };
    if (wallet !== undefined) await this.#requireWallet(actor.tenantId, wallet.id, customerId);
    const written: SalonReceipt['packages'] = [];
    let walletBalance: number | null = null;
    const document = await this.deps.checkout.checkout(actor, checkoutInput, idempotencyKey, {
      operation: 'salon-checkout',
      request: { appointmentId: input.appointmentId ?? null, walletId: input.walletId ?? null, plans },
      adjust: (context) => adjustPrices(context, plans, membership?.discountBp),
      ...(wallet === undefined
        ? {}
        : { prepaid: { method: 'wallet' as const, amountPaise: wallet.paise, field: 'walletPaise' } }),
      write: async (trx, sale) => {
        const now = sale.draft.issuedAt;
        for (const [i, plan] of plans.entries()) {
          const quantity = lines[i]?.quantity ?? 1;
          if (plan.kind === 'redeem') {
            const after = await takeSessions(
              trx,
              actor.tenantId,
              plan.packageId,
              'sessions_used',
              quantity,
              date,
              now,
            );
            const valuedBefore =
              after.sessions_used + after.sessions_refunded + after.sessions_expired - quantity;
            await addPackageEvent(trx, {
              tenant_id: actor.tenantId,
              package_id: plan.packageId,
              kind: 'redeemed',
              sessions: quantity,
              amount_paise: sessionValue(after.price_paise, after.sessions_total, quantity, valuedBefore),
              invoice_id: sale.draft.id,
              line_no: i + 1,
              customer_id: null,
              actor_id: actor.userId,
              created_at: now,
            });
            await finishIfEmpty(trx, after, now, 'used');
          } else if (plan.kind === 'package') {
            await this.#sellPackages(trx, actor, sale, i, plan, quantity, customerId ?? '', date, written);
          } else if (plan.kind === 'membership') {
            await trx
              .insertInto('client_memberships')
              .values({
                tenant_id: actor.tenantId,
                id: newId(),
                plan_id: plan.planId,
                customer_id: customerId ?? '',
                invoice_id: sale.draft.id,
                starts_on: date,
                ends_on: addDays(date, plan.validityDays * quantity),
                created_at: now,
              })
              .execute();
          }
        }
        if (wallet !== undefined) {
          const paid = sale.draft.payments.find((p) => p.method === 'wallet')?.amount ?? 0;
          const moved = await moveWallet(trx, actor.tenantId, wallet.id, {
            kind: 'redeem',
            valuePaise: -paid,
            paidPaise: 0,
            method: null,
            invoiceId: sale.draft.id,
            actorId: actor.userId,
            now,
            date,
            field: 'walletPaise',
          });
          walletBalance = moved.balanceAfter;
        }
        if (input.appointmentId !== undefined)
          await this.deps.appointments.markBilled(trx, actor, input.appointmentId, sale.draft.id);
      },
    });
    return {
      document,
      salon: await this.receipt(actor, document, customerId, written, walletBalance, membership),
    };
  }

  /** The salon's part of a receipt for an invoice (also for a reprint). */
  async receipt(
    actor: ServiceActor,
    document: Pick<DocumentView, 'id'>,
    customerId: string | null,
    sold: SalonReceipt['packages'] = [],
    walletBalance: number | null = null,
    membership?: { name: string; discountBp: number; endsOn: string },
  ): Promise<SalonReceipt> {
    const { db } = this.deps;
    const lineStaff = await db
      .selectFrom('invoice_line_staff')
      .select(['line_number', 'staff_id'])
      .where('tenant_id', '=', actor.tenantId)
      .where('document_id', '=', document.id)
      .orderBy('line_number')
      .orderBy('share_bp', 'desc')
      .orderBy('staff_id')
      .execute();
    const names = new Map(
      (
        await listStaff(db, this.deps.cipher, actor.tenantId, [...new Set(lineStaff.map((s) => s.staff_id))])
      ).map((s) => [s.staffId, s.firstName]),
    );
    const staff: SalonReceipt['staff'] = [];
    for (const s of lineStaff) {
      let entry = staff.find((e) => e.line === s.line_number);
      if (entry === undefined) {
        entry = { line: s.line_number, firstNames: [] };
        staff.push(entry);
      }
      entry.firstNames.push(names.get(s.staff_id) ?? 'Staff');
    }
    let packages = sold;
    let balance = walletBalance;
    if (customerId !== null) {
      const all = await this.deps.prepaid.clientPackages(actor, customerId);
      packages = all
        .filter((p) => p.status === 'active')
        .map((p) => ({
          packageId: p.id,
          name: p.name,
          sessionsLeft: p.sessionsLeft,
          expiresOn: p.expiresOn,
        }));
      if (balance === null) {
        const wallets = await this.deps.prepaid.clientWallets(actor, customerId);
        const active = wallets.filter((w) => w.status === 'active');
        balance = active.length === 0 ? null : active.reduce((a, w) => a + w.balancePaise, 0);
      }
    }
    return {
      staff,
      packages,
      walletBalancePaise: balance,
      membership:
        membership === undefined
          ? null
          : {
              name: membership.name,
              discountPercent: membership.discountBp / 100,
              endsOn: membership.endsOn,
            },
    };
  }

  async #sellPackages(
    trx: Kysely<Database>,
    actor: ServiceActor,
    sale: PreparedSale,
    index: number,
    plan: Extract<LinePlan, { kind: 'package' }>,
    quantity: number,
    customerId: string,
    date: string,
    written: SalonReceipt['packages'],
  ): Promise<void> {
    const line = sale.draft.lines[index];
    const total = line?.totalPaise ?? 0;
    const now = sale.draft.issuedAt;
    for (let k = 0; k < quantity; k++) {
      const id = newId();
      const price = sessionValue(total, quantity, 1, k);
      const expiresOn = addDays(date, plan.validityDays);
      await trx
        .insertInto('client_packages')
        .values({
          tenant_id: actor.tenantId,
          id,
          plan_id: plan.planId,
          customer_id: customerId,
          invoice_id: sale.draft.id,
          expires_on: expiresOn,
          status: 'active',
          sessions_total: plan.sessions,
          sessions_used: 0,
          sessions_refunded: 0,
          sessions_expired: 0,
          price_paise: price,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await addPackageEvent(trx, {
        tenant_id: actor.tenantId,
        package_id: id,
        kind: 'sold',
        sessions: plan.sessions,
        amount_paise: price,
        invoice_id: sale.draft.id,
        customer_id: customerId,
        actor_id: actor.userId,
        created_at: now,
      });
      written.push({ packageId: id, name: plan.name, sessionsLeft: plan.sessions, expiresOn });
    }
  }

  /** What each line is, checked before pricing (the writes check again under their locks). */
  async #plan(
    actor: ServiceActor,
    input: SalonCheckoutInput,
    customerId: string | null,
    date: string,
  ): Promise<LinePlan[]> {
    const { db } = this.deps;
    const needsClient = (field: string) => {
      if (customerId === null) throw invalid(field, 'choose the client first: this belongs to a client');
    };
    const out: LinePlan[] = [];
    for (const [i, line] of input.lines.entries()) {
      if ('packagePlanId' in line) {
        needsClient(`lines.${i}.packagePlanId`);
        const plan = await db
          .selectFrom('package_plans')
          .selectAll()
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', line.packagePlanId)
          .where('active', '=', 1)
          .executeTakeFirst();
        if (plan === undefined) throw invalid(`lines.${i}.packagePlanId`, 'no such package');
        out.push({
          kind: 'package',
          planId: plan.id,
          variantId: plan.variant_id,
          sessions: plan.sessions,
          validityDays: plan.validity_days,
          name: plan.name,
        });
      } else if ('membershipPlanId' in line) {
        needsClient(`lines.${i}.membershipPlanId`);
        const plan = await db
          .selectFrom('membership_plans')
          .selectAll()
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', line.membershipPlanId)
          .where('active', '=', 1)
          .executeTakeFirst();
        if (plan === undefined) throw invalid(`lines.${i}.membershipPlanId`, 'no such membership');
        out.push({
          kind: 'membership',
          planId: plan.id,
          variantId: plan.variant_id,
          validityDays: plan.validity_days,
        });
      } else if (line.packageId !== undefined) {
        const field = `lines.${i}.packageId`;
        needsClient(field);
        const pkg = await findPackage(db, actor.tenantId, line.packageId).catch(() => {
          throw invalid(field, 'no such package');
        });
        if (pkg.customer_id !== customerId) throw invalid(field, 'no such package');
        const plan = await db
          .selectFrom('package_plans')
          .select('service_variant_id')
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', pkg.plan_id)
          .executeTakeFirstOrThrow();
        if (plan.service_variant_id !== line.variantId)
          throw invalid(field, 'this package is for another service');
        if (!usableOn(toState(pkg), date) || pkg.status !== 'active')
          throw invalid(
            field,
            sessionsLeft(toState(pkg)) > 0
              ? 'this package has expired'
              : 'no session of this package is left',
          );
        out.push({ kind: 'redeem', variantId: line.variantId, packageId: pkg.id });
      } else out.push({ kind: 'plain', variantId: line.variantId });
    }
    return out;
  }

  async #requireWallet(tenantId: string, walletId: string, customerId: string | null): Promise<void> {
    const row = await this.deps.db
      .selectFrom('wallets')
      .select('customer_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', walletId)
      .executeTakeFirst();
    if (row === undefined || row.customer_id !== customerId)
      throw invalid('walletId', 'no such wallet for this client');
  }
}

/**
 * Prices for this bill: a redeemed session's line at no value (paid and taxed when the package was
 * sold), and a member's price on services that are neither a package nor a membership sold.
 */
export function adjustPrices(
  context: SaleContext,
  plans: readonly LinePlan[],
  memberDiscountBp?: number,
): SaleContext {
  const rows = context.rows.map((row, i) => {
    const plan = plans[i];
    if (plan?.kind === 'redeem') return { ...row, price: 0, name: `${row.name} - package session` };
    if (plan?.kind === 'plain' && memberDiscountBp !== undefined && row.item_kind === 'services')
      return {
        ...row,
        price: memberPrice(Number(row.price), memberDiscountBp),
        name: `${row.name} - member price`,
      };
    return row;
  });
  return { ...context, rows };
}
