/**
 * Builds the audit capability from its dependencies: the transactional recorder every module
 * records through, signed checkpoints, verification, retention, the routes, and the periodic jobs
 * (checkpoints, full verification, retention) for the shared job runner.
 */
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { Signer } from '../../crypto/signing.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import { loadInstallationSigner } from '../keys/installation-keys.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { AuditRetention } from './audit-retention.js';
import { AuditSettingsService } from './audit-settings.js';
import type { VerifyResult } from './audit-verify.js';
import { AuditTrail } from './audit.recorder.js';
import { auditApiRoutes } from './audit.routes.js';
import { AuditService } from './audit.service.js';
import { systemContext } from '../../kernel/audit.js';
import { CheckpointService, type CheckpointPublisher } from './checkpoint.service.js';

export interface AuditOptions {
  db: Kysely<Database>;
  clock: Clock;
  keyProvider: KeyProvider;
  /** The recorder every module records through (one per process; it keeps no state but the clock). */
  trail?: AuditTrail;
  checkpointMinutes: number;
  verifyHours: number;
  checkpointDir?: string;
  /** Hooks to the monitoring module: a checkpoint to send off the machine, a broken chain. */
  publishCheckpoint?: CheckpointPublisher;
  onBroken?: (result: VerifyResult) => Promise<void>;
}

export interface Audit {
  trail: AuditTrail;
  checkpoints: CheckpointService;
  service: AuditService;
  retention: AuditRetention;
  settings: AuditSettingsService;
  routes: RouteModule;
  jobs: JobDefinition[];
}

export function createAudit(options: AuditOptions): Audit {
  const { db, clock } = options;
  const trail = options.trail ?? new AuditTrail(clock);
  let signer: Promise<Signer> | undefined;
  const loadSigner = () => {
    signer ??= loadInstallationSigner(db, options.keyProvider, clock).catch((error: unknown) => {
      signer = undefined;
      throw error;
    });
    return signer;
  };
  const checkpoints = new CheckpointService({
    db,
    clock,
    audit: trail,
    signer: loadSigner,
    ...(options.checkpointDir === undefined ? {} : { exportDir: options.checkpointDir }),
    ...(options.publishCheckpoint === undefined ? {} : { publish: options.publishCheckpoint }),
  });
  const service = new AuditService({
    db,
    clock,
    audit: trail,
    checkpoints,
    ...(options.onBroken === undefined ? {} : { onBroken: options.onBroken }),
  });
  const settings = new AuditSettingsService({ db, clock, audit: trail });
  const retention = new AuditRetention({
    db,
    clock,
    audit: trail,
    checkpoints,
    settings,
    signer: loadSigner,
  });
  const jobs: JobDefinition[] = [
    {
      name: 'audit-checkpoint',
      intervalMs: options.checkpointMinutes * 60_000,
      initialDelayMs: 60_000,
      run: async () => {
        await checkpoints.createPeriodic();
      },
    },
    {
      name: 'audit-verify',
      intervalMs: options.verifyHours * 3600_000,
      initialDelayMs: 5 * 60_000,
      leaseMs: 60 * 60_000,
      run: async () => {
        await service.verifyAll((tenantId) => systemContext(tenantId, 'audit-verify'));
      },
    },
    {
      name: 'audit-retention',
      intervalMs: 24 * 3600_000,
      initialDelayMs: 30 * 60_000,
      leaseMs: 60 * 60_000,
      run: async () => {
        await retention.runAll(await checkpoints.verifyKey());
      },
    },
  ];
  return {
    trail,
    checkpoints,
    service,
    retention,
    settings,
    routes: auditApiRoutes({ audit: service, checkpoints, settings, clock }),
    jobs,
  };
}
