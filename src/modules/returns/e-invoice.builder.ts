/**
 * E-invoice JSON (IRP schema 1.1) for a B2B tax invoice or credit/debit note. Amounts are the
 * stored paise converted to rupees, so every total is the sum the document printed.
 */
import { AppError } from '../../domain/app-error.js';
import { formatIndianDate } from '../../domain/gst/ist-date.js';
import type { IssuedDocument, IssuedLine, PostalAddress } from '../../domain/gst/issued-document.types.js';
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

/**
 * Builds the e-invoice of a B2B document. Throws `precondition_failed` naming what is missing
 * (a B2C document, a bill of supply, a buyer without GSTIN or address, a cancelled document).
 */
export function buildEInvoice(doc: IssuedDocument): EInvoice {
  if (doc.status !== 'issued') throw refuse('a cancelled document has no e-invoice', 'status', doc);
  if (doc.kind !== 'tax-invoice')
    throw refuse('e-invoices are for tax invoices, not bills of supply', 'kind', doc);
  const buyer = doc.buyer;
  if (buyer?.gstin === undefined || buyer.gstin === null || buyer.gstin === '')
    throw refuse('e-invoices are for registered buyers (B2B) only', 'buyer.gstin', doc);
  if (buyer.name === undefined || buyer.name === null)
    throw refuse('the buyer has no legal name', 'buyer.name', doc);
  if (buyer.address === undefined || buyer.address === null)
    throw refuse('the buyer has no address on record', 'buyer.address', doc);
  const supplier = doc.supplier;
  const totals = doc.totals;
  const original = doc.original;
  if (doc.type !== 'invoice' && (original === undefined || original === null))
    throw refuse('a credit or debit note needs the invoice it adjusts', 'original', doc);
  return {
    Version: '1.1',
    TranDtls: { TaxSch: 'GST', SupTyp: 'B2B', RegRev: doc.reverseCharge ? 'Y' : 'N', IgstOnIntra: 'N' },
    DocDtls: { Typ: DOC_TYPE[doc.type], No: doc.number, Dt: formatIndianDate(doc.date, '/') },
    SellerDtls: {
      Gstin: supplier.gstin,
      LglNm: supplier.legalName,
      ...(supplier.tradeName ? { TrdNm: supplier.tradeName } : {}),
      ...address(supplier.address),
    },
    BuyerDtls: { Gstin: buyer.gstin, LglNm: buyer.name, Pos: doc.placeOfSupply, ...address(buyer.address) },
    ...(doc.type !== 'invoice' && original
      ? {
          RefDtls: {
            PrecDocDtls: [{ InvNo: original.number, InvDt: formatIndianDate(original.date, '/') }],
          },
        }
      : {}),
    ItemList: doc.lines.map(item),
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
