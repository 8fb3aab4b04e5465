/**
 * Wires the capabilities together: one place that builds every service from the configuration,
 * the database and the side-effect dependencies, and lists the routes each one contributes.
 */
import type { Config } from './config/config.js';
import type { DatabaseHandle } from './db/database.js';
import { AppError } from './domain/app-error.js';
import type { Clock } from './domain/clock.js';
import type { RouteModule } from './http/app.js';
import { defaultWebDir, webAppRoutes } from './http/web-app.routes.js';
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
import { ErasureService } from './modules/keys/erasure.service.js';
import { FieldCipherService } from './modules/keys/field-cipher.service.js';
import { erasureJournalPath } from './modules/keys/key-files.js';
import { KeyRing, defaultKeyRingOptions } from './modules/keys/key-ring.service.js';
import { KeyVersionService } from './modules/keys/key-versions.service.js';
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
  /** The minimum decryption version of key series. */
  keyVersions: KeyVersionService;
  /** Crypto-shredding of a data subject (privacy requests, retention), journaled after commit. */
  erasure: ErasureService;
  /** Re-encrypts in the background after a rotation; started by the server, not by CLI commands. */
  rotationWorker: RotationWorker;
  /** Accounts, sign-in, sessions, MFA, API tokens, the access guard and the reveal gate. */
  identity: Identity;
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
  const ringOptions = { ...defaultKeyRingOptions, activeKeyTtlMs: deps.config.activeKeyCacheSeconds * 1000 };
  const keyRing = new KeyRing(database.db, deps.keyProvider, clock, ringOptions);
  const fieldCipher = new FieldCipherService(database.db, keyRing, clock, {
    expectedRows: deps.config.blindIndexExpectedRows,
    ...(deps.config.blindIndexBits === undefined ? {} : { bits: deps.config.blindIndexBits }),
  });
  const rotation = new RotationService(database.db, keyRing, fieldCipher, clock, ringOptions.activeKeyTtlMs);
  const rotationWorker = new RotationWorker(rotation, logger);
  // Until the audit module exports its recorder (then: replace this one line).
  const audit = loggingAuditRecorder(logger);
  const keyVersions = new KeyVersionService(database.db, keyRing, clock, audit);
  const erasure = new ErasureService(database.db, clock, fieldCipher, audit, erasureJournalPath(deps.config));
  const identity = createIdentity({
    db: database.db,
    clock,
    keyProvider: deps.keyProvider,
    cipher: fieldCipher,
    audit,
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
  return {
    setup,
    keyRing,
    fieldCipher,
    rotation,
    keyVersions,
    erasure,
    rotationWorker,
    identity,
    guard: identity.guard,
    apiRoutes: [
      setupApiRoutes(setup),
      keysApiRoutes({
        db: database.db,
        keyRing,
        keyProvider: deps.keyProvider,
        cipher: fieldCipher,
        rotation,
        versions: keyVersions,
        clock,
      }),
      ...identity.routes,
    ],
    rootRoutes: [setupPageRoutes, webAppRoutes(deps.config.webDir ?? defaultWebDir())],
    async close() {
      await rotationWorker.stop();
    },
  };
}
