/**
 * Builds agri-input billing (issue 17) from its dependencies: category rules, batches and
 * expiry (registered as a goods-receipt writer and a checkout writer), dealer licences, and the
 * daily job that moves expired batches to the segregated expired stock.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import { operatorActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { CheckoutService } from '../billing/checkout.service.js';
import type { DocumentService } from '../billing/document.service.js';
import type { GoodsReceiptService } from '../catalog/goods-receipt.service.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { agriApiRoutes } from './agri.routes.js';
import { BatchService } from './batch.service.js';
import { writeFertiliserSubsidy } from './fertiliser-subsidy.js';
import { LicenceService } from './licence.service.js';

export interface AgriOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  checkout: CheckoutService;
  receipts: GoodsReceiptService;
  /** Printed documents: batches on lines and licences on bills. */
  documents?: DocumentService;
}

export interface Agri {
  batches: BatchService;
  licences: LicenceService;
  routes: RouteModule[];
  jobs: JobDefinition[];
}

const HOUR = 3_600_000;

export function createAgri(options: AgriOptions): Agri {
  const { db, clock, audit } = options;
  const licences = new LicenceService(db, clock, audit);
  const batches = new BatchService(db, clock, audit, licences);
  options.receipts.onReceived(batches.receiptWriter);
  options.checkout.onSaleWritten(batches.saleWriter);
  options.checkout.onSaleWritten(writeFertiliserSubsidy);
  options.documents?.onPrint(batches.printNotes);
  const jobs: JobDefinition[] = [
    {
      name: 'agri-expired-stock',
      intervalMs: 6 * HOUR,
      async run() {
        const tenants = await db.selectFrom('tenants').select('id').orderBy('id').execute();
        for (const t of tenants) await batches.segregateAll(t.id, operatorActor(t.id, 'job'));
      },
    },
  ];
  const parts = { batches, licences };
  return { ...parts, routes: [agriApiRoutes(parts)], jobs };
}
