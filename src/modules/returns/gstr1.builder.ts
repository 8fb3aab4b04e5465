/**
 * GSTR-1 JSON (offline tool format) for one GSTIN and month, built by streaming: the source is
 * read in four passes (invoices and notes, to registered and unregistered buyers), list sections
 * (b2b, b2cl, cdnr, cdnur) are written as documents arrive, grouped by buyer GSTIN or place of
 * supply, and the summed sections (b2cs, nil, hsn, doc_issue) are kept in small maps and written
 * at the end. Memory is bounded by the number of distinct keys, not by the number of lines.
 * See ADR 0007.
 */
import { AppError, invalid } from '../../domain/app-error.js';
import { validateGstin } from '../../domain/gst/gstin.js';
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';
import { formatIndianDate } from '../../domain/gst/ist-date.js';
import { parseReturnPeriod, type ReturnPeriod } from '../../domain/numbering/financial-year.js';
import { Gstr1Aggregates } from './gstr1.aggregates.js';
import { isExport } from '../../domain/gst/supply-type.js';
import {
  exportType,
  igstApplies,
  invoiceType,
  itemsOf,
  noteType,
  rateItems,
  rupees,
  sectionOf,
} from './gstr1.classify.js';
import { JsonSectionWriter } from './json-sections.js';
import type { Gstr1Header, Gstr1Pass, Gstr1Source } from './returns.types.js';

/** From this period the HSN summary is split into B2B and B2C tables. */
const HSN_SPLIT_FROM = { year: 2025, month: 5 };
const FLUSH_AT = 64 * 1024;

const PASSES: readonly Gstr1Pass[] = [
  { documents: 'invoices', buyers: 'registered' },
  { documents: 'invoices', buyers: 'unregistered' },
  { documents: 'notes', buyers: 'registered' },
  { documents: 'notes', buyers: 'unregistered' },
];

function refuse(message: string, doc: IssuedDocument): AppError {
  return new AppError('precondition_failed', message, undefined, { document: doc.number });
}

/** Checks that a document belongs to this return and to the pass it came in. */
function checkDocument(
  doc: IssuedDocument,
  header: Gstr1Header,
  period: ReturnPeriod,
  pass: Gstr1Pass,
): string | null {
  if (doc.supplier.gstin !== header.gstin) throw refuse('the document belongs to another GSTIN', doc);
  if (doc.supplier.registration === 'composition')
    throw refuse('composition dealers do not file GSTR-1 (they file CMP-08 and GSTR-4)', doc);
  if (doc.date < period.firstDay || doc.date > period.lastDay)
    throw refuse('the document is outside the period', doc);
  if ((pass.documents === 'invoices') !== (doc.type === 'invoice'))
    throw refuse('the document came in the wrong pass', doc);
  const gstin = doc.buyer?.gstin ?? null;
  const ctin = gstin === null || gstin === '' ? null : gstin;
  if ((pass.buyers === 'registered') !== (ctin !== null))
    throw refuse('the document came in the wrong pass', doc);
  if (ctin !== null) {
    const result = validateGstin(ctin, { allowLegacyStateCodes: true });
    if (!result.valid) throw refuse('the buyer GSTIN of the document is not valid', doc);
    if (result.kind === 'oidar') throw refuse('OIDAR registrations cannot be reported in b2b', doc);
  }
  return ctin;
}

function invoiceJson(doc: IssuedDocument): string {
  return JSON.stringify({
    inum: doc.number,
    idt: formatIndianDate(doc.date),
    val: rupees(doc.totals.totalPaise),
    pos: doc.placeOfSupply,
    rchrg: doc.reverseCharge ? 'Y' : 'N',
    inv_typ: invoiceType(doc.supplyType),
    itms: itemsOf(doc, igstApplies(doc)),
  });
}

/** An export invoice in `exp`: shipping bill details as far as known, IGST (0 without payment). */
function exportJson(doc: IssuedDocument): string {
  const details = doc.exportDetails ?? {};
  return JSON.stringify({
    inum: doc.number,
    idt: formatIndianDate(doc.date),
    val: rupees(doc.totals.totalPaise),
    ...(details.portCode ? { sbpcode: details.portCode } : {}),
    ...(details.shippingBillNumber ? { sbnum: details.shippingBillNumber } : {}),
    ...(details.shippingBillDate ? { sbdt: formatIndianDate(details.shippingBillDate) } : {}),
    itms: rateItems(doc).map((item) => ({
      txval: rupees(item.taxablePaise),
      rt: item.rate / 100,
      iamt: rupees(item.taxes.igst),
      csamt: rupees(item.taxes.cess),
    })),
  });
}

function b2clJson(doc: IssuedDocument): string {
  return JSON.stringify({
    inum: doc.number,
    idt: formatIndianDate(doc.date),
    val: rupees(doc.totals.totalPaise),
    itms: itemsOf(doc, true),
  });
}

function noteJson(doc: IssuedDocument, registered: boolean): string {
  const common = {
    ntty: noteType(doc),
    nt_num: doc.number,
    nt_dt: formatIndianDate(doc.date),
    val: rupees(doc.totals.totalPaise),
  };
  return JSON.stringify(
    registered
      ? {
          ...common,
          pos: doc.placeOfSupply,
          rchrg: doc.reverseCharge ? 'Y' : 'N',
          inv_typ: invoiceType(doc.supplyType),
          itms: itemsOf(doc, igstApplies(doc)),
        }
      : {
          ...common,
          typ: isExport(doc.supplyType)
            ? exportType(doc.supplyType) === 'WPAY'
              ? 'EXPWP'
              : 'EXPWOP'
            : 'B2CL',
          pos: doc.placeOfSupply,
          itms: itemsOf(doc, true),
        },
  );
}

/**
 * Yields the GSTR-1 JSON text in chunks. Throws `validation_failed` for a bad header and
 * `precondition_failed` (with the document number) for a document that does not belong to the
 * return or arrives out of its grouping.
 */
export async function* buildGstr1(header: Gstr1Header, source: Gstr1Source): AsyncGenerator<string> {
  const gstin = validateGstin(header.gstin);
  if (!gstin.valid) throw invalid('gstin', gstin.message);
  const period = parseReturnPeriod(header.period, 'period');
  const aggregates = new Gstr1Aggregates();
  const writers = {
    b2b: new JsonSectionWriter('b2b', ['ctin', 'inv']),
    b2cl: new JsonSectionWriter('b2cl', ['pos', 'inv']),
    cdnr: new JsonSectionWriter('cdnr', ['ctin', 'nt']),
    cdnur: new JsonSectionWriter('cdnur'),
  };
  // Exports are few and arrive mixed (one place of supply, 96): kept per type, written at the end.
  const exports = { WPAY: [] as string[], WOPAY: [] as string[] };
  let buffer = `{"gstin":${JSON.stringify(gstin.gstin)},"fp":${JSON.stringify(period.fp)}`;

  for (const pass of PASSES) {
    const registered = pass.buyers === 'registered';
    for await (const doc of source.documents(pass)) {
      const ctin = checkDocument(doc, { ...header, gstin: gstin.gstin }, period, pass);
      aggregates.countDocument(doc);
      if (doc.status === 'cancelled') continue;
      aggregates.addLines(doc, registered);
      // Documents without taxable lines (bills of supply) appear only in nil and hsn.
      if (rateItems(doc).length === 0) continue;
      const section = sectionOf(doc, registered);
      if (section === 'b2b') buffer += writers.b2b.add(ctin, invoiceJson(doc));
      else if (section === 'b2cl') buffer += writers.b2cl.add(doc.placeOfSupply, b2clJson(doc));
      else if (section === 'exp') exports[exportType(doc.supplyType)].push(exportJson(doc));
      else if (section === 'cdnr') buffer += writers.cdnr.add(ctin, noteJson(doc, true));
      else if (section === 'cdnur') buffer += writers.cdnur.add(null, noteJson(doc, false));
      else if (section === 'b2cs') aggregates.addB2cs(doc, 1);
      else aggregates.addB2cs(doc, doc.type === 'debit-note' ? 1 : -1);
      if (buffer.length >= FLUSH_AT) {
        yield buffer;
        buffer = '';
      }
    }
    if (pass.documents === 'invoices') buffer += registered ? writers.b2b.close() : writers.b2cl.close();
    else buffer += registered ? writers.cdnr.close() : writers.cdnur.close();
  }

  const exp = (['WPAY', 'WOPAY'] as const)
    .filter((type) => exports[type].length > 0)
    .map((type) => `{"exp_typ":"${type}","inv":[${exports[type].join(',')}]}`);
  if (exp.length > 0) buffer += `,"exp":[${exp.join(',')}]`;
  const b2cs = aggregates.b2cs();
  if (b2cs.length > 0) buffer += `,"b2cs":${JSON.stringify(b2cs)}`;
  const nil = aggregates.nil();
  if (nil.length > 0) buffer += `,"nil":${JSON.stringify({ inv: nil })}`;
  const split =
    period.year > HSN_SPLIT_FROM.year ||
    (period.year === HSN_SPLIT_FROM.year && period.month >= HSN_SPLIT_FROM.month);
  const hsn = split
    ? { hsn_b2b: aggregates.hsn('b2b'), hsn_b2c: aggregates.hsn('b2c') }
    : { data: aggregates.hsn('all') };
  buffer += `,"hsn":${JSON.stringify(hsn)}`;
  buffer += `,"doc_issue":${JSON.stringify({ doc_det: aggregates.docIssue() })}}`;
  yield buffer;
}
