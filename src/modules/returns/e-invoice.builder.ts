/**
 * E-invoice JSON (IRP schema 1.1) for a B2B tax invoice or credit/debit note. Amounts are the
 * stored paise converted to rupees, so every total is the sum the document printed.
 */
import { AppError } from '../../domain/app-error.js';
import { formatIndianDate } from '../../domain/gst/ist-date.js';
import type { IssuedDocument, IssuedLine, PostalAddress } from '../../domain/gst/issued-document.types.js';
import {
  eInvoiceSupplyType,
  isExport,
  OTHER_COUNTRIES,
  type ExportDetails,
} from '../../domain/gst/supply-type.js';
import { stateOrUtTax } from '../../domain/gst/tax-heads.js';
import { toRupeeNumber as rupees } from '../../domain/money/money.js';
import type { EInvoice } from './e-invoice.schema.js';

const DOC_TYPE = { invoice: 'INV', 'credit-note': 'CRN', 'debit-note': 'DBN' } as const;

function refuse(message: string, field: string, doc: IssuedDocument): AppError {
  return new AppError('precondition_failed', message, field, { document: doc.number });
}

function address(addr: PostalAddress) {
  return {
    Addr1: addr.line1,
    ...(addr.line2 !== undefined && addr.line2 !== null && addr.line2.length >= 3
      ? { Addr2: addr.line2 }
      : {}),
    Loc: addr.city,
    Pin: Number(addr.pincode),
    Stcd: addr.stateCode,
  };
}

function item(line: IssuedLine): EInvoice['ItemList'][number] {
  return {
    SlNo: String(line.number),
    PrdDesc: line.description.padEnd(3, '.').slice(0, 300),
    IsServc: line.isService ? 'Y' : 'N',
    HsnCd: line.hsnSac,
    Qty: line.quantity,
    Unit: line.unit,
    UnitPrice: rupees(line.unitPriceExclusivePaise),
    TotAmt: rupees(line.grossPaise),
    Discount: rupees(line.discountPaise),
    AssAmt: rupees(line.taxablePaise),
    GstRt: line.rate / 100,
    IgstAmt: rupees(line.taxes.igst),
    CgstAmt: rupees(line.taxes.cgst),
    SgstAmt: rupees(stateOrUtTax(line.taxes)),
    CesRt: line.cessRate / 100,
    CesAmt: rupees(line.taxes.cess),
    TotItemVal: rupees(line.totalPaise),
  };
}

/** An overseas buyer: `URP` (unregistered person), state and PIN for other countries. */
function overseasBuyer(name: string, addr: PostalAddress | null | undefined) {
  return {
    Gstin: 'URP',
    LglNm: name,
    Pos: OTHER_COUNTRIES,
    Addr1: addr?.line1 ?? name,
    ...(addr?.line2 !== undefined && addr.line2 !== null && addr.line2.length >= 3
      ? { Addr2: addr.line2 }
      : {}),
    Loc: addr?.city !== undefined && addr.city.length >= 3 ? addr.city : 'Outside India',
    Pin: 999999,
    Stcd: OTHER_COUNTRIES,
  };
}

/** `ExpDtls` from what is known of the export; `RefClm` Y when IGST was paid (refund claimed). */
function exportDetails(details: ExportDetails | null | undefined, withPayment: boolean) {
  const d = details ?? {};
  return {
    ...(d.shippingBillNumber ? { ShipBNo: d.shippingBillNumber } : {}),
    ...(d.shippingBillDate ? { ShipBDt: formatIndianDate(d.shippingBillDate, '/') } : {}),
    ...(d.portCode ? { Port: d.portCode } : {}),
    RefClm: withPayment ? ('Y' as const) : ('N' as const),
    ...(d.currency ? { ForCur: d.currency } : {}),
    ...(d.countryCode ? { CntCode: d.countryCode } : {}),
  };
}

/**
 * Builds the e-invoice of a B2B document, a supply to an SEZ or an export. Throws `precondition_failed` naming what is missing
 * (a B2C document, a bill of supply, a buyer without GSTIN or address, a cancelled document).
 */
export function buildEInvoice(doc: IssuedDocument): EInvoice {
  if (doc.status !== 'issued') throw refuse('a cancelled document has no e-invoice', 'status', doc);
  if (doc.kind !== 'tax-invoice')
    throw refuse('e-invoices are for tax invoices, not bills of supply', 'kind', doc);
  const buyer = doc.buyer;
  const exported = isExport(doc.supplyType);
  if (exported && (buyer?.name === undefined || buyer.name === null || buyer.name.length < 3))
    throw refuse('an export e-invoice needs the overseas buyer named', 'buyer.name', doc);
  if (!exported && (buyer?.gstin === undefined || buyer.gstin === null || buyer.gstin === ''))
    throw refuse('e-invoices are for registered buyers (B2B) only', 'buyer.gstin', doc);
  if (buyer?.name === undefined || buyer.name === null)
    throw refuse('the buyer has no legal name', 'buyer.name', doc);
  if (!exported && (buyer.address === undefined || buyer.address === null))
    throw refuse('the buyer has no address on record', 'buyer.address', doc);
  const supTyp = eInvoiceSupplyType(doc.supplyType);
  const supplier = doc.supplier;
  const totals = doc.totals;
  const original = doc.original;
  if (doc.type !== 'invoice' && (original === undefined || original === null))
    throw refuse('a credit or debit note needs the invoice it adjusts', 'original', doc);
  return {
    Version: '1.1',
    TranDtls: { TaxSch: 'GST', SupTyp: supTyp, RegRev: doc.reverseCharge ? 'Y' : 'N', IgstOnIntra: 'N' },
    DocDtls: { Typ: DOC_TYPE[doc.type], No: doc.number, Dt: formatIndianDate(doc.date, '/') },
    SellerDtls: {
      Gstin: supplier.gstin,
      LglNm: supplier.legalName,
      ...(supplier.tradeName ? { TrdNm: supplier.tradeName } : {}),
      ...address(supplier.address),
    },
    BuyerDtls:
      exported || buyer.address === undefined || buyer.address === null
        ? overseasBuyer(buyer.name, buyer.address)
        : { Gstin: buyer.gstin ?? '', LglNm: buyer.name, Pos: doc.placeOfSupply, ...address(buyer.address) },
    ...(doc.type !== 'invoice' && original
      ? {
          RefDtls: {
            PrecDocDtls: [{ InvNo: original.number, InvDt: formatIndianDate(original.date, '/') }],
          },
        }
      : {}),
    ItemList: doc.lines.map(item),
    ...(exported ? { ExpDtls: exportDetails(doc.exportDetails, supTyp === 'EXPWP') } : {}),
    ValDtls: {
      AssVal: rupees(totals.taxablePaise),
      CgstVal: rupees(totals.taxes.cgst),
      SgstVal: rupees(stateOrUtTax(totals.taxes)),
      IgstVal: rupees(totals.taxes.igst),
      CesVal: rupees(totals.taxes.cess),
      RndOffAmt: rupees(totals.roundOffPaise),
      TotInvVal: rupees(totals.totalPaise),
    },
  };
}
