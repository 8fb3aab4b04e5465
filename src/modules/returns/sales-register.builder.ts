/**
 * The sales register as CSV, streamed: one row per document and GST rate (the way accountants
 * reconcile with GSTR-1), with credit notes negative so columns add up to net sales, and
 * cancelled documents kept as a zero row so the number sequence shows no gap. Buyer names are
 * included for registered (business) buyers only; a walk-in customer's name is personal data
 * that the register does not need.
 */
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';
import { formatIndianDate } from '../../domain/gst/ist-date.js';
import { stateName } from '../../domain/gst/states.js';
import { summariseByRate } from '../../domain/gst/rate-summary.js';
import { stateOrUtTax } from '../../domain/gst/tax-heads.js';
import { formatRate, type Paise } from '../../domain/money/money.js';
import { csvRow, type AmountCell } from './csv.js';

const FLUSH_AT = 64 * 1024;

/** Column titles. */
export const SALES_REGISTER_COLUMNS = [
  'Date',
  'Document type',
  'Kind',
  'Number',
  'Status',
  'Buyer GSTIN',
  'Buyer name',
  'Place of supply',
  'Original invoice',
  'Supply',
  'Rate %',
  'Taxable value',
  'CGST',
  'SGST/UTGST',
  'IGST',
  'Cess',
  'Round-off',
  'Document total',
] as const;

/** A signed amount cell. */
function amount(paise: Paise, sign: 1 | -1): AmountCell {
  return { paise: sign * paise };
}

function rows(doc: IssuedDocument): string {
  const registered = doc.buyer?.gstin !== undefined && doc.buyer.gstin !== null && doc.buyer.gstin !== '';
  const sign = doc.type === 'credit-note' ? -1 : 1;
  const head = [
    formatIndianDate(doc.date),
    doc.type,
    doc.kind,
    doc.number,
    doc.status,
    registered ? doc.buyer?.gstin : '',
    registered ? doc.buyer?.name : '',
    `${doc.placeOfSupply}-${stateName(doc.placeOfSupply)}`,
    doc.original?.number ?? '',
  ];
  if (doc.status === 'cancelled')
    return csvRow([...head, '', 0, ...[0, 0, 0, 0, 0, 0, 0].map((p) => amount(p, 1))]);
  return summariseByRate(doc.lines)
    .map((group, index) =>
      csvRow([
        ...head,
        group.supply,
        Number(formatRate(group.rate)),
        amount(group.taxablePaise, sign),
        amount(group.taxes.cgst, sign),
        amount(stateOrUtTax(group.taxes), sign),
        amount(group.taxes.igst, sign),
        amount(group.taxes.cess, sign),
        // Document-level values on the first row only, so the columns still add up.
        amount(index === 0 ? doc.totals.roundOffPaise : 0, sign),
        amount(index === 0 ? doc.totals.totalPaise : 0, sign),
      ]),
    )
    .join('');
}

/** Yields the register (UTF-8 with a byte-order mark, for spreadsheets) in chunks. */
export async function* buildSalesRegisterCsv(
  documents: AsyncIterable<IssuedDocument>,
): AsyncGenerator<string> {
  let buffer = `\uFEFF${csvRow(SALES_REGISTER_COLUMNS)}`;
  for await (const doc of documents) {
    buffer += rows(doc);
    if (buffer.length >= FLUSH_AT) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer;
}
