/**
 * An installation for self-audit tests: the real services over the suite's database, with a data
 * folder that holds the SQLite file (so backups snapshot the database under test), a generated
 * certificate, an environment-provided KEK, a manual clock, and a self-audit service whose Node.js
 * version is pinned (the check must not depend on the machine running the tests).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildConfig, type Config } from '../../../src/config/config.js';
import { loadEnvKeyProvider } from '../../../src/crypto/env.key-provider.js';
import type { KeyProvider } from '../../../src/crypto/key-provider.js';
import type { Engine } from '../../../src/db/database.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { generateSelfSigned } from '../../../src/http/tls.js';
import type { RequestAuth } from '../../../src/http/request-auth.js';
import { createLogger } from '../../../src/logging/logger.js';
import { systemContext, type AuditContext } from '../../../src/modules/audit/audit.types.js';
import { loadGrants } from '../../../src/modules/auth/account.repository.js';
import { loadInstallationSigner } from '../../../src/modules/keys/installation-keys.js';
import { auditEnvironment } from '../../../src/modules/security-audit/audit-environment.js';
import type { AuditEnvironment } from '../../../src/modules/security-audit/check.types.js';
import { SecurityAuditService } from '../../../src/modules/security-audit/security-audit.service.js';
import { createServices, type Services } from '../../../src/services.js';
import type { TestDatabase } from '../../support/engines.js';
import { LogCapture } from '../../support/app.js';

/** A Node.js version whose line is supported until 2028. */
export const SUPPORTED_NODE = 'v24.11.0';

export interface AuditFixture {
  db: TestDatabase['db'];
  engine: Engine;
  config: Config;
  clock: ManualClock;
  keyProvider: KeyProvider;
  services: Services;
  env: AuditEnvironment;
  /** The self-audit with the pinned runtime. */
  selfAudit: SecurityAuditService;
  log: LogCapture;
  dataDir: string;
  close(): Promise<void>;
}

let certificateDir: string | undefined;

/** One self-signed certificate per test process (generating RSA keys takes a moment). */
async function sharedCertificate(): Promise<string> {
  if (certificateDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'tijori-audit-tls-'));
    await generateSelfSigned(dir);
    certificateDir = dir;
  }
  return join(certificateDir, 'cert.pem');
}

export async function createAuditFixture(
  database: TestDatabase,
  engine: Engine,
  settings: Partial<Record<keyof Config, unknown>> = {},
  envOverrides: Partial<AuditEnvironment> = {},
): Promise<AuditFixture> {
  const ownDir = database.location.sqlitePath === undefined;
  const dataDir = ownDir
    ? mkdtempSync(join(tmpdir(), 'tijori-audit-data-'))
    : dirname(database.location.sqlitePath ?? '');
  const kek = randomBytes(32).toString('base64');
  const config = buildConfig({
    dataDir,
    keyProvider: 'env',
    kek,
    publicUrl: 'https://shop.test',
    tlsCertFile: await sharedCertificate(),
    tlsKeyFile: join(dataDir, 'unused-key.pem'),
    activeKeyCacheSeconds: 0,
    ...(database.location.url === undefined ? {} : { databaseUrl: database.location.url }),
    ...settings,
  });
  const keyProvider = loadEnvKeyProvider(kek);
  const clock = new ManualClock(new Date());
  const log = new LogCapture();
  const logger = createLogger({ level: 'warn', destination: log });
  const services = createServices({ config, database, logger, clock, keyProvider });
  const env: AuditEnvironment = {
    ...auditEnvironment(config, {
      engine,
      blocklistSize: services.identity.deps.blocklist.size,
      retentionJobs: services.jobs.jobNames.filter((n) => n.endsWith('-retention')),
    }),
    runtime: { tijoriVersion: '0.1.0', nodeVersion: SUPPORTED_NODE },
    ...envOverrides,
  };
  const selfAudit = new SecurityAuditService({
    db: database.db,
    engine,
    clock,
    logger,
    audit: services.audit.trail,
    cipher: services.fieldCipher,
    env,
    verifyKey: () => services.audit.checkpoints.verifyKey(),
    signer: () => loadInstallationSigner(database.db, keyProvider, clock),
    raiseAlert: (d) => services.monitoring.alerts.raise(d),
  });
  return {
    db: database.db,
    engine,
    config,
    clock,
    keyProvider,
    services,
    env,
    selfAudit,
    log,
    dataDir,
    async close() {
      await selfAudit.settle();
      await services.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in user's identity as the services take it (roles and permissions from the database). */
export async function authOf(f: AuditFixture, tenantId: string, userId: string): Promise<RequestAuth> {
  const grants = await loadGrants(f.db, tenantId, userId);
  return {
    tenantId,
    userId,
    actor: { type: 'user', id: userId },
    roles: grants.roles,
    permissions: grants.permissions,
    storeIds: grants.storeIds,
    mfaSatisfied: true,
    reauthenticatedAt: f.clock.now(),
  };
}

export function userContext(auth: RequestAuth): AuditContext {
  return { tenantId: auth.tenantId, actor: auth.actor, source: 'test' };
}

export const auditContext = (tenantId: string): AuditContext => systemContext(tenantId, 'test', 'test');
