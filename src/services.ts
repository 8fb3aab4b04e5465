/**
 * Wires the capabilities together: one place that builds every service from the configuration,
 * the database and the side-effect dependencies, and lists the routes each one contributes.
 */
import type { Config } from './config/config.js';
import type { DatabaseHandle } from './db/database.js';
import { AppError } from './domain/app-error.js';
import type { Clock } from './domain/clock.js';
import type { RouteModule } from './http/app.js';
import type { AccessGuard } from './http/route-access.js';
import type { Logger } from './logging/logger.js';
import type { KeyProvider } from './crypto/key-provider.js';
import {
  createIdentity,
  relyingPartyFrom,
  sessionTimeouts,
  type Identity,
} from './modules/auth/identity.module.js';
import { loggingAuditRecorder } from './modules/auth/interim-audit.js';
import { operatorActor } from './modules/billing/billing-actor.js';
import { createBilling, type Billing } from './modules/billing/billing.module.js';
import { loadInstallationSigner } from './modules/keys/installation-keys.js';
import { FieldCipherService } from './modules/keys/field-cipher.service.js';
import { KeyRing, defaultKeyRingOptions } from './modules/keys/key-ring.service.js';
import { keysApiRoutes } from './modules/keys/keys.routes.js';
import { RotationService } from './modules/keys/rotation.service.js';
import { RotationWorker } from './modules/keys/rotation.worker.js';
import { setupApiRoutes, setupPageRoutes } from './modules/setup/setup.routes.js';
import { SetupService, type GstinCheck } from './modules/setup/setup.service.js';

export interface ServiceDeps {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  clock: Clock;
  /** The key-encryption key provider, opened at startup (see bootstrap). */
  keyProvider: KeyProvider;
}

export interface Services {
  setup: SetupService;
  keyRing: KeyRing;
  fieldCipher: FieldCipherService;
  rotation: RotationService;
  /** Re-encrypts in the background after a rotation; started by the server, not by CLI commands. */
  rotationWorker: RotationWorker;
  /** Accounts, sign-in, sessions, MFA, API tokens, the access guard and the reveal gate. */
  identity: Identity;
  /** Catalog, stock, customers, checkout, invoices, credit notes, documents, returns data. */
  billing: Billing;
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
  const { database, clock, logger } = deps;
  const keyRing = new KeyRing(database.db, deps.keyProvider, clock, defaultKeyRingOptions);
  const fieldCipher = new FieldCipherService(database.db, keyRing, clock);
  const rotation = new RotationService(
    database.db,
    keyRing,
    fieldCipher,
    clock,
    defaultKeyRingOptions.activeKeyTtlMs,
  );
  const rotationWorker = new RotationWorker(rotation, logger);
  const identity = createIdentity({
    db: database.db,
    clock,
    keyProvider: deps.keyProvider,
    cipher: fieldCipher,
    // Until the audit module exports its recorder (then: replace this one line).
    audit: loggingAuditRecorder(logger),
    argon2: {
      memoryCost: deps.config.argon2MemoryKib,
      timeCost: deps.config.argon2Iterations,
      parallelism: deps.config.argon2Parallelism,
    },
    timeouts: sessionTimeouts(deps.config),
    allowedOrigins: deps.config.publicUrl === undefined ? [] : [new URL(deps.config.publicUrl).origin],
    relyingParty: relyingPartyFrom(deps.config.publicUrl),
  });
  const setup = new SetupService(database.db, clock, identity.users, basicGstinCheck);
  const billing = createBilling({
    db: database.db,
    engine: database.engine,
    clock,
    // The same recorder as the identity module's (one line to change when the audit module lands).
    audit: identity.deps.audit,
    cipher: fieldCipher,
    reveal: identity.reveal,
    signer: () => loadInstallationSigner(database.db, deps.keyProvider, clock),
  });
  return {
    setup,
    keyRing,
    fieldCipher,
    rotation,
    rotationWorker,
    identity,
    billing,
    guard: identity.guard,
    apiRoutes: [
      setupApiRoutes(setup, {
        fillDemo: (created) => billing.demo.fill(operatorActor(created.tenantId, 'setup'), created.storeId),
      }),
      keysApiRoutes({ keyRing, rotation, clock }),
      ...identity.routes,
      ...billing.routes,
    ],
    rootRoutes: [setupPageRoutes],
    async close() {
      await rotationWorker.stop();
    },
  };
}
