/**
 * Zero-rated supplies (IGST Act s.16): exports and supplies to a Special Economic Zone unit or
 * developer, with payment of IGST (refund claimed later) or without it under a bond or Letter
 * of Undertaking (LUT). IGST Act s.7(5): these are inter-state supplies, so they carry IGST even
 * when the SEZ is in the supplier's state. Rule 46 of the CGST Rules requires the endorsement
 * printed on such invoices.
 */
import { financialYearOf } from '../numbering/financial-year.js';
import type { IsoDate } from './ist-date.js';

/** How a sale is supplied: a regular supply, to an SEZ or an export, with or without IGST. */
export type SupplyType =
  'regular' | 'sez-with-payment' | 'sez-without-payment' | 'export-with-payment' | 'export-without-payment';

export const SUPPLY_TYPES = [
  'regular',
  'sez-with-payment',
  'sez-without-payment',
  'export-with-payment',
  'export-without-payment',
] as const satisfies readonly SupplyType[];

/** Place of supply of an export of goods: "Other Countries". */
export const OTHER_COUNTRIES = '96';

/** True for exports and supplies to an SEZ (zero-rated, IGST Act s.16). */
export function isZeroRated(type: SupplyType | undefined): boolean {
  return type !== undefined && type !== 'regular';
}

/** True when the supply goes out under a bond or LUT, without IGST. */
export function isWithoutPayment(type: SupplyType | undefined): boolean {
  return type === 'sez-without-payment' || type === 'export-without-payment';
}

export function isExport(type: SupplyType | undefined): boolean {
  return type === 'export-with-payment' || type === 'export-without-payment';
}

export function isSez(type: SupplyType | undefined): boolean {
  return type === 'sez-with-payment' || type === 'sez-without-payment';
}

/** Rule 46 endorsement of a zero-rated supply with payment of IGST. */
export const ENDORSEMENT_WITH_PAYMENT =
  'SUPPLY MEANT FOR EXPORT/SUPPLY TO SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS ON PAYMENT OF INTEGRATED TAX';

/** Rule 46 endorsement of a zero-rated supply under bond or LUT. */
export const ENDORSEMENT_WITHOUT_PAYMENT =
  'SUPPLY MEANT FOR EXPORT/SUPPLY TO SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX';

/** The endorsement a document of this supply type carries, or null for a regular supply. */
export function endorsementOf(type: SupplyType | undefined): string | null {
  if (!isZeroRated(type)) return null;
  return isWithoutPayment(type) ? ENDORSEMENT_WITHOUT_PAYMENT : ENDORSEMENT_WITH_PAYMENT;
}

/** E-invoice `SupTyp` of a document. */
export function eInvoiceSupplyType(
  type: SupplyType | undefined,
): 'B2B' | 'SEZWP' | 'SEZWOP' | 'EXPWP' | 'EXPWOP' {
  switch (type) {
    case 'sez-with-payment':
      return 'SEZWP';
    case 'sez-without-payment':
      return 'SEZWOP';
    case 'export-with-payment':
      return 'EXPWP';
    case 'export-without-payment':
      return 'EXPWOP';
    default:
      return 'B2B';
  }
}

/** What is known of an export when the invoice is issued (the shipping bill may come later). */
export interface ExportDetails {
  /** Six-character customs port code (`INBOM4`). */
  readonly portCode?: string | null;
  readonly shippingBillNumber?: string | null;
  readonly shippingBillDate?: IsoDate | null;
  /** ISO 3166 two-letter country of destination. */
  readonly countryCode?: string | null;
  /** ISO 4217 currency of the export (`USD`). */
  readonly currency?: string | null;
}

/** A Letter of Undertaking as furnished on the portal (form GST RFD-11). */
export interface LetterOfUndertaking {
  readonly number: string;
  readonly date: IsoDate;
}

/**
 * True when the LUT covers a supply on `date`: an LUT is furnished for one financial year, on or
 * before its first supply; one furnished in March may be for the year starting in April.
 */
export function lutCovers(lut: LetterOfUndertaking, date: IsoDate): boolean {
  if (lut.date > date) return false;
  const furnished = financialYearOf(lut.date).startYear;
  const supplied = financialYearOf(date).startYear;
  if (supplied === furnished) return true;
  return supplied === furnished + 1 && lut.date.slice(5, 7) === '03';
}
