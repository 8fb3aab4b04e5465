/**
 * GSTR-1 rules for one document: which section an invoice or note belongs to (b2b, b2cl with
 * its date-dependent threshold, b2cs, cdnr, cdnur) and its rate-wise items in the portal's
 * shape. Amounts stay in paise here; `rupees` turns them into the JSON numbers at the edge.
 */
import { AppError } from '../../domain/app-error.js';
import type { IssuedDocument, OriginalInvoiceRef } from '../../domain/gst/issued-document.types.js';
import type { IsoDate } from '../../domain/gst/ist-date.js';
import type { RateSummaryRow } from '../../domain/gst/pricing.types.js';
import { taxableByRate } from '../../domain/gst/rate-summary.js';
import { isExport, isZeroRated, type SupplyType } from '../../domain/gst/supply-type.js';
import { stateOrUtTax } from '../../domain/gst/tax-heads.js';
import { toRupeeNumber, type Paise } from '../../domain/money/money.js';

/** The b2cl threshold dropped from Rs 2.5 lakh to Rs 1 lakh for invoices from 1 Aug 2024. */
export const B2CL_THRESHOLD_CHANGE: IsoDate = '2024-08-01';

/** Invoice value above which an inter-state B2C invoice is "large" (b2cl), on a date. */
export function b2clThreshold(date: IsoDate): Paise {
  return date >= B2CL_THRESHOLD_CHANGE ? 10_000_000 : 25_000_000;
}

/** True when an invoice to an unregistered buyer goes to b2cl rather than b2cs. */
export function isB2cl(
  supplierState: string,
  invoice: Pick<OriginalInvoiceRef, 'date' | 'placeOfSupply' | 'totalPaise'>,
): boolean {
  return invoice.placeOfSupply !== supplierState && invoice.totalPaise > b2clThreshold(invoice.date);
}

/** The supplier's state: the first two digits of its GSTIN. */
export function supplierStateOf(doc: IssuedDocument): string {
  return doc.supplier.gstin.slice(0, 2);
}

/** True when the place of supply is outside the supplier's state. */
export function isInterState(doc: IssuedDocument): boolean {
  return doc.placeOfSupply !== supplierStateOf(doc);
}

/** True when the document carries IGST: inter-state, or zero-rated (SEZ even within the state). */
export function igstApplies(doc: IssuedDocument): boolean {
  return isZeroRated(doc.supplyType) || isInterState(doc);
}

/** True for exports and supplies to an SEZ (and notes against them). */
export function zeroRatedDoc(doc: IssuedDocument): boolean {
  return isZeroRated(doc.supplyType);
}

/** `inv_typ` of a b2b invoice or cdnr note: R, or SEWP / SEWOP for an SEZ. */
export function invoiceType(type: SupplyType | undefined): 'R' | 'SEWP' | 'SEWOP' {
  if (type === 'sez-with-payment') return 'SEWP';
  if (type === 'sez-without-payment') return 'SEWOP';
  return 'R';
}

/** `exp_typ` of an export: WPAY with payment of IGST, WOPAY under bond or LUT. */
export function exportType(type: SupplyType | undefined): 'WPAY' | 'WOPAY' {
  return type === 'export-with-payment' ? 'WPAY' : 'WOPAY';
}

/** Paise as the JSON number of rupees. */
export const rupees = toRupeeNumber;

/** A rate-wise item total of one document. */
export type RateItem = RateSummaryRow;

/** Taxable lines of a document summed per rate, lowest rate first. */
export function rateItems(doc: IssuedDocument): RateItem[] {
  return taxableByRate(doc.lines);
}

/** `itm_det` of an item: IGST for inter-state, CGST and SGST/UTGST for intra-state. */
export function itemDetail(item: RateItem, interState: boolean): Record<string, number> {
  const detail: Record<string, number> = { rt: item.rate / 100, txval: rupees(item.taxablePaise) };
  if (interState) detail.iamt = rupees(item.taxes.igst);
  else {
    detail.camt = rupees(item.taxes.cgst);
    detail.samt = rupees(stateOrUtTax(item.taxes));
  }
  detail.csamt = rupees(item.taxes.cess);
  return detail;
}

/** `itms` of a document. */
export function itemsOf(
  doc: IssuedDocument,
  interState: boolean,
): { num: number; itm_det: Record<string, number> }[] {
  return rateItems(doc).map((item, index) => ({ num: index + 1, itm_det: itemDetail(item, interState) }));
}

/** The section of an invoice or note, given whether the buyer is registered. */
export type Gstr1Section = 'b2b' | 'b2cl' | 'b2cs' | 'exp' | 'cdnr' | 'cdnur' | 'b2cs-note';

/** Decides the section of an issued (not cancelled) document. */
export function sectionOf(doc: IssuedDocument, registered: boolean): Gstr1Section {
  const supplierState = supplierStateOf(doc);
  if (doc.type === 'invoice') {
    if (registered) return 'b2b';
    if (isExport(doc.supplyType)) return 'exp';
    return isB2cl(supplierState, {
      date: doc.date,
      placeOfSupply: doc.placeOfSupply,
      totalPaise: doc.totals.totalPaise,
    })
      ? 'b2cl'
      : 'b2cs';
  }
  if (registered) return 'cdnr';
  // Notes on exports are reported in cdnur (typ EXPWP / EXPWOP).
  if (isExport(doc.supplyType)) return 'cdnur';
  const original = doc.original;
  if (original === undefined || original === null)
    throw new AppError(
      'precondition_failed',
      'a note to an unregistered buyer needs its original invoice',
      'original',
      {
        document: doc.number,
      },
    );
  // Notes against a large inter-state B2C invoice are reported in cdnur; the rest adjust b2cs.
  return isB2cl(supplierState, original) ? 'cdnur' : 'b2cs-note';
}

/** `ntty`: C for credit notes, D for debit notes. */
export function noteType(doc: IssuedDocument): 'C' | 'D' {
  return doc.type === 'debit-note' ? 'D' : 'C';
}
