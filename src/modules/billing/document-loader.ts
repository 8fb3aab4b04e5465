/**
 * Reads stored documents back as the engine's `IssuedDocument` (buyer decrypted), the one shape
 * renderers, the e-invoice builder, GSTR-1 and the sales register read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type {
  DocumentKind,
  ExportDetails,
  IssuedDocument,
  IssuedPayment,
  LetterOfUndertaking,
  SupplierParty,
  SupplyType,
  TaxRegime,
} from '../../domain/gst/index.js';
import { openBuyer, openPaymentReference, type DocumentCipher } from './document-crypto.js';
import { type DocumentRow, type LineRow } from './document.repository.js';
import {
  cancelledAmong,
  documentLines,
  documentPayments,
  toIssuedLine,
  totalsOf,
} from './document-read.repository.js';

export interface LoadOptions {
  /** Decrypt only the buyer's GSTIN (GSTR-1), or every stored buyer field. */
  buyer?: 'all' | 'gstin';
  payments?: boolean;
}

/** Builds the issued document from its rows. */
export async function toIssuedDocument(
  db: Kysely<Database>,
  cipher: DocumentCipher,
  row: DocumentRow,
  lines: readonly LineRow[],
  cancelled: boolean,
  options: LoadOptions = {},
): Promise<IssuedDocument> {
  let payments: IssuedPayment[] | undefined;
  if (options.payments === true) {
    payments = [];
    for (const p of await documentPayments(db, row.tenant_id, row.id))
      payments.push({
        method: p.method as IssuedPayment['method'],
        amountPaise: p.amount,
        reference: await openPaymentReference(cipher, row.tenant_id, p.id, p.reference_enc),
        cardLast4: p.card_last4,
        changePaise: p.change_due,
      });
  }
  const buyer = await openBuyer(cipher, row, options.buyer ?? 'all');
  return {
    id: row.id,
    type: row.doc_type === 'credit-note' || row.doc_type === 'debit-note' ? row.doc_type : 'invoice',
    kind: row.kind as DocumentKind,
    number: row.number,
    seriesKey: row.series_key,
    sequence: row.seq,
    date: row.doc_date,
    issuedAt: row.issued_at,
    status: cancelled ? 'cancelled' : 'issued',
    supplier: JSON.parse(row.supplier_json) as SupplierParty,
    buyer,
    placeOfSupply: row.place_of_supply,
    regime: row.regime as TaxRegime,
    supplyType: row.supply_type as SupplyType,
    exportDetails: row.export_json === null ? null : (JSON.parse(row.export_json) as ExportDetails),
    lut: row.lut_json === null ? null : (JSON.parse(row.lut_json) as LetterOfUndertaking),
    reverseCharge: row.reverse_charge === 1,
    lines: lines.map(toIssuedLine),
    totals: totalsOf(row),
    ...(payments === undefined ? {} : { payments }),
    original:
      row.original_number === null
        ? null
        : {
            number: row.original_number,
            date: row.original_date ?? row.doc_date,
            totalPaise: row.original_total ?? 0,
            placeOfSupply: row.original_pos ?? row.place_of_supply,
            buyerGstin: buyer?.gstin ?? null,
          },
    reason: row.reason,
  };
}

/** Loads one document with its lines (and payments when asked). */
export async function loadIssuedDocument(
  db: Kysely<Database>,
  cipher: DocumentCipher,
  row: DocumentRow,
  options: LoadOptions = {},
): Promise<IssuedDocument> {
  const lines = await documentLines(db, row.tenant_id, [row.id]);
  const cancelled = (await cancelledAmong(db, row.tenant_id, [row.id])).has(row.id);
  return toIssuedDocument(db, cipher, row, lines, cancelled, options);
}
