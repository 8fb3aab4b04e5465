/**
 * Writing issued documents (invoices and credit notes share one table; reading them back is in
 * document-read.repository.ts). The write order inside a transaction is: lines and payments,
 * then the caller's effects (stock, balances), then the number, then the header row, so that the
 * series counter is locked for the shortest time (the line and payment foreign keys are checked
 * at commit).
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { prepareInsert } from '../../db/prepared-query.js';
import type { Database } from '../../db/schema.js';
import type {
  SalesDocumentLinesTable,
  SalesDocumentsTable,
  SalesPaymentsTable,
} from '../../db/tables/billing.tables.js';
import type {
  DocumentKind,
  DocumentTotals,
  ExportDetails,
  LetterOfUndertaking,
  SupplierParty,
  SupplyType,
  TaxRegime,
  TaxedLine,
} from '../../domain/gst/index.js';
import type { FinancialYear, SeriesFormat } from '../../domain/numbering/index.js';
import type { SealedBuyer } from './document-crypto.js';
import { newId } from '../../domain/ids.js';
import { takeNextNumber, type SeriesName, type TakenNumber } from './series.repository.js';

export type DocumentRow = Selectable<SalesDocumentsTable>;
export type LineRow = Selectable<SalesDocumentLinesTable>;
export type PaymentRow = Selectable<SalesPaymentsTable>;

/** A line to store: the engine's taxed line plus catalog links. */
export interface DraftLine extends TaxedLine {
  readonly itemId: string | null;
  readonly variantId: string | null;
  readonly rateCategory: string | null;
  readonly origLineNo?: number | null;
  readonly restocked?: boolean;
}

/** A payment row to write with a document (encrypted already). */
export type PaymentDraft = Omit<Insertable<SalesPaymentsTable>, 'tenant_id' | 'document_id'>;

/** The value of an exchange's credit note paying for its new invoice (on both documents). */
export function storeCreditRow(amountPaise: number, seq = 1): PaymentDraft {
  return {
    id: newId(),
    seq,
    method: 'store-credit',
    amount: amountPaise,
    tendered: null,
    change_due: 0,
    reference_enc: null,
    card_last4: null,
  };
}

/** A document ready to write, everything encrypted already. */
export interface DocumentDraft {
  readonly id: string;
  readonly docType: 'invoice' | 'credit-note' | 'debit-note';
  readonly kind: DocumentKind;
  readonly storeId: string;
  readonly counterId: string | null;
  readonly series: SeriesName;
  readonly year: FinancialYear;
  readonly format: Required<SeriesFormat>;
  /** The number already taken (an offline sale's, from its counter's block); absent: the series' next. */
  readonly number?: TakenNumber;
  readonly date: string;
  readonly issuedAt: string;
  readonly customerId: string | null;
  readonly buyer: SealedBuyer;
  readonly placeOfSupply: string;
  readonly regime: TaxRegime;
  /** Default `regular`; notes carry their original invoice's. */
  readonly supplyType?: SupplyType;
  readonly exportDetails?: ExportDetails | null;
  readonly lut?: LetterOfUndertaking | null;
  readonly supplier: SupplierParty;
  readonly supplierStateCode: string;
  readonly lines: readonly DraftLine[];
  readonly totals: DocumentTotals;
  readonly payments: readonly PaymentDraft[];
  readonly original?: {
    id: string;
    number: string;
    date: string;
    totalPaise: number;
    placeOfSupply: string;
  } | null;
  readonly reason?: string | null;
  readonly exchangeId?: string | null;
  readonly createdBy: string | null;
}

function lineRow(
  tenantId: string,
  documentId: string,
  line: DraftLine,
  index: number,
): Insertable<SalesDocumentLinesTable> {
  return {
    tenant_id: tenantId,
    document_id: documentId,
    line_no: index + 1,
    item_id: line.itemId,
    variant_id: line.variantId,
    rate_category: line.rateCategory,
    orig_line_no: line.origLineNo ?? null,
    description: line.description,
    hsn_sac: line.hsnSac,
    is_service: line.isService ? 1 : 0,
    qty_milli: Math.round(line.quantity * 1000),
    unit: line.unit,
    unit_price: line.unitPricePaise,
    price_includes_tax: line.priceIncludesTax ? 1 : 0,
    unit_price_excl: line.unitPriceExclusivePaise,
    gross: line.grossPaise,
    discount: line.discountPaise,
    taxable: line.taxablePaise,
    supply: line.supply,
    rate: line.rate,
    cess_rate: line.cessRate,
    cgst: line.taxes.cgst,
    sgst: line.taxes.sgst,
    utgst: line.taxes.utgst,
    igst: line.taxes.igst,
    cess: line.taxes.cess,
    total: line.totalPaise,
    restocked: line.restocked === true ? 1 : 0,
  };
}

const insertLines = prepareInsert('sales_document_lines');
const insertPayments = prepareInsert('sales_payments');
const insertHeader = prepareInsert('sales_documents');

/**
 * Writes a document in the caller's transaction: lines and payments, `effects` (stock, balances),
 * then the number and the header. Returns the number taken.
 */
export async function writeDocument(
  trx: Kysely<Database>,
  tenantId: string,
  draft: DocumentDraft,
  effects: () => Promise<void>,
): Promise<TakenNumber> {
  const lines = draft.lines.map((line, i) => lineRow(tenantId, draft.id, line, i));
  for (let i = 0; i < lines.length; i += 200) await insertLines(trx, lines.slice(i, i + 200));
  if (draft.payments.length > 0)
    await insertPayments(
      trx,
      draft.payments.map((p) => ({ ...p, tenant_id: tenantId, document_id: draft.id })),
    );
  await effects();
  // An offline sale brings the number its counter took from a reserved block.
  const taken =
    draft.number ??
    (await takeNextNumber(
      trx,
      tenantId,
      draft.storeId,
      draft.series,
      draft.year,
      draft.format,
      draft.issuedAt,
    ));
  const t = draft.totals;
  const header: Insertable<SalesDocumentsTable> = {
    tenant_id: tenantId,
    id: draft.id,
    doc_type: draft.docType,
    kind: draft.kind,
    store_id: draft.storeId,
    counter_id: draft.counterId,
    series_key: taken.seriesKey,
    fy: draft.year.startYear,
    seq: taken.seq,
    number: taken.number,
    doc_date: draft.date,
    issued_at: draft.issuedAt,
    customer_id: draft.customerId,
    ...draft.buyer,
    place_of_supply: draft.placeOfSupply,
    regime: draft.regime,
    reverse_charge: 0,
    supplier_gstin: draft.supplier.gstin,
    supplier_state_code: draft.supplierStateCode,
    registration: draft.supplier.registration,
    supplier_json: JSON.stringify(draft.supplier),
    gross: t.grossPaise,
    discount: t.discountPaise,
    taxable: t.taxablePaise,
    cgst: t.taxes.cgst,
    sgst: t.taxes.sgst,
    utgst: t.taxes.utgst,
    igst: t.taxes.igst,
    cess: t.taxes.cess,
    tax: t.taxPaise,
    exact_total: t.exactTotalPaise,
    round_off: t.roundOffPaise,
    total: t.totalPaise,
    original_id: draft.original?.id ?? null,
    original_number: draft.original?.number ?? null,
    original_date: draft.original?.date ?? null,
    original_total: draft.original?.totalPaise ?? null,
    original_pos: draft.original?.placeOfSupply ?? null,
    reason: draft.reason ?? null,
    exchange_id: draft.exchangeId ?? null,
    created_by: draft.createdBy,
    supply_type: draft.supplyType ?? 'regular',
    export_json: draft.exportDetails ? JSON.stringify(draft.exportDetails) : null,
    lut_json: draft.lut ? JSON.stringify(draft.lut) : null,
  };
  await insertHeader(trx, [header]);
  return taken;
}
