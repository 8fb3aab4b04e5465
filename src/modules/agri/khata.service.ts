/**
 * The farmer's khata through the season (issue 17) over the customer ledger: the shop's khata
 * settings (interest off by default, its rate and grace days, the day each crop season's credit
 * falls due, SMS reminders), a farmer's position on a day (balance, due, overdue, interest,
 * ageing: the pure functions of `domain/agri/khata.ts` over the ledger's entries), the
 * statement of a period (opening balance, entries, closing balance and the position on its last
 * day) and the overdue reminders queued through the outbox to farmers who consented to SMS.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { formatIndianDate, istDateOf } from '../../domain/gst/index.js';
import { formatRupees } from '../../domain/money/money.js';
import {
  khataPosition,
  type InterestRule,
  type KhataCharge,
  type KhataPayment,
  type KhataPosition,
} from '../../domain/agri/khata.js';
import {
  addDays,
  cropSeasons,
  defaultSeasonDue,
  seasonDueDate,
  seasonOf,
  type CropSeason,
  type MonthDay,
} from '../../domain/agri/season.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import { reminderPurposeOf } from '../privacy/consent.service.js';

export interface KhataSettings {
  interest: InterestRule;
  seasonDue: Record<CropSeason, MonthDay>;
  remindersEnabled: boolean;
}

export const defaultKhataSettings: KhataSettings = {
  interest: { enabled: false, rateBp: 0, graceDays: 0 },
  seasonDue: { ...defaultSeasonDue },
  remindersEnabled: false,
};

/** One line of a statement: a credit sale (debit), a payment or refund to the khata (credit). */
export interface StatementEntry {
  date: string;
  kind: string;
  /** The bill the entry refers to (its number), when there is one. */
  billNumber: string | null;
  method: string | null;
  /** The due date of a credit sale. */
  dueDate: string | null;
  debitPaise: number;
  creditPaise: number;
  balancePaise: number;
}

export interface KhataStatement {
  shop: string;
  farmer: string;
  from: string;
  to: string;
  openingPaise: number;
  entries: StatementEntry[];
  closingPaise: number;
  position: KhataPosition;
  interest: InterestRule;
  /** Closing balance plus interest on the overdue amounts. */
  payablePaise: number;
}

interface LedgerRow {
  kind: string;
  amount: number;
  balance_after: number;
  method: string | null;
  ref_id: string | null;
  created_at: string;
  number: string | null;
}

/** The IST day's first instant. */
const istStart = (day: string): string => new Date(`${day}T00:00:00+05:30`).toISOString();

export interface KhataDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  /** The farmer's name for the statement (decrypted by the customers module). */
  farmerName(tenantId: string, customerId: string): Promise<string>;
  outbox?: NotificationOutbox;
}

export class KhataService {
  constructor(private readonly deps: KhataDeps) {}

  private today(): string {
    return istDateOf(this.deps.clock.now());
  }

  async settings(actor: ServiceActor): Promise<KhataSettings> {
    requireActorPermission(actor, 'customer.read', 'reading khata settings');
    return this.settingsOf(this.deps.db, actor.tenantId);
  }

  private async settingsOf(db: Kysely<Database>, tenantId: string): Promise<KhataSettings> {
    const row = await db
      .selectFrom('khata_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (row === undefined) return structuredClone(defaultKhataSettings);
    return {
      interest: {
        enabled: row.interest_enabled === 1,
        rateBp: row.interest_rate_bp,
        graceDays: row.grace_days,
      },
      seasonDue: { kharif: row.kharif_due, rabi: row.rabi_due, zaid: row.zaid_due },
      remindersEnabled: row.reminders_enabled === 1,
    };
  }

  async setSettings(actor: ServiceActor, input: KhataSettings): Promise<KhataSettings> {
    requireActorPermission(actor, 'settings.manage', 'changing khata settings');
    for (const season of cropSeasons) {
      const md = input.seasonDue[season];
      if (Number.isNaN(Date.parse(`2024-${md}T00:00:00Z`)) || `2024-${md}` !== addDays(`2024-${md}`, 0))
        throw invalid(`seasonDue.${season}`, 'must be a day of the year (month and day)');
    }
    if (input.interest.enabled && input.interest.rateBp <= 0)
      throw invalid('interest.rateBp', 'give the yearly interest rate, or switch interest off');
    const now = this.deps.clock.now().toISOString();
    const values = {
      interest_enabled: input.interest.enabled ? 1 : 0,
      interest_rate_bp: input.interest.rateBp,
      grace_days: input.interest.graceDays,
      kharif_due: input.seasonDue.kharif,
      rabi_due: input.seasonDue.rabi,
      zaid_due: input.seasonDue.zaid,
      reminders_enabled: input.remindersEnabled ? 1 : 0,
      updated_by: actor.userId,
      updated_at: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('khata_settings')
        .values({ tenant_id: actor.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'khata.settings.update',
        objectType: 'tenant',
        objectId: actor.tenantId,
        outcome: 'success',
        details: {
          interestEnabled: input.interest.enabled,
          rateBp: input.interest.rateBp,
          graceDays: input.interest.graceDays,
          kharifDue: input.seasonDue.kharif,
          rabiDue: input.seasonDue.rabi,
          zaidDue: input.seasonDue.zaid,
          remindersEnabled: input.remindersEnabled,
        },
      });
    });
    return input;
  }

  /** The ledger rows of a customer up to the end of IST day `to` (oldest first). */
  private async ledger(
    db: Kysely<Database>,
    tenantId: string,
    customerId: string,
    to: string,
  ): Promise<LedgerRow[]> {
    const customer = await db
      .selectFrom('customers')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (customer === undefined) throw notFound('customer');
    return db
      .selectFrom('customer_ledger as l')
      .leftJoin('sales_documents as d', (j) =>
        j.onRef('d.tenant_id', '=', 'l.tenant_id').onRef('d.id', '=', 'l.ref_id'),
      )
      .select(['l.kind', 'l.amount', 'l.balance_after', 'l.method', 'l.ref_id', 'l.created_at', 'd.number'])
      .where('l.tenant_id', '=', tenantId)
      .where('l.customer_id', '=', customerId)
      .where('l.created_at', '<', istStart(addDays(to, 1)))
      .orderBy('l.created_at')
      .orderBy('l.id')
      .execute();
  }

  /** The khata's charges (credit sales with their season's due date) and payments. */
  private split(
    rows: readonly LedgerRow[],
    settings: KhataSettings,
  ): { charges: KhataCharge[]; payments: KhataPayment[] } {
    const charges: KhataCharge[] = [];
    const payments: KhataPayment[] = [];
    rows.forEach((r, i) => {
      const date = istDateOf(r.created_at);
      if (r.amount > 0)
        charges.push({
          id: String(i),
          date,
          dueDate: seasonDueDate(seasonOf(date), date, settings.seasonDue),
          amountPaise: r.amount,
        });
      else if (r.amount < 0) payments.push({ date, amountPaise: -r.amount });
    });
    return { charges, payments };
  }

  /** A farmer's position on `asOf` (default today): balance, due, overdue, interest, ageing. */
  async position(actor: ServiceActor, customerId: string, asOf?: string): Promise<KhataPosition> {
    requireActorPermission(actor, 'customer.read', "reading a farmer's khata");
    const day = asOf ?? this.today();
    const settings = await this.settingsOf(this.deps.db, actor.tenantId);
    const rows = await this.ledger(this.deps.db, actor.tenantId, customerId, day);
    const { charges, payments } = this.split(rows, settings);
    return khataPosition(charges, payments, day, settings.interest);
  }

  /** The statement of a period: opening, entries, closing, and the position on its last day. */
  async statement(
    actor: ServiceActor,
    customerId: string,
    period: { from: string; to: string },
  ): Promise<KhataStatement> {
    requireActorPermission(actor, 'customer.read', "reading a farmer's statement");
    if (period.from > period.to) throw invalid('from', 'the statement must start on or before its end');
    const { db } = this.deps;
    const settings = await this.settingsOf(db, actor.tenantId);
    const rows = await this.ledger(db, actor.tenantId, customerId, period.to);
    const { charges, payments } = this.split(rows, settings);
    const position = khataPosition(charges, payments, period.to, settings.interest);
    const fromInstant = istStart(period.from);
    const before = rows.filter((r) => r.created_at < fromInstant);
    const openingPaise = before.at(-1)?.balance_after ?? 0;
    const entries = rows
      .filter((r) => r.created_at >= fromInstant)
      .map((r) => {
        const date = istDateOf(r.created_at);
        return {
          date,
          kind: r.kind,
          billNumber: r.number,
          method: r.method,
          dueDate: r.amount > 0 ? seasonDueDate(seasonOf(date), date, settings.seasonDue) : null,
          debitPaise: r.amount > 0 ? r.amount : 0,
          creditPaise: r.amount < 0 ? -r.amount : 0,
          balancePaise: r.balance_after,
        };
      });
    const closingPaise = rows.at(-1)?.balance_after ?? 0;
    const tenant = await db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', actor.tenantId)
      .executeTakeFirstOrThrow();
    const farmer = await this.deps.farmerName(actor.tenantId, customerId);
    await db.transaction().execute((trx) =>
      this.deps.audit.record(trx, actor.audit, {
        action: 'customer.statement.read',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: { from: period.from, to: period.to, entries: entries.length },
      }),
    );
    return {
      shop: tenant.name,
      farmer,
      from: period.from,
      to: period.to,
      openingPaise,
      entries,
      closingPaise,
      position,
      interest: settings.interest,
      payablePaise: closingPaise + position.interestPaise,
    };
  }

  /**
   * Queues an SMS reminder to every farmer of a tenant whose khata is overdue and who consented
   * to SMS (when the shop turned reminders on), once per farmer and earliest overdue due date.
   * Returns how many were queued.
   */
  async queueReminders(tenantId: string): Promise<number> {
    const { db, outbox } = this.deps;
    if (outbox === undefined) return 0;
    const settings = await this.settingsOf(db, tenantId);
    if (!settings.remindersEnabled) return 0;
    const today = this.today();
    const shop = await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
    const farmers = await db
      .selectFrom('customers as c')
      .innerJoin('consent_current as k', (j) =>
        j.onRef('k.tenant_id', '=', 'c.tenant_id').onRef('k.customer_id', '=', 'c.id'),
      )
      .select('c.id')
      .where('c.tenant_id', '=', tenantId)
      .where('c.balance', '>', 0)
      .where('c.phone_enc', 'is not', null)
      .where('k.purpose', '=', reminderPurposeOf.sms)
      .where('k.granted', '=', 1)
      .orderBy('c.id')
      .execute();
    let queued = 0;
    for (const { id: customerId } of farmers) {
      const rows = await this.ledger(db, tenantId, customerId, today);
      const { charges, payments } = this.split(rows, settings);
      const position = khataPosition(charges, payments, today, settings.interest);
      if (position.overduePaise <= 0 || position.nextDueDate === null) continue;
      const dueDate = position.nextDueDate;
      const text =
        `${shop?.name ?? 'Your shop'}: Rs ${formatRupees(position.overduePaise)} of your khata was due on ` +
        `${formatIndianDate(dueDate)}. Please pay at the shop.`;
      const sent = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto('khata_reminders')
          .values({
            tenant_id: tenantId,
            customer_id: customerId,
            due_date: dueDate,
            delivery_id: null,
            created_at: this.deps.clock.now().toISOString(),
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'customer_id', 'due_date']).doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        const deliveryId = await outbox.enqueueForCustomer(trx, tenantId, {
          kind: 'khata_reminder',
          refId: null,
          customerId,
          channel: 'sms',
          email: { subject: 'Khata reminder', text },
          sms: { text },
        });
        await trx
          .updateTable('khata_reminders')
          .set({ delivery_id: deliveryId })
          .where('tenant_id', '=', tenantId)
          .where('customer_id', '=', customerId)
          .where('due_date', '=', dueDate)
          .execute();
        return true;
      });
      if (sent) queued += 1;
    }
    return queued;
  }
}
