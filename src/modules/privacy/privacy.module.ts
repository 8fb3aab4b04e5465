/**
 * Builds the privacy and compliance capability: settings, notices, the consent ledger, one-time
 * codes, data-subject requests (staff and public), exports, erasure, retention, registers, records
 * of processing and the compliance report, with their routes and periodic jobs (deadline
 * reminders every 15 minutes, retention daily). One call from the composition root.
 */
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { Signer } from '../../crypto/signing.js';
import type { Engine } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { Logger } from '../../logging/logger.js';
import type { AuditRetention } from '../audit/audit-retention.js';
import type { VerifyKey } from '../audit/audit-verify.js';
import { INSTALLATION_CHAIN, type AuditRecorder } from '../../kernel/audit.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { RevealGate } from '../auth/step-up.policy.js';
import { operatorActor } from '../../kernel/actor.js';
import type { CustomerCipher } from '../customers/customer-crypto.js';
import type { CustomerService } from '../customers/customer.service.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import type { ErasureService } from '../keys/erasure.service.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { AlertService } from '../monitoring/alert.service.js';
import type { MailSender } from '../notify/mail-sender.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import type { NoticeStates } from './notice-states.js';
import type { SmsSender } from '../notify/sms-sender.js';
import type { SelfAuditSource } from './compliance-report.js';
import { ComplianceService } from './compliance.service.js';
import { ConsentService } from './consent.service.js';
import { CustomerErasureService } from './customer-erasure.service.js';
import { CustomerNotifier } from './customer-notices.js';
import { DeadlineMonitor } from './deadline-monitor.js';
import { ExportService, type AadhaarExportSource } from './export.service.js';
import { MarketingExport } from './marketing-export.js';
import { NoticeService } from './notice.service.js';
import { OtpService } from './otp.service.js';
import { PrivacySettingsService } from './privacy-settings.js';
import { privacyApiRoutes } from './privacy.routes.js';
import { PublicRequestService } from './public-requests.service.js';
import { publicPrivacyRoutes } from './public-privacy.routes.js';
import { ProcessorRegister, TrainingRegister } from './registers.service.js';
import { RequestService } from './requests.service.js';
import { RetentionService } from './retention.service.js';

declareEncryptedColumn({
  table: 'privacy_requests',
  column: 'details_enc',
  purpose: 'customer_pii',
  rowIdColumn: 'id',
  subjectColumn: 'customer_id',
});
// An export package's key, under the customer's own key (export-sealing.ts).
declareEncryptedColumn({
  table: 'privacy_exports',
  column: 'package_key_enc',
  purpose: 'customer_pii',
  rowIdColumn: 'id',
  subjectColumn: 'customer_id',
});

export interface PrivacyOptions {
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  logger: Logger;
  audit: AuditRecorder;
  cipher: CustomerCipher;
  reveal?: RevealGate;
  erasure: ErasureService;
  alerts: AlertService;
  outbox: NotificationOutbox;
  /** Notice states for timelines, and sending a notice now (the messages service). */
  messages?: NoticeStates;
  senders: { mail: MailSender; sms: SmsSender };
  keyProvider: Pick<KeyProvider, 'deriveSecret'>;
  customers: CustomerService;
  auditRetention: AuditRetention;
  auditKey: () => Promise<VerifyKey>;
  signer: () => Promise<Signer>;
  keyProviderName: string;
  https: boolean;
  /** The latest security self-audit, when that capability is installed. */
  selfAudit?: SelfAuditSource;
  /** The Aadhaar vault (agri): its number goes into an export only when asked, with a reason. */
  aadhaar?: AadhaarExportSource;
}

export interface Privacy {
  settings: PrivacySettingsService;
  notices: NoticeService;
  consent: ConsentService;
  otp: OtpService;
  requests: RequestService;
  publicRequests: PublicRequestService;
  exports: ExportService;
  erasure: CustomerErasureService;
  retention: RetentionService;
  deadlines: DeadlineMonitor;
  processors: ProcessorRegister;
  training: TrainingRegister;
  compliance: ComplianceService;
  marketing: MarketingExport;
  /** The customer-notification path (privacy notices; incident notices use it too). */
  notifier: CustomerNotifier;
  routes: RouteModule[];
  jobs: JobDefinition[];
}

export function createPrivacy(o: PrivacyOptions): Privacy {
  const { db, clock, audit, cipher } = o;
  const base = { db, clock, audit };
  const shopName = async (tenantId: string) =>
    (await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst())?.name ??
    'Your shop';
  const settings = new PrivacySettingsService(base);
  const notices = new NoticeService(base);
  const consent = new ConsentService({ ...base, notices });
  const notifier = new CustomerNotifier(o.outbox);
  let otpKey: Promise<Buffer> | undefined;
  const otp = new OtpService({
    db,
    clock,
    audit,
    cipher,
    senders: o.senders,
    hashKey: () => (otpKey ??= o.keyProvider.deriveSecret('privacy-otp')),
    shopName,
  });
  const exports = new ExportService({
    ...base,
    cipher,
    settings,
    passwords: otp,
    ...(o.reveal ? { reveal: o.reveal } : {}),
    ...(o.aadhaar ? { aadhaar: o.aadhaar } : {}),
  });
  const erasure = new CustomerErasureService({ ...base, erasure: o.erasure, signer: o.signer });
  const requests = new RequestService({
    ...base,
    cipher,
    settings,
    otp,
    notifier,
    exports,
    erasure,
    shopName,
    ...(o.messages === undefined ? {} : { messages: o.messages }),
  });
  const publicRequests = new PublicRequestService({
    db,
    clock,
    requests,
    otp,
    exports,
    throttle: new LoginThrottle(db, clock),
    logger: o.logger,
    findCustomers: async (tenantId, contact) =>
      (await o.customers.findMatches(tenantId, contact)).map((m) => m.row.id).sort(),
  });
  const retention = new RetentionService({
    ...base,
    auditRetention: o.auditRetention,
    auditKey: o.auditKey,
    customerErasure: erasure,
    erasure: o.erasure,
    notifier,
    signer: o.signer,
    shopName,
  });
  const deadlines = new DeadlineMonitor({ db, clock, alerts: o.alerts, settings });
  const processors = new ProcessorRegister(base);
  const training = new TrainingRegister(base);
  const compliance = new ComplianceService({
    ...base,
    processors,
    training,
    retention,
    facts: { engine: o.engine, keyProvider: o.keyProviderName, https: o.https },
    ...(o.selfAudit ? { selfAudit: o.selfAudit } : {}),
    shopName,
  });
  const marketing = new MarketingExport({ db, cipher, ...(o.reveal ? { reveal: o.reveal } : {}) });
  const privacy = {
    settings,
    notices,
    consent,
    otp,
    requests,
    publicRequests,
    exports,
    erasure,
    retention,
    deadlines,
    processors,
    training,
    compliance,
    marketing,
    notifier,
  };
  return {
    ...privacy,
    routes: [privacyApiRoutes({ ...privacy, clock }), publicPrivacyRoutes(publicRequests, notices)],
    jobs: [
      {
        name: 'privacy-deadlines',
        intervalMs: 15 * 60_000,
        initialDelayMs: 2 * 60_000,
        run: async () => {
          await deadlines.run();
        },
      },
      {
        name: 'privacy-retention',
        intervalMs: 24 * 3600_000,
        initialDelayMs: 45 * 60_000,
        leaseMs: 60 * 60_000,
        run: async () => {
          const tenants = await db
            .selectFrom('tenants')
            .select('id')
            .where('status', '=', 'active')
            .execute();
          for (const { id } of tenants) await retention.run(operatorActor(id, 'job'), { dryRun: false });
          // Sign-in attempts and passkey challenges that belong to no business.
          await retention.run(operatorActor(INSTALLATION_CHAIN, 'job'), {
            dryRun: false,
            policies: ['login_attempts', 'sessions'],
          });
        },
      },
    ],
  };
}
