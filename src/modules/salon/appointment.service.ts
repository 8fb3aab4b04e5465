/**
 * Appointments: booking by phone or a walk-in queue, the day and week calendar per staff member,
 * check-in, cancellation and no-show, and reminders to clients who agreed to them.
 *
 * Double booking is refused under a per-staff lock: the booking transaction first updates the
 * staff member's `staff_calendars` row (PostgreSQL holds that row lock until commit; SQLite's
 * `BEGIN IMMEDIATE` already serialises writers), then checks for an overlapping live appointment
 * and inserts. A partial unique index on the start time is a second guard. Two receptionists
 * booking the same minute therefore get one appointment and one `conflict`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { endOf, istRange } from '../../domain/salon/calendar.js';
import { addDays } from '../../domain/salon/prepaid.js';
import { requireStoreVisible, type ServiceActor } from '../../kernel/actor.js';
import { systemContext, type AuditRecorder } from '../../kernel/audit.js';
import { authorizeStore } from '../auth/access.policy.js';
import { maskName } from '../auth/masking.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import { openPii, type CustomerCipher } from '../customers/customer-crypto.js';
import { reminderPurposeOf, type ConsentPurpose } from '../privacy/consent.service.js';
import type { AppointmentsTable, AppointmentStatus } from '../../db/tables/salon.tables.js';
import { requireMayPerform } from './line-staff.writer.js';
import type { BookingInput, CalendarQuery } from './salon.schemas.js';
import { servicesOf } from './salon-services.service.js';
import { listStaff, requireStaff } from './salon-staff.js';

export interface AppointmentView {
  id: string;
  storeId: string;
  staffId: string;
  staffFirstName: string;
  serviceId: string;
  serviceName: string;
  customerId: string | null;
  /** The client's name masked (`A*** V***`), or null for an anonymous walk-in. */
  customerMasked: string | null;
  startsAt: string;
  endsAt: string;
  source: 'phone' | 'walk_in';
  status: AppointmentStatus;
  queueNumber: number | null;
  reminder: 'sms' | 'email' | null;
  invoiceId: string | null;
}

export const LIVE: AppointmentStatus[] = ['booked', 'checked_in'];

export interface AppointmentDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: CustomerCipher;
}

export class AppointmentService {
  constructor(private readonly deps: AppointmentDeps) {}

  async book(actor: ServiceActor, input: BookingInput): Promise<AppointmentView> {
    const { db, clock } = this.deps;
    await authorizeStore(db, actor, 'appointment.manage', input.storeId);
    const [service] = await servicesOf(db, actor.tenantId, input.serviceId);
    if (service === undefined) throw invalid('serviceId', 'no such service');
    await requireStaff(db, actor.tenantId, [input.staffId], 'staffId');
    await requireMayPerform(db, actor.tenantId, input.serviceId, [input.staffId], 'staffId');
    if (input.customerId !== undefined && input.customerId !== null)
      await requireCustomer(db, actor.tenantId, input.customerId);
    const nowIso = clock.now().toISOString();
    if (input.startsAt !== undefined && input.startsAt < nowIso)
      throw invalid('startsAt', 'this time has passed: choose a later one');
    const id = newId();
    try {
      await db
        .transaction()
        .execute((trx) => this.insertWithin(trx, actor, id, input, service.durationMinutes, null));
    } catch (error) {
      if (isUniqueViolation(error, 'appointments')) throw slotTaken();
      throw error;
    }
    return this.get(actor, id);
  }

  /**
   * Writes a booking inside the caller's transaction under the staff member's calendar lock,
   * refusing an overlap (`conflict`). `walkIn` (the walk-in queue assigning a client now): the
   * appointment starts now, is checked in at once and keeps the queue number.
   */
  async insertWithin(
    trx: Kysely<Database>,
    actor: ServiceActor,
    id: string,
    input: BookingInput,
    durationMinutes: number,
    walkIn: { queueNumber: number } | null,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    await lockCalendar(trx, actor.tenantId, input.staffId);
    let startsAt = input.startsAt === undefined ? undefined : new Date(input.startsAt).toISOString();
    let queueNumber: number | null = walkIn?.queueNumber ?? null;
    if (input.source === 'walk_in' && walkIn === null) {
      const today = istRange(istDateOf(now));
      const walkIns = await trx
        .selectFrom('appointments')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('tenant_id', '=', actor.tenantId)
        .where('store_id', '=', input.storeId)
        .where('source', '=', 'walk_in')
        .where('created_at', '>=', today.from)
        .where('created_at', '<', today.to)
        .executeTakeFirst();
      queueNumber = Number(walkIns?.n ?? 0) + 1;
      startsAt ??= await nextFree(trx, actor.tenantId, input.staffId, nowIso, durationMinutes);
    }
    const start = startsAt ?? nowIso;
    const end = endOf(start, durationMinutes);
    const clash = await trx
      .selectFrom('appointments')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('staff_id', '=', input.staffId)
      .where('status', 'in', LIVE)
      .where('starts_at', '<', end)
      .where('ends_at', '>', start)
      .executeTakeFirst();
    if (clash !== undefined) throw slotTaken();
    await trx
      .insertInto('appointments')
      .values({
        tenant_id: actor.tenantId,
        id,
        store_id: input.storeId,
        staff_id: input.staffId,
        customer_id: input.customerId ?? null,
        service_variant_id: input.serviceId,
        starts_at: start,
        ends_at: end,
        source: input.source,
        status: walkIn === null ? 'booked' : 'checked_in',
        reminder_channel:
          input.customerId === undefined || input.customerId === null ? null : (input.reminder ?? null),
        reminded_at: null,
        checked_in_at: walkIn === null ? null : nowIso,
        invoice_id: null,
        cancel_reason: null,
        queue_number: queueNumber,
        created_by: actor.userId ?? 'operator',
        created_at: nowIso,
        updated_at: nowIso,
      })
      .execute();
    await this.deps.audit.record(trx, actor.audit, {
      action: 'appointment.book',
      objectType: 'appointment',
      objectId: id,
      outcome: 'success',
      details: {
        source: input.source,
        storeId: input.storeId,
        staffId: input.staffId,
        ...(walkIn === null ? {} : { checkedIn: true }),
      },
    });
  }

  async get(actor: ServiceActor, appointmentId: string): Promise<AppointmentView> {
    const row = await findAppointment(this.deps.db, actor.tenantId, appointmentId);
    requireStoreVisible(actor, row.store_id, 'appointment');
    const [view] = await this.#views(actor.tenantId, [row]);
    if (view === undefined) throw notFound('appointment');
    return view;
  }

  /** A day or a week (from its Monday... or from the date given) of a store, optionally one staff member. */
  async calendar(actor: ServiceActor, query: CalendarQuery): Promise<AppointmentView[]> {
    await authorizeStore(this.deps.db, actor, 'appointment.manage', query.storeId);
    const range = istRange(query.date, query.view === 'week' ? 7 : 1);
    let q = this.deps.db
      .selectFrom('appointments')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('store_id', '=', query.storeId)
      .where('starts_at', '>=', range.from)
      .where('starts_at', '<', range.to);
    if (query.staffId !== undefined) q = q.where('staff_id', '=', query.staffId);
    const rows = await q.orderBy('starts_at').orderBy('id').execute();
    return this.#views(actor.tenantId, rows);
  }

  async checkIn(actor: ServiceActor, appointmentId: string): Promise<AppointmentView> {
    return this.#move(actor, appointmentId, ['booked'], 'checked_in', 'appointment.check_in');
  }

  async close(
    actor: ServiceActor,
    appointmentId: string,
    outcome: 'cancelled' | 'no_show',
    reason?: string,
  ): Promise<AppointmentView> {
    const from: AppointmentStatus[] = outcome === 'no_show' ? ['booked'] : ['booked', 'checked_in'];
    return this.#move(actor, appointmentId, from, outcome, `appointment.${outcome}`, reason);
  }

  /**
   * Queues a reminder for each booked appointment starting within `leadMinutes` whose client's
   * current consent in the consent ledger grants reminders on the appointment's channel
   * (`reminders_sms` / `reminders_email`; a withdrawal stops later reminders, a grant made after
   * booking starts them), once (the claim on `reminded_at` makes a second run, or two at once,
   * send nothing more); each is an audit entry naming the appointment and the channel, nothing
   * personal. Returns how many were queued.
   */
  async queueReminders(
    tenantId: string,
    leadMinutes: number,
    enqueue: (
      trx: Kysely<Database>,
      row: { id: string; customerId: string; channel: 'sms' | 'email'; startsAt: string },
    ) => Promise<void>,
  ): Promise<number> {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + leadMinutes * 60_000).toISOString();
    const due = await this.deps.db
      .selectFrom('appointments')
      .select(['id', 'customer_id', 'reminder_channel', 'starts_at'])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'booked')
      .where('reminded_at', 'is', null)
      .where('reminder_channel', 'is not', null)
      .where('customer_id', 'is not', null)
      .where('starts_at', '>', now.toISOString())
      .where('starts_at', '<=', until)
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
    let sent = 0;
    for (const row of due) {
      if (row.customer_id === null || row.reminder_channel === null) continue;
      const customerId = row.customer_id;
      const channel = row.reminder_channel;
      await this.deps.db.transaction().execute(async (trx) => {
        if (!(await consentsTo(trx, tenantId, customerId, reminderPurposeOf[channel]))) return;
        const claimed = await trx
          .updateTable('appointments')
          .set({ reminded_at: now.toISOString() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', row.id)
          .where('reminded_at', 'is', null)
          .where('status', '=', 'booked')
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return;
        await enqueue(trx, { id: row.id, customerId, channel, startsAt: row.starts_at });
        await this.deps.audit.record(trx, systemContext(tenantId, 'salon-reminders'), {
          action: 'appointment.reminder',
          objectType: 'appointment',
          objectId: row.id,
          outcome: 'success',
          details: { channel, leadMinutes },
        });
        sent += 1;
      });
    }
    return sent;
  }

  /** Marks a checked-in (or booked) appointment billed by an invoice, inside the sale's transaction. */
  async markBilled(
    trx: Kysely<Database>,
    actor: ServiceActor,
    appointmentId: string,
    invoiceId: string,
  ): Promise<void> {
    const result = await trx
      .updateTable('appointments')
      .set({ status: 'billed', invoice_id: invoiceId, updated_at: this.deps.clock.now().toISOString() })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', appointmentId)
      .where('status', 'in', LIVE)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw invalid('appointmentId', 'this appointment is not open for billing');
  }

  async #move(
    actor: ServiceActor,
    appointmentId: string,
    from: AppointmentStatus[],
    to: AppointmentStatus,
    action: string,
    reason?: string,
  ): Promise<AppointmentView> {
    const { db, clock } = this.deps;
    const row = await findAppointment(db, actor.tenantId, appointmentId);
    requireStoreVisible(actor, row.store_id, 'appointment');
    await authorizeStore(db, actor, 'appointment.manage', row.store_id);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('appointments')
        .set({
          status: to,
          updated_at: now,
          ...(to === 'checked_in' ? { checked_in_at: now } : {}),
          ...(reason === undefined ? {} : { cancel_reason: reason }),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', appointmentId)
        .where('status', 'in', from)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new AppError('conflict', `this appointment is ${row.status.replace('_', ' ')}`);
      await this.deps.audit.record(trx, actor.audit, {
        action,
        objectType: 'appointment',
        objectId: appointmentId,
        outcome: 'success',
        details: { from: row.status },
      });
    });
    return this.get(actor, appointmentId);
  }

  async #views(tenantId: string, rows: readonly AppointmentsTable[]): Promise<AppointmentView[]> {
    const { db, cipher } = this.deps;
    const staff = new Map(
      (await listStaff(db, cipher, tenantId, [...new Set(rows.map((r) => r.staff_id))])).map((s) => [
        s.staffId,
        s,
      ]),
    );
    const services = new Map((await servicesOf(db, tenantId, undefined, true)).map((s) => [s.id, s]));
    const masked = await maskedClients(db, cipher, tenantId, rows);
    return rows.map((r) => ({
      id: r.id,
      storeId: r.store_id,
      staffId: r.staff_id,
      staffFirstName: staff.get(r.staff_id)?.firstName ?? 'Staff',
      serviceId: r.service_variant_id,
      serviceName: services.get(r.service_variant_id)?.name ?? '',
      customerId: r.customer_id,
      customerMasked: r.customer_id === null ? null : (masked.get(r.customer_id) ?? null),
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      source: r.source,
      status: r.status,
      queueNumber: r.queue_number,
      reminder: r.reminder_channel,
      invoiceId: r.invoice_id,
    }));
  }
}

/** Whether the customer's current decision for `purpose` in the consent ledger is a grant. */
async function consentsTo(
  db: Kysely<Database>,
  tenantId: string,
  customerId: string,
  purpose: ConsentPurpose,
): Promise<boolean> {
  const row = await db
    .selectFrom('consent_current')
    .select('granted')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return row?.granted === 1;
}

/** The clients of `rows` by id, their names masked (`A*** V***`; null: no name on record). */
export async function maskedClients(
  db: Kysely<Database>,
  cipher: CustomerCipher,
  tenantId: string,
  rows: readonly { customer_id: string | null }[],
): Promise<Map<string, string | null>> {
  const customerIds = [...new Set(rows.flatMap((r) => (r.customer_id === null ? [] : [r.customer_id])))];
  const masked = new Map<string, string | null>();
  if (customerIds.length === 0) return masked;
  const customers = await db
    .selectFrom('customers')
    .select(['tenant_id', 'id', 'name_enc'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', customerIds)
    .execute();
  for (const c of customers) {
    const pii = await openPii(cipher, c, ['name']);
    masked.set(c.id, pii.name === null ? null : maskName(pii.name));
  }
  return masked;
}

function slotTaken(): AppError {
  return new AppError('conflict', 'this staff member is already booked at that time', 'startsAt');
}

/** Takes the staff member's calendar lock for the rest of the transaction. */
async function lockCalendar(trx: Kysely<Database>, tenantId: string, staffId: string): Promise<void> {
  await trx
    .insertInto('staff_calendars')
    .values({ tenant_id: tenantId, staff_id: staffId, version: 0 })
    .onConflict((oc) => oc.columns(['tenant_id', 'staff_id']).doNothing())
    .execute();
  await trx
    .updateTable('staff_calendars')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('staff_id', '=', staffId)
    .execute();
}

/** The first minute from `from` at which the staff member is free for `minutes`. */
async function nextFree(
  trx: Kysely<Database>,
  tenantId: string,
  staffId: string,
  from: string,
  minutes: number,
): Promise<string> {
  const start = new Date(Math.ceil(Date.parse(from) / 60_000) * 60_000).toISOString();
  const busy = await trx
    .selectFrom('appointments')
    .select(['starts_at', 'ends_at'])
    .where('tenant_id', '=', tenantId)
    .where('staff_id', '=', staffId)
    .where('status', 'in', LIVE)
    .where('ends_at', '>', start)
    .where('starts_at', '<', addDays(start.slice(0, 10), 2))
    .orderBy('starts_at')
    .execute();
  let at = start;
  for (const b of busy) {
    if (endOf(at, minutes) <= b.starts_at) break;
    if (b.ends_at > at) at = b.ends_at;
  }
  return at;
}

async function findAppointment(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<AppointmentsTable> {
  const row = await db
    .selectFrom('appointments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw notFound('appointment');
  return row;
}

export async function requireCustomer(
  db: Kysely<Database>,
  tenantId: string,
  customerId: string,
): Promise<void> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (row === undefined) throw invalid('customerId', 'no such client');
}
