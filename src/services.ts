/**
 * Wires the capabilities together: one place that builds every service from the configuration,
 * the database and the side-effect dependencies, lists the routes each one contributes, and
 * registers their periodic jobs on the shared job runner.
 */
import { tenantJobsMayRun } from './modules/jobs/tenant-work.js';
import type { Config } from './config/config.js';
import type { DatabaseHandle } from './db/database.js';
import { AppError } from './domain/app-error.js';
import type { Clock } from './domain/clock.js';
import type { RouteModule } from './http/app.js';
import { defaultWebDir, webAppRoutes } from './http/web-app.routes.js';
import type { AccessGuard } from './http/route-access.js';
import type { Logger } from './logging/logger.js';
import type { KeyProvider } from './crypto/key-provider.js';
import { AuditTrail } from './modules/audit/audit.recorder.js';
import { createAudit, type Audit } from './modules/audit/audit.module.js';
import {
  createIdentity,
  relyingPartyFrom,
  sessionTimeouts,
  type Identity,
} from './modules/auth/identity.module.js';
import { createIncidents, type Incidents } from './modules/incidents/incidents.module.js';
import { JobRunner } from './modules/jobs/job-runner.js';
import { ErasureService } from './modules/keys/erasure.service.js';
import { operatorActor } from './kernel/actor.js';
import { createBilling, type Billing } from './modules/billing/billing.module.js';
import { createOffline, type Offline } from './modules/offline/offline.module.js';
import { createSalon, type Salon } from './modules/salon/salon.module.js';
import { createAgri, type Agri } from './modules/agri/agri.module.js';
import { loadInstallationSigner } from './modules/keys/installation-keys.js';
import { FieldCipherService } from './modules/keys/field-cipher.service.js';
import { erasureJournalPaths, keyFolder } from './modules/keys/key-files.js';
import { retiredPeppersFor } from './modules/keys/retired-peppers.js';
import { ErasureEpochStore } from './modules/keys/erasure-epochs.js';
import { EpochShredder } from './modules/keys/epoch-shredder.js';
import { IndexRekeyer } from './modules/keys/index-rekey.js';
import { erasureEpochsJob } from './modules/keys/erasure-epochs.job.js';
import { KeyRing, defaultKeyRingOptions } from './modules/keys/key-ring.service.js';
import { KeyVersionService } from './modules/keys/key-versions.service.js';
import { keysApiRoutes } from './modules/keys/keys.routes.js';
import { RotationService } from './modules/keys/rotation.service.js';
import { rotationJob } from './modules/keys/rotation.worker.js';
import { createMonitoring, type Monitoring } from './modules/monitoring/monitoring.module.js';
import { customerContactResolver } from './modules/customers/customer-contact.js';
import { createPrivacy, type Privacy } from './modules/privacy/privacy.module.js';
import { mailSenderFromConfig, type MailSender } from './modules/notify/mail-sender.js';
import { smsSenderFromConfig, type SmsSender } from './modules/notify/sms-sender.js';
import { createMessages } from './modules/notify/messages.module.js';
import { createAccessReviews, type AccessReviews } from './modules/access-review/access-review.module.js';
import { auditEnvironment } from './modules/security-audit/audit-environment.js';
import { createSecurityAudit, type SecurityAudit } from './modules/security-audit/security-audit.module.js';
import { missingDetailsApiRoutes } from './modules/setup/missing-details.routes.js';
import { MissingDetailsService } from './modules/setup/missing-details.service.js';
import { setupApiRoutes } from './modules/setup/setup.routes.js';
import { SetupService, type GstinCheck } from './modules/setup/setup.service.js';
import { writeStoreDetails } from './modules/billing/store-details.writer.js';
import { BackupsService } from './modules/backups/backups.service.js';
import { backupsApiRoutes } from './modules/backups/backups.routes.js';
import { dashboardApiRoutes } from './modules/dashboard/dashboard.routes.js';

export interface ServiceDeps {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  clock: Clock;
  /** The key-encryption key provider, opened at startup (see bootstrap). */
  keyProvider: KeyProvider;
  /** Outgoing mail; by default the SMTP server of the configuration (none when unset). */
  mail?: MailSender;
  /** Outgoing SMS; by default the gateway of the configuration (none when unset). */
  sms?: SmsSender;
}

export interface Services {
  setup: SetupService;
  keyRing: KeyRing;
  fieldCipher: FieldCipherService;
  rotation: RotationService;
  /** The minimum decryption version of key series. */
  keyVersions: KeyVersionService;
  /** Crypto-shredding of a data subject (privacy requests, retention), journaled after commit. */
  erasure: ErasureService;
  /** Erasure key epochs: carries survivors and destroys doomed epochs (ADR 0024). */
  erasureEpochs: EpochShredder;
  /** The audit trail: the recorder every capability records through, checkpoints, verification. */
  audit: Audit;
  /** Alerts, detectors, alert channels and the notification outbox. */
  monitoring: Monitoring;
  /** Periodic work (checkpoints, detectors, deliveries, retention, rotation); started by `serve`. */
  jobs: JobRunner;
  /** The configured senders for messages to people (one-time codes, notices). */
  senders: { mail: MailSender; sms: SmsSender };
  /** Accounts, sign-in, sessions, MFA, API tokens, the access guard and the reveal gate. */
  identity: Identity;
  /** Catalog, stock, customers, checkout, invoices, credit notes, documents, returns data. */
  billing: Billing;
  /** The offline counter: counter keys, blocks of numbers, offline sales arriving, remote wipe. */
  offline: Offline;
  /** Salon billing: services, appointments, packages, memberships, wallets, commissions, client notes. */
  salon: Salon;
  /** Agri-input billing: batches and expiry, dealer licences. */
  agri: Agri;
  /** Consent, data-subject requests, exports, erasure, retention, registers, compliance report. */
  privacy: Privacy;
  /** Incident response: incidents, scope, containment, notices, drills, the plan, public reports. */
  incidents: Incidents;
  /** The built-in self-audit: checks, score, plaintext scanner, history and signed reports. */
  securityAudit: SecurityAudit;
  /** Periodic access-review campaigns: confirm or remove each user's roles. */
  accessReviews: AccessReviews;
  /** Backups from the web app and the daily scheduled backup. */
  backups: BackupsService;
  guard: AccessGuard;
  apiRoutes: RouteModule[];
  rootRoutes: RouteModule[];
  /** Stops background work owned by the services (jobs, caches); the database is closed by the caller. */
  close(): Promise<void>;
}

const basicGstinCheck: GstinCheck = (gstin, stateCode) => {
  if (!/^[0-9]{2}[0-9A-Z]{13}$/.test(gstin))
    throw new AppError('validation_failed', 'GSTIN must be 15 characters', 'gstin');
  if (gstin.slice(0, 2) !== stateCode) {
    throw new AppError('validation_failed', 'the GSTIN does not belong to the chosen state', 'stateCode');
  }
};

export function createServices(deps: ServiceDeps): Services {
  const { database, clock, logger, config } = deps;
  const db = database.db;
  const trail = new AuditTrail(clock);
  const ringOptions = { ...defaultKeyRingOptions, activeKeyTtlMs: config.activeKeyCacheSeconds * 1000 };
  const keyRing = new KeyRing(db, deps.keyProvider, clock, ringOptions, trail);
  const epochStore = new ErasureEpochStore(
    keyFolder(config),
    deps.keyProvider,
    clock,
    config.erasureGraceSeconds * 1000,
  );
  const fieldCipher = new FieldCipherService(
    db,
    keyRing,
    clock,
    {
      expectedRows: config.blindIndexExpectedRows,
      ...(config.blindIndexBits === undefined ? {} : { bits: config.blindIndexBits }),
    },
    epochStore,
  );
  const erasureEpochs = new EpochShredder(
    db,
    fieldCipher,
    epochStore,
    clock,
    new IndexRekeyer(db, fieldCipher, epochStore),
  );
  const rotation = new RotationService(db, keyRing, fieldCipher, clock, ringOptions.activeKeyTtlMs);
  const senders = {
    mail: deps.mail ?? mailSenderFromConfig(config),
    sms: deps.sms ?? smsSenderFromConfig(config),
  };
  const keyVersions = new KeyVersionService(db, keyRing, clock, trail);
  const erasure = new ErasureService(db, clock, fieldCipher, trail, erasureJournalPaths(config), epochStore);
  const monitoring = createMonitoring({
    db,
    clock,
    logger,
    cipher: fieldCipher,
    audit: trail,
    mail: senders.mail,
    sms: senders.sms,
    customerContact: customerContactResolver(db, fieldCipher),
    ...(config.publicUrl === undefined ? {} : { appUrl: config.publicUrl }),
    ...(config.alertOperatorEmail === undefined ? {} : { operatorEmail: config.alertOperatorEmail }),
    allowHttpWebhooks: config.webhookAllowHttp,
  });
  const audit = createAudit({
    db,
    clock,
    trail,
    keyProvider: deps.keyProvider,
    checkpointMinutes: config.auditCheckpointMinutes,
    verifyHours: config.auditVerifyHours,
    ...(config.auditCheckpointDir === undefined ? {} : { checkpointDir: config.auditCheckpointDir }),
    publishCheckpoint: (trx, checkpoint) => monitoring.publishCheckpoint(trx, checkpoint),
    onBroken: (result) => monitoring.chainBroken(result),
  });
  const identity = createIdentity({
    db,
    clock,
    keyProvider: deps.keyProvider,
    cipher: fieldCipher,
    audit: trail,
    argon2: {
      memoryCost: config.argon2MemoryKib,
      timeCost: config.argon2Iterations,
      parallelism: config.argon2Parallelism,
    },
    retiredPeppers: retiredPeppersFor(keyFolder(config), deps.keyProvider, db, clock),
    timeouts: sessionTimeouts(config),
    allowedOrigins: config.publicUrl === undefined ? [] : [new URL(config.publicUrl).origin],
    tenantRequestsPerMinute: config.tenantRequestsPerMinute,
    relyingParty: relyingPartyFrom(config.publicUrl, config.hostNames),
  });
  const setup = new SetupService(db, clock, identity.users, basicGstinCheck, writeStoreDetails);
  const billing = createBilling({
    db,
    engine: database.engine,
    clock,
    audit: trail,
    cipher: fieldCipher,
    reveal: identity.reveal,
    approvers: identity.approvers,
    signer: () => loadInstallationSigner(db, deps.keyProvider, clock),
    ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
  });
  const offline = createOffline({
    db,
    clock,
    audit: trail,
    cipher: fieldCipher,
    billing,
    raiseAlert: (detection) => monitoring.alerts.raise(detection),
  });
  const salon = createSalon({
    db,
    clock,
    audit: trail,
    cipher: fieldCipher,
    checkout: billing.checkout,
    creditNotes: billing.creditNotes,
    documents: billing.documents,
    reveal: identity.reveal,
    outbox: monitoring.outbox,
  });
  const agri = createAgri({
    db,
    clock,
    audit: trail,
    checkout: billing.checkout,
    receipts: billing.receipts,
    documents: billing.documents,
    creditNotes: billing.creditNotes,
    customers: billing.customers,
    reveal: identity.reveal,
    outbox: monitoring.outbox,
    cipher: fieldCipher,
  });
  const signer = () => loadInstallationSigner(db, deps.keyProvider, clock);
  const messages = createMessages({ db, clock, audit: trail, delivery: monitoring.delivery });
  const privacy = createPrivacy({
    db,
    engine: database.engine,
    clock,
    logger,
    audit: trail,
    cipher: fieldCipher,
    reveal: identity.reveal,
    erasure,
    alerts: monitoring.alerts,
    outbox: monitoring.outbox,
    messages: messages.service,
    senders,
    keyProvider: deps.keyProvider,
    customers: billing.customers,
    auditRetention: audit.retention,
    auditKey: () => audit.checkpoints.verifyKey(),
    signer,
    keyProviderName: config.keyProvider,
    https: !config.httpOnly,
    // The compliance report reads the latest self-audit (created below, read only when reporting).
    selfAudit: { latest: (tenantId) => securityAudit.service.latest(tenantId) },
    ...(agri.vault === undefined ? {} : { aadhaar: agri.vault }),
  });
  const incidents = createIncidents({
    db,
    clock,
    audit: trail,
    cipher: fieldCipher,
    alerts: monitoring.alerts,
    users: identity.users,
    revocation: identity.revocation,
    rotation,
    throttle: identity.deps.throttle,
    outbox: monitoring.outbox,
    delivery: monitoring.delivery,
    site: {
      publicUrl: config.publicUrl,
      contact: config.securityContact,
      policyUrl: config.securityPolicyUrl,
    },
    smsTemplateId: config.smsNoticeTemplateId,
  });
  const jobs = new JobRunner(db, clock, logger);
  for (const job of [
    ...audit.jobs,
    ...monitoring.jobs,
    ...privacy.jobs,
    ...incidents.jobs,
    ...salon.jobs,
    ...agri.jobs,
    rotationJob(rotation, logger, (tenantId) => tenantJobsMayRun(db, tenantId)),
    erasureEpochsJob(erasureEpochs, logger, config.erasureGraceSeconds * 1000),
  ])
    jobs.register(job);
  const securityAudit = createSecurityAudit({
    db,
    engine: database.engine,
    clock,
    logger,
    audit: trail,
    cipher: fieldCipher,
    env: auditEnvironment(config, {
      engine: database.engine,
      blocklistSize: identity.deps.blocklist.size,
      retentionJobs: jobs.jobNames.filter((name) => name.endsWith('-retention')),
    }),
    verifyKey: () => audit.checkpoints.verifyKey(),
    signer,
    raiseAlert: (detection) => monitoring.alerts.raise(detection),
  });
  const accessReviews = createAccessReviews({
    db,
    clock,
    audit: trail,
    cipher: fieldCipher,
    roles: identity.roles,
    raiseAlert: (detection) => monitoring.alerts.raise(detection),
  });
  for (const job of [...securityAudit.jobs, ...accessReviews.jobs]) jobs.register(job);
  const backups = new BackupsService({
    config,
    database,
    keyProvider: deps.keyProvider,
    clock,
    audit: trail,
    verifyKey: () => audit.checkpoints.verifyKey(),
  });
  jobs.register(backups.job(logger));
  return {
    setup,
    keyRing,
    fieldCipher,
    rotation,
    keyVersions,
    erasure,
    erasureEpochs,
    audit,
    monitoring,
    jobs,
    senders,
    identity,
    billing,
    offline,
    salon,
    agri,
    privacy,
    incidents,
    securityAudit,
    accessReviews,
    backups,
    guard: identity.guard,
    apiRoutes: [
      setupApiRoutes(setup, {
        fillDemo: (created) => billing.demo.fill(operatorActor(created.tenantId, 'setup'), created.storeId),
      }),
      missingDetailsApiRoutes(new MissingDetailsService(db, clock)),
      keysApiRoutes({
        db,
        keyRing,
        keyProvider: deps.keyProvider,
        cipher: fieldCipher,
        rotation,
        versions: keyVersions,
        clock,
        keyDir: keyFolder(config),
      }),
      ...identity.routes,
      audit.routes,
      monitoring.routes,
      messages.routes,
      ...billing.routes,
      ...offline.routes,
      ...salon.routes,
      ...agri.routes,
      ...privacy.routes,
      ...incidents.routes,
      securityAudit.routes,
      accessReviews.routes,
      backupsApiRoutes(backups, clock),
      dashboardApiRoutes({ db, clock }),
    ],
    rootRoutes: [...incidents.rootRoutes, webAppRoutes(config.webDir ?? defaultWebDir())],
    async close() {
      await jobs.stop();
      await securityAudit.service.settle();
      epochStore.close();
    },
  };
}
