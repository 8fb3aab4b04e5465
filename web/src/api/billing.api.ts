/**
 * Selling and the documents it makes (server: /api/v1/invoices, /credit-notes, /exchanges, the
 * counter's quotes, approvals and UPI QR, billing settings and reports). Types come from the
 * server's own definitions.
 */
import type {
  DocumentView,
  ExportDetailsInput,
  PaymentInput,
} from '../../../src/modules/billing/checkout.schemas';
import type { SupplyType } from '../../../src/domain/gst/supply-type';
import type { ApprovalView } from '../../../src/modules/billing/discount-approval.service';
import type {
  CreditNoteQuote,
  InvoiceQuote,
  ReturnableLine,
} from '../../../src/modules/billing/quote.service';
import type { DailySales } from '../../../src/modules/billing/sales-summary.service';
import type { BillingSettings, StoreProfile } from '../../../src/modules/billing/billing-settings.schemas';
import type { InvoiceSummary } from '../../../src/modules/billing/invoice.service';
import { api } from './api-client';

export type {
  ApprovalView,
  BillingSettings,
  CreditNoteQuote,
  DailySales,
  DocumentView,
  InvoiceQuote,
  InvoiceSummary,
  PaymentInput,
  ReturnableLine,
  StoreProfile,
  SupplyType,
};

export type DocType = 'invoice' | 'credit-note' | 'debit-note';

/** A line of a sale as the counter sends it. */
export interface SaleLine {
  variantId: string;
  quantity: number;
  discountPaise?: number;
  /** The batch the cashier chose (agri inputs; absent: earliest expiry first). */
  batchId?: string;
}

export interface SaleRequest {
  storeId: string;
  customerId?: string | null;
  lines: SaleLine[];
  approvalId?: string;
  /** Coupons, offers left out, offers a manager applies anyway. */
  offers?: { couponCodes?: string[]; skip?: string[]; force?: string[] };
  /** Absent: a regular sale. Exports and SEZ supplies are zero-rated (issue 18). */
  supplyType?: SupplyType;
  export?: ExportDetailsInput;
  /** Subsidised fertiliser sold through the government PoS device: its slip's reference and bags. */
  fertiliserSubsidy?: { posReference: string; bags: number };
}

/** A debit note's line: the invoice line and the increase of its value before tax. */
export interface DebitLine {
  lineNumber: number;
  taxablePaise: number;
}

export interface ReturnRequestLine {
  lineNumber: number;
  quantity: number;
  restock: boolean;
}

const id = encodeURIComponent;
const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });

/** The API path of a document collection. */
export const collectionOf = (type: DocType) =>
  type === 'invoice' ? '/invoices' : type === 'credit-note' ? '/credit-notes' : '/debit-notes';

/** Where a document's printable form is (same origin; the session cookie goes with it). */
export function documentFileUrl(
  type: DocType,
  documentId: string,
  format: 'a4' | 'thermal' | 'text',
): string {
  const base = `/api/v1${collectionOf(type)}/${id(documentId)}`;
  return format === 'text' ? `${base}/receipt.txt` : `${base}/pdf?format=${format}`;
}

export const billingApi = {
  quote: (sale: SaleRequest, signal?: AbortSignal) =>
    api<InvoiceQuote>('POST', '/invoices/quote', sale, signal === undefined ? {} : { signal }),
  checkout: (sale: SaleRequest & { payments: PaymentInput[] }, key: string) =>
    api<DocumentView>('POST', '/invoices', sale, withKey(key)),
  approve: (input: {
    storeId: string;
    email: string;
    password: string;
    code: string;
    maxDiscountPaise: number;
    purpose?: 'discount' | 'refund';
    offers?: { skip: readonly string[]; force: readonly string[] };
  }) => api<ApprovalView>('POST', '/discount-approvals', input),
  upiRequest: (storeId: string, amountPaise: number, reference: string) =>
    api<{ uri: string; qrDataUrl: string }>('POST', '/payments/upi-request', {
      storeId,
      amountPaise,
      reference,
    }),
  documents: (type: DocType, query: Record<string, string>) =>
    api<{ documents: InvoiceSummary[] }>(
      'GET',
      `${collectionOf(type)}?${new URLSearchParams(query).toString()}`,
    ),
  document: (type: DocType, documentId: string) =>
    api<DocumentView>('GET', `${collectionOf(type)}/${id(documentId)}`),
  findInvoice: async (number: string): Promise<InvoiceSummary | null> => {
    const found = await api<{ documents: InvoiceSummary[] }>(
      'GET',
      `/invoices?${new URLSearchParams({ number: number.trim() }).toString()}`,
    );
    return found.documents[0] ?? null;
  },
  returnable: (invoiceId: string) =>
    api<{ lines: ReturnableLine[] }>('GET', `/invoices/${id(invoiceId)}/returnable`),
  quoteReturn: (invoiceId: string, lines: ReturnRequestLine[]) =>
    api<CreditNoteQuote>('POST', '/credit-notes/quote', { invoiceId, lines }),
  creditNote: (
    input: {
      invoiceId: string;
      reason: 'return';
      lines: ReturnRequestLine[];
      refunds: PaymentInput[];
      approvalId?: string;
    },
    key: string,
  ) => api<DocumentView>('POST', '/credit-notes', input, withKey(key)),
  exchange: (
    input: {
      invoiceId: string;
      returnLines: ReturnRequestLine[];
      lines: SaleLine[];
      payments: PaymentInput[];
      refunds: PaymentInput[];
      approvalId?: string;
      refundApprovalId?: string;
    },
    key: string,
  ) =>
    api<{ exchangeId: string; creditNote: DocumentView; invoice: DocumentView }>(
      'POST',
      '/exchanges',
      input,
      withKey(key),
    ),
  cancel: (invoiceId: string, reason: string, note: string) =>
    api<DocumentView>('POST', `/invoices/${id(invoiceId)}/cancel`, {
      reason,
      ...(note.trim() === '' ? {} : { note: note.trim() }),
    }),
  eInvoice: (invoiceId: string) =>
    api<Record<string, unknown>>('GET', `/invoices/${id(invoiceId)}/e-invoice`),
  quoteDebitNote: (invoiceId: string, lines: DebitLine[]) =>
    api<{ lines: DocumentView['lines']; totals: DocumentView['totals'] }>('POST', '/debit-notes/quote', {
      invoiceId,
      lines,
    }),
  debitNote: (
    input: {
      invoiceId: string;
      reason: 'price-increase' | 'correction' | 'other';
      lines: DebitLine[];
      payments: PaymentInput[];
    },
    key: string,
  ) => api<DocumentView>('POST', '/debit-notes', input, withKey(key)),
  dailySales: (date?: string) =>
    api<DailySales>('GET', `/reports/daily-sales${date === undefined ? '' : `?date=${date}`}`),
  settings: () => api<BillingSettings>('GET', '/billing/settings'),
  saveSettings: (patch: Partial<BillingSettings>) =>
    api<BillingSettings>('PATCH', '/billing/settings', patch),
  storeProfile: (storeId: string) => api<StoreProfile>('GET', `/stores/${id(storeId)}/billing-profile`),
  saveStoreProfile: (storeId: string, patch: Partial<StoreProfile>) =>
    api<StoreProfile>('PATCH', `/stores/${id(storeId)}/billing-profile`, patch),
};
