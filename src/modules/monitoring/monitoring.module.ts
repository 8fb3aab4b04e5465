/**
 * Builds monitoring and alerting: channel settings, the notification outbox, detector settings,
 * alerts, the detectors job and the delivery job, and the routes. It also gives the audit module
 * its two hooks: a broken chain raises an alert, and a new checkpoint goes to the channels.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { Logger } from '../../logging/logger.js';
import type { VerifyResult } from '../audit/audit-verify.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { SignedCheckpoint } from '../audit/checkpoint-note.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { AlertChannelService } from '../notify/alert-channels.service.js';
import type { MailSender } from '../notify/mail-sender.js';
import { NotificationDelivery, type CustomerContactResolver } from '../notify/delivery.js';
import type { SmsSender } from '../notify/sms-sender.js';
import { NotificationOutbox } from '../notify/outbox.js';
import { AlertService } from './alert.service.js';
import { MonitorService } from './monitor.service.js';
import { monitoringApiRoutes } from './monitoring.routes.js';
import { MonitoringSettingsService } from './monitoring-settings.js';

export interface MonitoringOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  cipher: FieldCipher;
  audit: AuditRecorder;
  mail: MailSender;
  /** SMS for messages to customers (privacy and breach notices). */
  sms?: SmsSender;
  /** Resolves a customer's contact on record when a message to them is sent. */
  customerContact?: CustomerContactResolver;
  appUrl?: string;
  operatorEmail?: string;
  allowHttpWebhooks: boolean;
}

export interface Monitoring {
  channels: AlertChannelService;
  outbox: NotificationOutbox;
  /** Sends what the outbox holds (the `notification-delivery` job). */
  delivery: NotificationDelivery;
  settings: MonitoringSettingsService;
  alerts: AlertService;
  monitor: MonitorService;
  routes: RouteModule;
  jobs: JobDefinition[];
  /** Hook for the audit module: a verification that found a problem. */
  chainBroken(result: VerifyResult): Promise<void>;
  /** Hook for the audit module: queue a new checkpoint to the channels that keep copies. */
  publishCheckpoint(trx: Kysely<Database>, checkpoint: SignedCheckpoint): Promise<void>;
}

export function createMonitoring(options: MonitoringOptions): Monitoring {
  const { db, clock, audit } = options;
  const channels = new AlertChannelService({
    db,
    clock,
    cipher: options.cipher,
    audit,
    allowHttpWebhooks: options.allowHttpWebhooks,
  });
  const operator = options.operatorEmail === undefined ? {} : { operatorEmail: options.operatorEmail };
  const outbox = new NotificationOutbox({ db, clock, mail: options.mail, ...operator });
  const delivery = new NotificationDelivery({
    db,
    clock,
    logger: options.logger,
    mail: options.mail,
    ...(options.sms === undefined ? {} : { sms: options.sms }),
    channels,
    cipher: options.cipher,
    ...operator,
    ...(options.sms === undefined ? {} : { sms: options.sms }),
    ...(options.customerContact === undefined ? {} : { customerContact: options.customerContact }),
  });
  const settings = new MonitoringSettingsService({ db, clock, audit });
  const alerts = new AlertService({
    db,
    clock,
    audit,
    outbox,
    settings,
    ...(options.appUrl === undefined ? {} : { appUrl: options.appUrl }),
  });
  const monitor = new MonitorService({ db, clock, alerts, settings });
  return {
    channels,
    outbox,
    delivery,
    settings,
    alerts,
    monitor,
    routes: monitoringApiRoutes({ alerts, outbox, channels, settings, clock }),
    jobs: [
      {
        name: 'monitoring-detectors',
        intervalMs: 30_000,
        run: async () => {
          await monitor.run();
        },
      },
      {
        name: 'notification-delivery',
        intervalMs: 5_000,
        leaseMs: 5 * 60_000,
        run: async () => {
          await delivery.deliverDue();
        },
      },
    ],
    async chainBroken(result) {
      const first = result.problems[0];
      await alerts.raise({
        tenantId: result.tenantId,
        detector: 'audit_chain_broken',
        severity: 'critical',
        subjectType: 'chain',
        subjectId: result.tenantId,
        details: {
          firstBadSeq: first?.seq ?? 0,
          problem: first?.kind ?? 'unknown',
          problems: result.problems.length + result.moreProblems,
        },
        at: clock.now().toISOString(),
      });
    },
    async publishCheckpoint(trx, checkpoint) {
      await outbox.enqueue(trx, checkpoint.tenantId, {
        kind: 'checkpoint',
        refId: null,
        email: {
          subject: `[Tijori] Audit checkpoint ${checkpoint.seq}: keep this email`,
          text: `Keep this signed checkpoint of your audit trail somewhere safe (it proves what the trail held).\nCheck it later with: tijori audit verify --checkpoint FILE\n\n${checkpoint.note}`,
        },
        webhook: {
          type: 'audit.checkpoint',
          tenantId: checkpoint.tenantId,
          seq: checkpoint.seq,
          note: checkpoint.note,
        },
      });
    },
  };
}
