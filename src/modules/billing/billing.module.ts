/**
 * Builds the billing capability (catalog, stock, customers, checkout, invoices, credit notes,
 * exchanges, documents, returns data, settings) from its dependencies: one call from the
 * composition root, and from tests and benchmarks with their own audit recorder.
 */
import { GoodsReceiptService } from '../catalog/goods-receipt.service.js';
import { goodsReceiptApiRoutes } from '../catalog/goods-receipt.routes.js';
import type { Kysely } from 'kysely';
import type { Signer } from '../../crypto/signing.js';
import type { Engine } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ApproverCheck } from '../auth/approver-check.service.js';
import type { RevealGate } from '../auth/step-up.policy.js';
import { catalogApiRoutes } from '../catalog/catalog.routes.js';
import { ItemImportService } from '../catalog/item-import.service.js';
import { ItemService } from '../catalog/item.service.js';
import { LabelService } from '../catalog/label.service.js';
import { labelApiRoutes } from '../catalog/label.routes.js';
import { stockApiRoutes } from '../catalog/stock.routes.js';
import { StockService } from '../catalog/stock.service.js';
import type { CustomerCipher } from '../customers/customer-crypto.js';
import { CustomerImportService } from '../customers/customer-import.service.js';
import { CustomerLedgerService } from '../customers/customer-ledger.service.js';
import { customerApiRoutes } from '../customers/customer.routes.js';
import { CustomerService } from '../customers/customer.service.js';
import { billingSettingsApiRoutes } from './billing-settings.routes.js';
import { storeAdminApiRoutes } from './store-admin.routes.js';
import { StoreAdminService } from './store-admin.service.js';
import { BillingContextCache } from './billing-context.js';
import { DemoDataService } from './demo-data.service.js';
import { DiscountApprovalService } from './discount-approval.service.js';
import { BillingSettingsService } from './billing-settings.service.js';
import { CheckoutService } from './checkout.service.js';
import { counterApiRoutes } from './counter.routes.js';
import { CreditNoteService } from './credit-note.service.js';
import { DebitNoteService } from './debit-note.service.js';
import { DocumentIssuer } from './document-issuer.js';
import { DocumentReader } from './document-reader.js';
import { documentApiRoutes } from './document.routes.js';
import { DocumentService } from './document.service.js';
import { ExchangeService } from './exchange.service.js';
import { invoiceApiRoutes } from './invoice.routes.js';
import { InvoiceService } from './invoice.service.js';
import { publicDocumentApiRoutes } from './public-document.routes.js';
import { QuoteService } from './quote.service.js';
import { ReportService } from './report.service.js';
import { SalesSummaryService } from './sales-summary.service.js';
import { SeriesService } from './series.service.js';
import { offerApiRoutes } from '../offers/offer.routes.js';
import { OfferService } from '../offers/offer.service.js';
import { OfferPricer } from '../offers/sale-offers.js';

export interface BillingOptions {
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  audit: AuditRecorder;
  /** Documents encrypt and index with it; customers also look up by blind index with it. */
  cipher: CustomerCipher;
  /** The identity module's reveal gate (absent: customers cannot be revealed). */
  reveal?: RevealGate;
  /** The installation signer for printed documents. */
  signer: () => Promise<Signer>;
  /** The identity module's check of a manager's credentials (absent: no approvals). */
  approvers?: ApproverCheck;
  /** The installation's public address (bills carry a QR code to its verification page). */
  publicUrl?: string;
}

export interface Billing {
  items: ItemService;
  itemImports: ItemImportService;
  stock: StockService;
  receipts: GoodsReceiptService;
  customers: CustomerService;
  customerLedger: CustomerLedgerService;
  customerImports: CustomerImportService;
  settings: BillingSettingsService;
  series: SeriesService;
  checkout: CheckoutService;
  invoices: InvoiceService;
  creditNotes: CreditNoteService;
  debitNotes: DebitNoteService;
  exchanges: ExchangeService;
  documents: DocumentService;
  reports: ReportService;
  demo: DemoDataService;
  reader: DocumentReader;
  approvals: DiscountApprovalService;
  quotes: QuoteService;
  sales: SalesSummaryService;
  offers: OfferService;
  labels: LabelService;
  storeAdmin: StoreAdminService;
  /** Issuing once per idempotency key, and the per-tenant settings cache (the offline counter uses both). */
  issuer: DocumentIssuer;
  context: BillingContextCache;
  routes: RouteModule[];
}

export function createBilling(options: BillingOptions): Billing {
  const { db, engine, clock, audit, cipher } = options;
  const items = new ItemService(db, clock, audit);
  const itemImports = new ItemImportService(db, clock, audit);
  const stock = new StockService(db, clock, audit);
  const receipts = new GoodsReceiptService(db, clock, audit);
  const customers = new CustomerService({
    db,
    clock,
    audit,
    cipher,
    ...(options.reveal ? { reveal: options.reveal } : {}),
  });
  const customerLedger = new CustomerLedgerService(db, clock, audit);
  const customerImports = new CustomerImportService(db, cipher, customers, audit);
  const context = new BillingContextCache(db, clock);
  const settings = new BillingSettingsService(db, clock, audit, context);
  const series = new SeriesService(db);
  const storeAdmin = new StoreAdminService(db, clock, audit, context);
  const reader = new DocumentReader(db, cipher);
  const issuer = new DocumentIssuer(db, clock);
  const approvals = new DiscountApprovalService({
    db,
    clock,
    audit,
    ...(options.approvers === undefined ? {} : { approvers: options.approvers }),
  });
  const checkout = new CheckoutService({
    db,
    clock,
    audit,
    cipher,
    customers,
    issuer,
    reader,
    context,
    approvals,
    offers: new OfferPricer(db, context, audit),
  });
  const offers = new OfferService({ db, clock, audit, cache: context });
  const invoices = new InvoiceService({ db, engine, clock, audit, cipher, reader });
  const creditNotes = new CreditNoteService({
    db,
    engine,
    clock,
    audit,
    cipher,
    reader,
    issuer,
    approvals,
  });
  const debitNotes = new DebitNoteService({ db, engine, clock, audit, cipher, reader, issuer });
  const exchanges = new ExchangeService({ db, checkout, creditNotes, issuer, reader });
  const documents = new DocumentService({
    db,
    reader,
    cipher,
    signer: options.signer,
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
  });
  const reports = new ReportService({ db, cipher, audit });
  const demo = new DemoDataService({ db, items, stock, customers, settings });
  const quotes = new QuoteService({ db, context, checkout, creditNotes, reader });
  const sales = new SalesSummaryService({ db, clock });
  const labels = new LabelService(db, clock, audit);
  return {
    items,
    itemImports,
    stock,
    receipts,
    customers,
    customerLedger,
    customerImports,
    settings,
    series,
    checkout,
    invoices,
    creditNotes,
    debitNotes,
    exchanges,
    documents,
    reports,
    demo,
    reader,
    approvals,
    quotes,
    sales,
    offers,
    labels,
    storeAdmin,
    issuer,
    context,
    routes: [
      catalogApiRoutes(items, itemImports),
      stockApiRoutes(stock),
      goodsReceiptApiRoutes(receipts),
      customerApiRoutes({ customers, ledger: customerLedger, imports: customerImports }),
      invoiceApiRoutes({ checkout, invoices, creditNotes, exchanges, reader, debitNotes }),
      documentApiRoutes({ documents, reports }),
      publicDocumentApiRoutes(documents),
      billingSettingsApiRoutes({ settings, series, clock }),
      counterApiRoutes({ quotes, approvals, sales }),
      offerApiRoutes(offers),
      labelApiRoutes(labels),
      storeAdminApiRoutes({ stores: storeAdmin, clock }),
    ],
  };
}
