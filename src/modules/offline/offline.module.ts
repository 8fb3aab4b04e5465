/**
 * Builds the offline counter (issue 21, ADR 0066): counter keys and the remote wipe, blocks of
 * numbers and the sync of offline sales (through billing's checkout and idempotency keys), and
 * the catalog a counter keeps.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { Billing } from '../billing/billing.module.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { Detection } from '../monitoring/alert.service.js';
import { CounterKeyService } from './counter-keys.service.js';
import { OfflineCatalogService } from './offline-catalog.service.js';
import { OfflineSyncService } from './offline-sync.service.js';
import { offlineApiRoutes } from './offline.routes.js';

export interface OfflineOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  billing: Pick<Billing, 'checkout' | 'issuer' | 'reader' | 'context'>;
  raiseAlert: (detection: Detection) => Promise<unknown>;
}

export interface Offline {
  keys: CounterKeyService;
  sync: OfflineSyncService;
  catalog: OfflineCatalogService;
  routes: RouteModule[];
}

export function createOffline(options: OfflineOptions): Offline {
  const { db, clock, audit, cipher, billing } = options;
  const keys = new CounterKeyService({ db, clock, audit, cipher });
  const sync = new OfflineSyncService({
    db,
    clock,
    audit,
    checkout: billing.checkout,
    issuer: billing.issuer,
    reader: billing.reader,
    raiseAlert: options.raiseAlert,
  });
  const catalog = new OfflineCatalogService(db, clock, billing.context);
  return { keys, sync, catalog, routes: [offlineApiRoutes({ keys, sync, catalog })] };
}
