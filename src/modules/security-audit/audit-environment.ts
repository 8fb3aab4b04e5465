/**
 * The installation settings the checks judge, taken once from the configuration and the running
 * process (the composition root builds it; tests build their own). Holds no secret: the database
 * URL contributes only its host.
 */
import type { Config } from '../../config/config.js';
import type { Engine } from '../../db/database.js';
import { certificatePaths, SERVER_TLS_MIN_VERSION } from '../../http/tls.js';
import { TIJORI_VERSION } from '../../version.js';
import { sessionTimeouts } from '../auth/identity.module.js';
import { kekFilePath } from '../keys/key-provider.factory.js';
import type { AuditEnvironment } from './check.types.js';

function databaseHost(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return null;
  }
}

export interface EnvironmentExtras {
  engine: Engine;
  /** Entries in the loaded password blocklist. */
  blocklistSize: number;
  /** Names of the registered retention jobs. */
  retentionJobs: readonly string[];
}

export function auditEnvironment(config: Config, extras: EnvironmentExtras): AuditEnvironment {
  const timeouts = sessionTimeouts(config);
  return {
    dataDir: config.dataDir,
    keyProvider: {
      kind: config.keyProvider,
      kekFile: kekFilePath(config),
      hsmAvailable: config.hsmAvailable || config.pkcs11Module !== undefined,
    },
    tls: {
      httpOnly: config.httpOnly,
      certFile: certificatePaths(config).cert,
      minVersion: SERVER_TLS_MIN_VERSION,
    },
    database: { engine: extras.engine, host: databaseHost(config.databaseUrl), tls: config.databaseTls },
    sessions: {
      privilegedIdleMinutes: timeouts.privilegedIdleMs / 60_000,
      counterIdleMinutes: timeouts.counterIdleMs / 60_000,
      absoluteHours: timeouts.absoluteMs / 3_600_000,
    },
    passwords: {
      memoryKib: config.argon2MemoryKib,
      iterations: config.argon2Iterations,
      parallelism: config.argon2Parallelism,
      blocklistSize: extras.blocklistSize,
    },
    audit: { checkpointMinutes: config.auditCheckpointMinutes },
    retentionJobs: extras.retentionJobs,
    runtime: { tijoriVersion: TIJORI_VERSION, nodeVersion: process.version },
  };
}
