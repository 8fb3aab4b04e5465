/**
 * Builds salon billing (issue 16) from its dependencies: services, appointments, packages,
 * memberships, wallets, the salon counter bill, commissions and client notes; registers the
 * line-staff writer on checkout and contributes the routes and the daily jobs (expiry, reminders).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { formatIndianDate, istDateOf } from '../../domain/gst/index.js';
import type { RouteModule } from '../../http/app.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { RevealGate } from '../auth/step-up.policy.js';
import type { CheckoutService } from '../billing/checkout.service.js';
import type { CreditNoteService } from '../billing/credit-note.service.js';
import type { DocumentService } from '../billing/document.service.js';
import type { CustomerCipher } from '../customers/customer-crypto.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { forEachActiveTenant } from '../jobs/tenant-work.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import { AppointmentService } from './appointment.service.js';
import { ClientNotesService } from './client-notes.service.js';
import { CommissionService } from './commission.service.js';
import { writeLineStaff } from './line-staff.writer.js';
import { PrepaidService } from './prepaid.service.js';
import { salonPrintNotes } from './receipt-notes.js';
import { SalonCheckoutService } from './salon-checkout.service.js';
import { SalonServicesService } from './salon-services.service.js';
import { SalonSettingsService } from './salon-settings.service.js';
import { salonApiRoutes } from './salon.routes.js';
import { WalkInService } from './walk-in.service.js';

export interface SalonOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: CustomerCipher;
  checkout: CheckoutService;
  /** Billing's credit notes (a package refund reverses the advance's tax through one). */
  creditNotes: CreditNoteService;
  reveal?: RevealGate;
  /** Printed documents: stylists on service lines, packages left and the wallet balance. */
  documents?: DocumentService;
  /** Where appointment reminders are queued (absent: none are sent). */
  outbox?: NotificationOutbox;
}

export interface Salon {
  db: Kysely<Database>;
  cipher: CustomerCipher;
  services: SalonServicesService;
  appointments: AppointmentService;
  walkIns: WalkInService;
  prepaid: PrepaidService;
  checkout: SalonCheckoutService;
  commissions: CommissionService;
  notes: ClientNotesService;
  settings: SalonSettingsService;
  routes: RouteModule[];
  jobs: JobDefinition[];
}

const HOUR = 3_600_000;

export function createSalon(options: SalonOptions): Salon {
  const { db, clock, audit, cipher } = options;
  options.checkout.onSaleWritten(writeLineStaff);
  const services = new SalonServicesService(db, clock, audit);
  const appointments = new AppointmentService({ db, clock, audit, cipher });
  const walkIns = new WalkInService({ db, clock, audit, cipher, appointments });
  const prepaid = new PrepaidService({ db, clock, audit, creditNotes: options.creditNotes });
  const checkout = new SalonCheckoutService({
    db,
    clock,
    cipher,
    checkout: options.checkout,
    prepaid,
    appointments,
  });
  options.documents?.onPrint(salonPrintNotes(db, checkout));
  const commissions = new CommissionService(db, clock, audit, cipher);
  const notes = new ClientNotesService({
    db,
    clock,
    audit,
    cipher,
    ...(options.reveal ? { reveal: options.reveal } : {}),
  });
  const settings = new SalonSettingsService({ db, clock, audit });
  const parts = {
    db,
    cipher,
    services,
    appointments,
    walkIns,
    prepaid,
    checkout,
    commissions,
    notes,
    settings,
  };
  const jobs: JobDefinition[] = [
    {
      name: 'salon-expiry',
      intervalMs: 6 * HOUR,
      async run() {
        await forEachActiveTenant(db, (tenantId) => prepaid.expire(tenantId));
      },
    },
  ];
  const outbox = options.outbox;
  if (outbox !== undefined)
    jobs.push({
      name: 'salon-reminders',
      intervalMs: HOUR / 4,
      async run() {
        await forEachActiveTenant(db, async (tenantId) =>
          appointments.queueReminders(
            tenantId,
            (await settings.get(tenantId)).reminderLeadMinutes,
            async (trx, row) => {
              const at = new Date(row.startsAt);
              const time = new Date(at.getTime() + 330 * 60_000).toISOString().slice(11, 16);
              const text = `Reminder: your appointment on ${formatIndianDate(istDateOf(at))} at ${time} IST. Reply to the salon to change it.`;
              await outbox.enqueueForCustomer(trx, tenantId, {
                kind: 'appointment_reminder',
                refId: row.id,
                customerId: row.customerId,
                channel: row.channel,
                email: { subject: 'Your appointment', text },
                sms: { text },
              });
            },
          ),
        );
      },
    });
  return { ...parts, routes: [salonApiRoutes(parts)], jobs };
}
