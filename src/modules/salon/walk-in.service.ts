/**
 * The walk-in queue: a client who walks in joins the store's queue of the day with the service
 * wanted and, optionally, a preferred stylist; the queue shows how long each has waited and which
 * stylists who may perform the service are free now. Assigning a free stylist turns the entry into
 * an appointment that starts and is checked in now, and the entry leaves the queue; a client who
 * goes away is marked gone. Assignment claims the entry (`waiting` -> `assigned`) and books under
 * the stylist's calendar lock in one transaction, so two receptionists assigning the same client,
 * or one stylist to two clients, at once get one appointment and one `conflict`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { endOf, istRange } from '../../domain/salon/calendar.js';
import { requireStoreVisible, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { SalonWalkInsTable } from '../../db/tables/salon.tables.js';
import { authorizeStore } from '../auth/access.policy.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import type { CustomerCipher } from '../customers/customer-crypto.js';
import {
  LIVE,
  maskedClients,
  requireCustomer,
  type AppointmentService,
  type AppointmentView,
} from './appointment.service.js';
import { requireMayPerform } from './line-staff.writer.js';
import type { WalkInInput } from './salon.schemas.js';
import { servicesOf } from './salon-services.service.js';
import { listStaff, requireStaff } from './salon-staff.js';

export interface WalkInView {
  id: string;
  queueNumber: number;
  serviceId: string;
  serviceName: string;
  durationMinutes: number;
  customerId: string | null;
  /** The client's name masked, or null for a walk-in who gave no details. */
  customerMasked: string | null;
  preferredStaffId: string | null;
  preferredStaffFirstName: string | null;
  joinedAt: string;
  waitingMinutes: number;
  /** Stylists who may perform the service and are free from now for its duration. */
  freeStaff: Array<{ staffId: string; firstName: string }>;
}

export interface WalkInDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: CustomerCipher;
  appointments: AppointmentService;
}

export class WalkInService {
  constructor(private readonly deps: WalkInDeps) {}

  async join(actor: ServiceActor, input: WalkInInput): Promise<WalkInView> {
    const { db, clock } = this.deps;
    await authorizeStore(db, actor, 'appointment.manage', input.storeId);
    const [service] = await servicesOf(db, actor.tenantId, input.serviceId);
    if (service === undefined) throw invalid('serviceId', 'no such service');
    const preferred = input.preferredStaffId ?? null;
    if (preferred !== null) {
      await requireStaff(db, actor.tenantId, [preferred], 'preferredStaffId');
      await requireMayPerform(db, actor.tenantId, input.serviceId, [preferred], 'preferredStaffId');
    }
    const customerId = input.customerId ?? null;
    if (customerId !== null) await requireCustomer(db, actor.tenantId, customerId);
    const now = clock.now().toISOString();
    const id = newId();
    await db.transaction().execute(async (trx) => {
      const today = istRange(istDateOf(new Date(now)));
      const before = await trx
        .selectFrom('salon_walk_ins')
        .select((eb) => eb.fn.max('queue_number').as('n'))
        .where('tenant_id', '=', actor.tenantId)
        .where('store_id', '=', input.storeId)
        .where('joined_at', '>=', today.from)
        .where('joined_at', '<', today.to)
        .executeTakeFirst();
      await trx
        .insertInto('salon_walk_ins')
        .values({
          tenant_id: actor.tenantId,
          id,
          store_id: input.storeId,
          customer_id: customerId,
          service_variant_id: input.serviceId,
          preferred_staff_id: preferred,
          status: 'waiting',
          appointment_id: null,
          queue_number: Number(before?.n ?? 0) + 1,
          created_by: actor.userId ?? 'operator',
          joined_at: now,
          updated_at: now,
        })
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'salon.walk_in.join',
        objectType: 'walk_in',
        objectId: id,
        outcome: 'success',
        details: { storeId: input.storeId, preferredStaff: preferred !== null },
      });
    });
    return this.#view(actor, await this.#find(actor, id));
  }

  /** The store's clients waiting now, first come first. */
  async queue(actor: ServiceActor, storeId: string): Promise<WalkInView[]> {
    await authorizeStore(this.deps.db, actor, 'appointment.manage', storeId);
    const rows = await this.deps.db
      .selectFrom('salon_walk_ins')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('store_id', '=', storeId)
      .where('status', '=', 'waiting')
      .orderBy('joined_at')
      .orderBy('queue_number')
      .execute();
    return this.#views(actor.tenantId, rows);
  }

  /** Gives the client a stylist (the preferred one when none is named): an appointment checked in now. */
  async assign(actor: ServiceActor, walkInId: string, staffId?: string): Promise<AppointmentView> {
    const { db } = this.deps;
    const row = await this.#find(actor, walkInId);
    await authorizeStore(db, actor, 'appointment.manage', row.store_id);
    if (row.status !== 'waiting') throw gone(row.status);
    const stylist = staffId ?? row.preferred_staff_id;
    if (stylist === null) throw invalid('staffId', 'choose a stylist');
    await requireStaff(db, actor.tenantId, [stylist], 'staffId');
    await requireMayPerform(db, actor.tenantId, row.service_variant_id, [stylist], 'staffId');
    const [service] = await servicesOf(db, actor.tenantId, row.service_variant_id, true);
    if (service === undefined) throw invalid('serviceId', 'no such service');
    const appointmentId = newId();
    const now = this.deps.clock.now().toISOString();
    try {
      await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('salon_walk_ins')
          .set({ status: 'assigned', appointment_id: appointmentId, updated_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', walkInId)
          .where('status', '=', 'waiting')
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) throw gone('assigned');
        await this.deps.appointments.insertWithin(
          trx,
          actor,
          appointmentId,
          {
            storeId: row.store_id,
            staffId: stylist,
            serviceId: row.service_variant_id,
            customerId: row.customer_id,
            source: 'walk_in',
            startsAt: now,
          },
          service.durationMinutes,
          { queueNumber: row.queue_number },
        );
      });
    } catch (error) {
      if (isUniqueViolation(error, 'appointments')) throw busy();
      if (error instanceof AppError && error.code === 'conflict' && error.field === 'startsAt') throw busy();
      throw error;
    }
    return this.deps.appointments.get(actor, appointmentId);
  }

  /** The client went away without a service. */
  async leave(actor: ServiceActor, walkInId: string): Promise<{ id: string; status: 'left' }> {
    const { db } = this.deps;
    const row = await this.#find(actor, walkInId);
    await authorizeStore(db, actor, 'appointment.manage', row.store_id);
    const now = this.deps.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const left = await trx
        .updateTable('salon_walk_ins')
        .set({ status: 'left', updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', walkInId)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (Number(left.numUpdatedRows) !== 1) throw gone(row.status === 'waiting' ? 'assigned' : row.status);
      await this.deps.audit.record(trx, actor.audit, {
        action: 'salon.walk_in.left',
        objectType: 'walk_in',
        objectId: walkInId,
        outcome: 'success',
        details: { waitedMinutes: minutesBetween(row.joined_at, now) },
      });
    });
    return { id: walkInId, status: 'left' };
  }

  async #find(actor: ServiceActor, walkInId: string): Promise<SalonWalkInsTable> {
    const row = await this.deps.db
      .selectFrom('salon_walk_ins')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', walkInId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('walk-in');
    requireStoreVisible(actor, row.store_id, 'walk-in');
    return row;
  }

  async #view(actor: ServiceActor, row: SalonWalkInsTable): Promise<WalkInView> {
    const [view] = await this.#views(actor.tenantId, [row]);
    if (view === undefined) throw notFound('walk-in');
    return view;
  }

  async #views(tenantId: string, rows: readonly SalonWalkInsTable[]): Promise<WalkInView[]> {
    if (rows.length === 0) return [];
    const { db, cipher } = this.deps;
    const now = this.deps.clock.now().toISOString();
    const services = new Map((await servicesOf(db, tenantId, undefined, true)).map((s) => [s.id, s]));
    const staff = new Map((await listStaff(db, cipher, tenantId)).map((s) => [s.staffId, s.firstName]));
    const masked = await maskedClients(db, cipher, tenantId, rows);
    const longest = Math.max(...rows.map((r) => services.get(r.service_variant_id)?.durationMinutes ?? 0));
    const busy = await db
      .selectFrom('appointments')
      .select(['staff_id', 'starts_at', 'ends_at'])
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', LIVE)
      .where('ends_at', '>', now)
      .where('starts_at', '<', endOf(now, longest))
      .execute();
    return rows.map((r) => {
      const service = services.get(r.service_variant_id);
      const end = endOf(now, service?.durationMinutes ?? 0);
      // A service without a list of its staff may be performed by anyone on the staff.
      const candidates =
        service === undefined ? [] : service.staffIds.length > 0 ? service.staffIds : [...staff.keys()];
      const freeStaff = candidates
        .filter((id) => staff.has(id))
        .filter((id) => !busy.some((b) => b.staff_id === id && b.starts_at < end && b.ends_at > now))
        .map((id) => ({ staffId: id, firstName: staff.get(id) ?? 'Staff' }))
        .sort((a, b) => a.firstName.localeCompare(b.firstName));
      return {
        id: r.id,
        queueNumber: r.queue_number,
        serviceId: r.service_variant_id,
        serviceName: service?.name ?? '',
        durationMinutes: service?.durationMinutes ?? 0,
        customerId: r.customer_id,
        customerMasked: r.customer_id === null ? null : (masked.get(r.customer_id) ?? null),
        preferredStaffId: r.preferred_staff_id,
        preferredStaffFirstName:
          r.preferred_staff_id === null ? null : (staff.get(r.preferred_staff_id) ?? 'Staff'),
        joinedAt: r.joined_at,
        waitingMinutes: minutesBetween(r.joined_at, now),
        freeStaff,
      };
    });
  }
}

function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));
}

function gone(status: string): AppError {
  return new AppError(
    'conflict',
    status === 'left' ? 'this client has left the queue' : 'this client already has a stylist',
  );
}

function busy(): AppError {
  return new AppError('conflict', 'this stylist is busy now: choose a free one', 'staffId');
}
