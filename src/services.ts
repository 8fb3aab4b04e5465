/**
 * Wires the capabilities together: one place that builds every service from the configuration,
 * the database and the side-effect dependencies, and lists the routes each one contributes.
 */
import type { Config } from './config/config.js';
import type { DatabaseHandle } from './db/database.js';
import { AppError } from './domain/app-error.js';
import type { Clock } from './domain/clock.js';
import type { RouteModule } from './http/app.js';
import { publicOnlyGuard, type AccessGuard } from './http/route-access.js';
import type { Logger } from './logging/logger.js';
import { setupApiRoutes, setupPageRoutes } from './modules/setup/setup.routes.js';
import { SetupService, type GstinCheck, type OwnerCreator } from './modules/setup/setup.service.js';

export interface ServiceDeps {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  clock: Clock;
}

export interface Services {
  setup: SetupService;
  guard: AccessGuard;
  apiRoutes: RouteModule[];
  rootRoutes: RouteModule[];
  /** Stops background work owned by the services (jobs, caches); the database is closed by the caller. */
  close(): Promise<void>;
}

// Replaced by the identity module's owner creation.
const ownerCreatorUnavailable: OwnerCreator = {
  createOwner: () => Promise.reject(new AppError('unavailable', 'owner accounts cannot be created yet')),
};

const basicGstinCheck: GstinCheck = (gstin, stateCode) => {
  if (!/^[0-9]{2}[0-9A-Z]{13}$/.test(gstin))
    throw new AppError('validation_failed', 'GSTIN must be 15 characters', 'gstin');
  if (gstin.slice(0, 2) !== stateCode) {
    throw new AppError('validation_failed', 'the GSTIN does not belong to the chosen state', 'stateCode');
  }
};

export function createServices(deps: ServiceDeps): Services {
  const { database, clock } = deps;
  const setup = new SetupService(database.db, clock, ownerCreatorUnavailable, basicGstinCheck);
  return {
    setup,
    guard: publicOnlyGuard,
    apiRoutes: [setupApiRoutes(setup)],
    rootRoutes: [setupPageRoutes],
    close: () => Promise.resolve(),
  };
}
