/**
 * The print model of an issued document, shared by every renderer (A4 PDF, thermal PDF, plain
 * text) so the Rule 46 / 49 / 53 content is decided once: title, supplier, buyer (only what
 * the law needs, see buyer-disclosure.ts), number, date, place of supply with state name,
 * reverse charge, lines with HSN/SAC, quantity, unit, value, discount, taxable value, rate and
 * each tax head, the rate-wise summary, round-off, total, amount in words, payments, the UPI
 * request and the signature footer.
 */
import { formatIndianDate } from '../../domain/gst/ist-date.js';
import type { IssuedDocument, PostalAddress } from '../../domain/gst/issued-document.types.js';
import { taxableByRate } from '../../domain/gst/rate-summary.js';
import { stateName } from '../../domain/gst/states.js';
import { endorsementOf, isExport } from '../../domain/gst/supply-type.js';
import { stateOrUtTax, type TaxHeads } from '../../domain/gst/tax-heads.js';
import {
  amountInHindiWords,
  amountInWords,
  formatRate,
  formatRupees,
  type BasisPoints,
  type Paise,
} from '../../domain/money/index.js';
import { printedBuyer } from './buyer-disclosure.js';
import type { DocumentSignature } from './document-signature.js';
import { printWords, type PrintLanguage, type PrintWords } from './print-words.js';
import { buildUpiUri } from './upi-payment.js';

/** Shop settings that shape printed documents. */
export interface PrintSettings {
  /** HSN digits printed: 4 up to Rs 5 crore turnover, 6 above (default: the full code). */
  readonly hsnDigits?: 4 | 6 | 8;
  /** The shop's UPI address; with it, invoices with an amount due carry a payment QR. */
  readonly upiVpa?: string | null;
  /** A line printed at the bottom (returns policy, thank-you note). */
  readonly footerNote?: string | null;
  /** The document's signature, when the shop signs issued documents. */
  readonly signature?: DocumentSignature | null;
  /** The verification page's address for this document (printed as a QR code with the signature). */
  readonly verifyUrl?: string | null;
  /** The shop's logo (PNG or JPEG bytes), printed on A4. */
  readonly logo?: Buffer | null;
  /** Words printed with a line's description, by line number (agri: batch and expiry). */
  readonly lineNotes?: ReadonlyMap<number, string>;
  /** Lines printed under the supplier's details (agri: dealer licence numbers). */
  readonly supplierNotes?: readonly string[];
  /** Lines printed above the signatory (agri: the subsidised fertiliser's PoS reference). */
  readonly documentNotes?: readonly string[];
  /** What the customer saved by offers and sale prices (issue 15): per line, and in all. */
  readonly savings?: PrintedSavings | null;
  /** The language the store prints in (headings and labels); English when unset. */
  readonly language?: PrintLanguage | null;
}

/** Savings as printed: each line's by name, and the total ("You saved Rs 475.00"). */
export interface PrintedSavings {
  /** Line number -> its savings, e.g. `End of season sale saved Rs 300.00`. */
  readonly lines: ReadonlyMap<number, readonly { readonly name: string; readonly paise: Paise }[]>;
  readonly savedPaise: Paise;
}

/** A tax head column: label and amount. */
export interface HeadAmount {
  readonly label: string;
  /** The head's rate (`9%`), on lines and in the rate-wise summary; null on document totals. */
  readonly rate: string | null;
  readonly paise: Paise;
}

/** One printed line. */
export interface LineRow {
  readonly number: number;
  readonly description: string;
  readonly hsnSac: string;
  readonly quantity: string;
  readonly unit: string;
  readonly unitPrice: string;
  readonly gross: string;
  readonly discount: string;
  readonly taxable: string;
  readonly rate: string;
  readonly heads: readonly HeadAmount[];
  readonly total: string;
}

/** The print model. */
export interface DocumentView {
  readonly title: string;
  readonly cancelled: boolean;
  readonly supplier: readonly string[];
  readonly declaration: string | null;
  readonly meta: readonly (readonly [string, string])[];
  readonly buyer: readonly string[] | null;
  readonly showTax: boolean;
  readonly headLabels: readonly string[];
  readonly rows: readonly LineRow[];
  readonly summary: readonly { rate: string; taxable: string; heads: readonly HeadAmount[] }[];
  readonly totals: readonly (readonly [string, string])[];
  readonly total: string;
  readonly amountInWords: string;
  readonly payments: readonly string[];
  readonly upi: { readonly uri: string; readonly vpa: string; readonly amount: string } | null;
  readonly footer: readonly string[];
  /** The QR code that verifies the bill: the verification page's address. */
  readonly verification: { readonly url: string } | null;
  /** The words renderers print around the values, in the store's language. */
  readonly words: PrintWords;
}

/** Rule 5 declaration for composition dealers. */
export const COMPOSITION_DECLARATION = 'Composition taxable person, not eligible to collect tax on supplies';

const money = (paise: Paise) => formatRupees(paise);

/**
 * The heads a supply carries with the rate of each (Rule 46(m)): intra-state CGST and SGST or
 * UTGST at half the GST rate each, IGST at the full rate, cess at its own rate.
 */
function headsOf(
  regime: IssuedDocument['regime'],
  taxes: TaxHeads,
  withCess: boolean,
  rates: { readonly rate: BasisPoints; readonly cessRate?: BasisPoints } | null,
): HeadAmount[] {
  const pct = (bp: BasisPoints) => (rates === null ? null : `${formatRate(bp)}%`);
  const half = rates === null ? null : pct(rates.rate / 2);
  const heads: HeadAmount[] =
    regime === 'igst'
      ? [{ label: 'IGST', rate: rates === null ? null : pct(rates.rate), paise: taxes.igst }]
      : regime === 'cgst-utgst'
        ? [
            { label: 'CGST', rate: half, paise: taxes.cgst },
            { label: 'UTGST', rate: half, paise: stateOrUtTax(taxes) },
          ]
        : regime === 'cgst-sgst'
          ? [
              { label: 'CGST', rate: half, paise: taxes.cgst },
              { label: 'SGST', rate: half, paise: stateOrUtTax(taxes) },
            ]
          : [];
  return withCess
    ? [
        ...heads,
        {
          label: 'Cess',
          rate: rates?.cessRate === undefined ? null : pct(rates.cessRate),
          paise: taxes.cess,
        },
      ]
    : heads;
}

/** A head as printed with its rate: `CGST 9% 90.00`. */
export function headWithRate(head: HeadAmount): string {
  return `${head.label}${head.rate === null ? '' : ` ${head.rate}`} ${(head.paise / 100).toFixed(2)}`;
}

function addressLines(address: PostalAddress): string[] {
  return [
    [address.line1, address.line2].filter((p) => p !== undefined && p !== null && p !== '').join(', '),
    `${address.city} ${address.pincode}, ${stateName(address.stateCode)} (${address.stateCode})`,
  ];
}

function istTime(instant: string): string {
  const ist = new Date(new Date(instant).getTime() + 330 * 60_000);
  return `${ist.toISOString().slice(11, 16)} IST`;
}

function amountDue(doc: IssuedDocument): Paise {
  const paid = (doc.payments ?? [])
    .filter((p) => p.method !== 'credit')
    .reduce((sum, p) => sum + p.amountPaise, 0);
  return Math.max(0, doc.totals.totalPaise - paid);
}

/** Builds the print model of a document. */
/** A line's description with what it saved: `Shirt (End of season sale: saved Rs 300.00)`. */
function withSavings(
  description: string,
  savings: readonly { readonly name: string; readonly paise: Paise }[] | undefined,
): string {
  if (savings === undefined || savings.length === 0) return description;
  return `${description} (${savings.map((s) => `${s.name}: saved Rs ${formatRupees(s.paise)}`).join('; ')})`;
}

export function buildDocumentView(doc: IssuedDocument, settings: PrintSettings = {}): DocumentView {
  const isNote = doc.type !== 'invoice';
  const showTax = doc.kind !== 'bill-of-supply' && doc.regime !== 'none';
  const withCess = doc.totals.taxes.cess > 0;
  const supplier = doc.supplier;
  const buyer = printedBuyer(doc);
  const hsn = (code: string) => (settings.hsnDigits === undefined ? code : code.slice(0, settings.hsnDigits));
  const w = printWords(settings.language);
  const title = isNote
    ? w.titles[doc.type === 'credit-note' ? 'credit-note' : 'debit-note']
    : w.titles[doc.kind];
  const meta: [string, string][] = [
    [isNote ? w.noteNo : w.invoiceNo, doc.number],
    [w.date, `${formatIndianDate(doc.date)} ${istTime(doc.issuedAt)}`],
    [w.placeOfSupply, `${doc.placeOfSupply} - ${stateName(doc.placeOfSupply)}`],
    [w.reverseCharge, doc.reverseCharge ? w.yes : w.no],
  ];
  if (doc.original)
    meta.push([w.againstInvoice, `${doc.original.number} ${w.dated} ${formatIndianDate(doc.original.date)}`]);
  if (isNote && doc.reason) meta.push([w.reason, doc.reason]);
  if (doc.lut) meta.push(['LUT', `${doc.lut.number} dated ${formatIndianDate(doc.lut.date)}`]);
  const exported = doc.exportDetails ?? {};
  if (isExport(doc.supplyType)) {
    if (exported.countryCode) meta.push(['Country of destination', exported.countryCode]);
    if (exported.portCode) meta.push(['Port code', exported.portCode]);
    if (exported.shippingBillNumber)
      meta.push([
        'Shipping bill',
        exported.shippingBillDate
          ? `${exported.shippingBillNumber} dated ${formatIndianDate(exported.shippingBillDate)}`
          : exported.shippingBillNumber,
      ]);
    if (exported.currency) meta.push(['Currency', exported.currency]);
  }
  const t = doc.totals;
  const totals: [string, string][] = [[w.taxableValue, money(t.taxablePaise)]];
  if (t.discountPaise > 0) totals.unshift([w.discount, money(t.discountPaise)]);
  if (showTax)
    for (const head of headsOf(doc.regime, t.taxes, withCess, null))
      totals.push([head.label, money(head.paise)]);
  if (t.roundOffPaise !== 0) totals.push([w.roundOff, money(t.roundOffPaise)]);
  const due = amountDue(doc);
  const vpa = settings.upiVpa;
  const upi =
    !isNote && doc.status === 'issued' && vpa !== undefined && vpa !== null && due > 0
      ? {
          uri: buildUpiUri({
            vpa,
            payeeName: supplier.tradeName ?? supplier.legalName,
            amountPaise: due,
            invoiceNumber: doc.number,
          }),
          vpa,
          amount: money(due),
        }
      : null;
  return {
    title,
    cancelled: doc.status === 'cancelled',
    supplier: [
      supplier.legalName,
      ...(supplier.tradeName ? [supplier.tradeName] : []),
      ...addressLines(supplier.address),
      `GSTIN: ${supplier.gstin}`,
      ...(supplier.phone ? [`${w.phone}: ${supplier.phone}`] : []),
      ...(settings.supplierNotes ?? []),
    ],
    // Rule 5 for composition dealers; Rule 46's endorsement on exports and supplies to an SEZ.
    declaration:
      supplier.registration === 'composition' ? COMPOSITION_DECLARATION : endorsementOf(doc.supplyType),
    meta,
    buyer:
      buyer === null
        ? null
        : [
            ...(buyer.name ? [buyer.name] : []),
            ...(buyer.address
              ? addressLines(buyer.address)
              : buyer.stateCode
                ? [`${w.state}: ${stateName(buyer.stateCode)} (${buyer.stateCode})`]
                : []),
            ...(buyer.gstin ? [`GSTIN: ${buyer.gstin}`] : []),
          ],
    showTax,
    headLabels: showTax ? headsOf(doc.regime, t.taxes, withCess, null).map((h) => h.label) : [],
    rows: doc.lines.map((line) => ({
      number: line.number,
      description: withSavings(
        withNote(line.description, settings.lineNotes?.get(line.number)),
        settings.savings?.lines.get(line.number),
      ),
      hsnSac: hsn(line.hsnSac),
      quantity: String(line.quantity),
      unit: line.unit,
      unitPrice: money(line.unitPriceExclusivePaise),
      gross: money(line.grossPaise),
      discount: money(line.discountPaise),
      taxable: money(line.taxablePaise),
      rate: line.supply === 'taxable' ? `${formatRate(line.rate)}%` : line.supply,
      heads: showTax ? headsOf(doc.regime, line.taxes, withCess, line) : [],
      total: money(line.totalPaise),
    })),
    summary: summarise(doc, withCess),
    totals,
    total: money(t.totalPaise),
    amountInWords:
      settings.language === 'hi' ? amountInHindiWords(t.totalPaise) : amountInWords(t.totalPaise),
    payments: (doc.payments ?? []).map((p) => {
      const ref = p.cardLast4 ? ` card ending ${p.cardLast4}` : p.reference ? ` ref ${p.reference}` : '';
      const change = p.changePaise ? ` (${w.change} ${money(p.changePaise)})` : '';
      return `${p.method.toUpperCase()} ${money(p.amountPaise)}${ref}${change}`;
    }),
    upi,
    footer: [
      ...(settings.documentNotes ?? []),
      ...(settings.savings && settings.savings.savedPaise > 0
        ? [w.saved(formatRupees(settings.savings.savedPaise))]
        : []),
      ...(settings.footerNote ? [settings.footerNote] : []),
      w.signatory(supplier.legalName),
      ...(settings.signature
        ? [
            settings.verifyUrl
              ? `Digitally signed (Ed25519, key ${settings.signature.keyId}): scan the QR code to verify this bill`
              : `Digitally signed (Ed25519, key ${settings.signature.keyId})`,
          ]
        : []),
      w.computerGenerated,
    ],
    verification: settings.signature && settings.verifyUrl ? { url: settings.verifyUrl } : null,
    words: w,
  };
}

function withNote(description: string, note: string | undefined): string {
  return note === undefined || note === '' ? description : `${description} (${note})`;
}

function summarise(doc: IssuedDocument, withCess: boolean): DocumentView['summary'] {
  if (doc.regime === 'none') return [];
  return taxableByRate(doc.lines).map((row) => ({
    rate: `${formatRate(row.rate)}%`,
    taxable: money(row.taxablePaise),
    heads: headsOf(doc.regime, row.taxes, withCess, row),
  }));
}
