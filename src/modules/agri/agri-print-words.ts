/**
 * The agri lines of a printed bill (batch and expiry per line, the dealer licences, the
 * subsidised fertiliser's PoS reference and bags) in the language the store prints its receipts
 * in, like the rest of the bill. Batch numbers, licence numbers and references print as typed.
 */
import { formatIndianDate } from '../../domain/gst/index.js';
import type { PrintLanguage } from '../documents/print-words.js';
import type { LicenceKind } from './batch.repository.js';

export interface AgriPrintWords {
  /** One batch of a line: its number, expiry and, when the line took several, the quantity. */
  readonly batch: (batchNo: string, expiryDate: string, quantity: number | null) => string;
  readonly licence: (kind: LicenceKind, number: string, validUntil: string) => string;
  readonly subsidy: (posReference: string, bags: number) => string;
}

const LICENCE_TITLES: Readonly<Record<PrintLanguage, Readonly<Record<LicenceKind, string>>>> = {
  en: { pesticide: 'Pesticide licence', fertiliser: 'Fertiliser licence', seed: 'Seed licence' },
  hi: { pesticide: 'कीटनाशक लाइसेंस', fertiliser: 'उर्वरक लाइसेंस', seed: 'बीज लाइसेंस' },
};

const quantityOf = (quantity: number | null) => (quantity === null ? '' : ` x ${String(quantity)}`);

export const AGRI_PRINT_WORDS: Readonly<Record<PrintLanguage, AgriPrintWords>> = {
  en: {
    batch: (batchNo, expiry, quantity) =>
      `Batch ${batchNo}, Exp ${formatIndianDate(expiry)}${quantityOf(quantity)}`,
    licence: (kind, number, until) =>
      `${LICENCE_TITLES.en[kind]}: ${number} (valid to ${formatIndianDate(until)})`,
    subsidy: (reference, bags) =>
      `Subsidised fertiliser sold through the government PoS: transaction ${reference}, ${String(bags)} bag(s)`,
  },
  hi: {
    batch: (batchNo, expiry, quantity) =>
      `बैच ${batchNo}, समाप्ति ${formatIndianDate(expiry)}${quantityOf(quantity)}`,
    licence: (kind, number, until) =>
      `${LICENCE_TITLES.hi[kind]}: ${number} (${formatIndianDate(until)} तक मान्य)`,
    subsidy: (reference, bags) =>
      `सरकारी PoS से बेचा गया सब्सिडी वाला उर्वरक: लेनदेन ${reference}, ${String(bags)} बोरी`,
  },
};
