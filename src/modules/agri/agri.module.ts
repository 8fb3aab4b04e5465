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
import type { CreditNoteService } from '../billing/credit-note.service.js';
import type { DocumentService } from '../billing/document.service.js';
import type { GoodsReceiptService } from '../catalog/goods-receipt.service.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { forEachActiveTenant } from '../jobs/tenant-work.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import { AadhaarVaultService, type VaultRevealGate } from './aadhaar-vault.service.js';
import { aadhaarVaultRoutes } from './aadhaar-vault.routes.js';
import { KhataGuarantorService } from './khata-guarantor.service.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { agriApiRoutes } from './agri.routes.js';
import { batchApiRoutes } from './batch.routes.js';
import { BatchService } from './batch.service.js';
import { writeFertiliserSubsidy } from './fertiliser-subsidy.js';
import { KhataService } from './khata.service.js';
import { LicenceService } from './licence.service.js';
import { AgriSettingsService } from './agri-settings.service.js';
import { RecallService, type RecallRevealGate } from './recall.service.js';

export interface AgriOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  checkout: CheckoutService;
  receipts: GoodsReceiptService;
  /** Printed documents: batches on lines and licences on bills. */
  documents?: DocumentService;
  /** Credit notes put returned stock back into the batch it was sold from. */
  creditNotes?: CreditNoteService;
  /** The farmer's name and phone, decrypted by the customers module (statements, recalls). */
  customers?: {
    contactOf(tenantId: string, customerId: string): Promise<{ name: string | null; phone: string | null }>;
  };
  /** The reveal gate recalls reveal farmers through (permission, reason, step-up, audit). */
  reveal?: RecallRevealGate & VaultRevealGate;
  /** Field encryption: the Aadhaar vault and the khata guarantor exist only with it. */
  cipher?: FieldCipher;
  /** SMS recall notices and khata reminders. */
  outbox?: NotificationOutbox;
}

export interface Agri {
  batches: BatchService;
  licences: LicenceService;
  settings: AgriSettingsService;
  khata: KhataService;
  recalls: RecallService;
  vault?: AadhaarVaultService;
  guarantors?: KhataGuarantorService;
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
  options.creditNotes?.onNoteWritten(batches.returnWriter);
  const contactOf = options.customers?.contactOf.bind(options.customers);
  const khata = new KhataService({
    db,
    clock,
    audit,
    farmerName: async (tenantId, customerId) => (await contactOf?.(tenantId, customerId))?.name ?? '-',
    ...(options.outbox === undefined ? {} : { outbox: options.outbox }),
  });
  const recalls = new RecallService({
    db,
    audit,
    ...(options.reveal === undefined ? {} : { reveal: options.reveal }),
    ...(contactOf === undefined ? {} : { contactOf }),
    ...(options.outbox === undefined ? {} : { outbox: options.outbox }),
  });
  const jobs: JobDefinition[] = [
    {
      name: 'agri-expired-stock',
      intervalMs: 6 * HOUR,
      async run() {
        await forEachActiveTenant(db, (tenantId) =>
          batches.segregateAll(tenantId, operatorActor(tenantId, 'job')),
        );
      },
    },
    {
      name: 'agri-khata-reminders',
      intervalMs: 24 * HOUR,
      async run() {
        await forEachActiveTenant(db, (tenantId) => khata.queueReminders(tenantId));
      },
    },
  ];
  const settings = new AgriSettingsService(db, clock, audit);
  const parts = { batches, licences, settings, khata, recalls };
  const vault =
    options.cipher === undefined
      ? undefined
      : new AadhaarVaultService({
          db,
          clock,
          audit,
          cipher: options.cipher,
          ...(options.reveal ? { reveal: options.reveal } : {}),
        });
  const guarantors =
    options.cipher === undefined
      ? undefined
      : new KhataGuarantorService({
          db,
          clock,
          audit,
          cipher: options.cipher,
          ...(options.reveal ? { reveal: options.reveal } : {}),
        });
  const routes = [
    agriApiRoutes(parts, db),
    batchApiRoutes(parts, db),
    ...(vault === undefined || guarantors === undefined ? [] : [aadhaarVaultRoutes(vault, guarantors)]),
  ];
  return {
    ...parts,
    ...(vault === undefined ? {} : { vault }),
    ...(guarantors ? { guarantors } : {}),
    routes,
    jobs,
  };
}
