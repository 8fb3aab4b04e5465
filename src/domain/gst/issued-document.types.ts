/**
 * An issued document (invoice, bill of supply, credit note) as the persistence side loads or
 * streams it: header, parties (personal fields already decrypted), priced lines and totals.
 * The document renderers, the GSTR-1 builder, the e-invoice builder and the sales register all
 * read this one shape.
 */
import type { Paise } from '../money/money.js';
import type { IsoDate } from './ist-date.js';
import type { DocumentKind, DocumentTotals, SupplierRegistration, TaxedLine } from './pricing.types.js';
import type { StateCode } from './states.js';
import type { ExportDetails, LetterOfUndertaking, SupplyType } from './supply-type.js';
import type { TaxRegime } from './tax-heads.js';

/** Invoices (tax invoice, bill of supply, invoice-cum-bill of supply) and notes. */
export type DocumentType = 'invoice' | 'credit-note' | 'debit-note';

/** A postal address as printed. */
export interface PostalAddress {
  readonly line1: string;
  readonly line2?: string | null;
  /** Town or city (e-invoice `Loc`). */
  readonly city: string;
  /** Six digits (e-invoice `Pin`). */
  readonly pincode: string;
  readonly stateCode: StateCode;
}

/** The supplier: the business and the billing store. */
export interface SupplierParty {
  readonly gstin: string;
  readonly legalName: string;
  readonly tradeName?: string | null;
  readonly address: PostalAddress;
  readonly registration: SupplierRegistration;
  readonly phone?: string | null;
  readonly email?: string | null;
}

/**
 * The buyer as stored, decrypted. Renderers decide what may be printed (B2B: GSTIN, name,
 * address; B2C: name, address and state only when the taxable value is Rs 50,000 or more).
 */
export interface BuyerParty {
  readonly gstin?: string | null;
  /** Legal name for B2B (e-invoice `LglNm`), the person's name for B2C. */
  readonly name?: string | null;
  readonly address?: PostalAddress | null;
  /** State on record when there is no full address. */
  readonly stateCode?: StateCode | null;
  readonly phone?: string | null;
  readonly email?: string | null;
}

/** A stored document line: the priced line plus its position. */
export interface IssuedLine extends TaxedLine {
  /** Line number from 1. */
  readonly number: number;
  readonly itemId?: string | null;
}

/** A payment taken for an invoice (card: last 4 digits and a processor reference only). */
export interface IssuedPayment {
  readonly method: 'cash' | 'upi' | 'card' | 'credit' | 'store-credit' | 'wallet';
  readonly amountPaise: Paise;
  readonly reference?: string | null;
  readonly cardLast4?: string | null;
  /** Cash tendered beyond the amount, returned as change. */
  readonly changePaise?: Paise;
}

/** The original invoice a credit or debit note refers to (Rule 53). */
export interface OriginalInvoiceRef {
  readonly number: string;
  readonly date: IsoDate;
  /** The original invoice's total, its place of supply and whether its buyer was registered:
   * returns decide cdnur versus b2cs by classifying the original invoice. */
  readonly totalPaise: Paise;
  readonly placeOfSupply: StateCode;
  readonly buyerGstin?: string | null;
}

/** An issued document. */
export interface IssuedDocument {
  readonly id: string;
  readonly type: DocumentType;
  /** For invoices, the kind decided by pricing; notes carry the kind of their original. */
  readonly kind: DocumentKind;
  readonly number: string;
  /** The series the number comes from (store, prefix and financial year): doc_issue rows. */
  readonly seriesKey: string;
  /** Position in the series, from 1. */
  readonly sequence: number;
  /** Document date in IST. */
  readonly date: IsoDate;
  /** Issue instant (UTC ISO), printed in IST. */
  readonly issuedAt: string;
  /** `cancelled` documents count in doc_issue only. */
  readonly status: 'issued' | 'cancelled';
  readonly supplier: SupplierParty;
  readonly buyer: BuyerParty | null;
  readonly placeOfSupply: StateCode;
  readonly regime: TaxRegime;
  /** Regular (the default when absent), SEZ or export, with or without IGST; notes carry their
   * original invoice's. */
  readonly supplyType?: SupplyType;
  /** Exports: port, shipping bill and destination as far as known. */
  readonly exportDetails?: ExportDetails | null;
  /** Supplies without payment of IGST: the LUT they went under (printed on the invoice). */
  readonly lut?: LetterOfUndertaking | null;
  readonly reverseCharge: boolean;
  readonly lines: readonly IssuedLine[];
  readonly totals: DocumentTotals;
  readonly payments?: readonly IssuedPayment[];
  /** Credit and debit notes: the invoice they adjust, and why. */
  readonly original?: OriginalInvoiceRef | null;
  readonly reason?: string | null;
}
