/**
 * Issued documents for the renderer and returns tests, priced by the real engine (fake parties
 * only: the GSTINs are made up, with correct check characters).
 */
import {
  createRateTable,
  DEFAULT_PRICING_POLICY,
  priceCart,
  type BuyerParty,
  type CartInput,
  type CartLineInput,
  type IssuedDocument,
  type OriginalInvoiceRef,
  type SupplierParty,
} from '../../src/domain/gst/index.js';

export const SUPPLIER_GSTIN = '27ABCDE1234F1Z0';
export const BUYER_A_GSTIN = '29PQRST6789K1ZS';
export const BUYER_B_GSTIN = '27LMNOP4321Q1Z4';

export const SUPPLIER: SupplierParty = {
  gstin: SUPPLIER_GSTIN,
  legalName: 'Demo Apparel Private Limited',
  tradeName: 'Demo Threads',
  address: {
    line1: '12 Example Market Road',
    line2: 'Shop 4',
    city: 'Pune',
    pincode: '411001',
    stateCode: '27',
  },
  registration: 'regular',
  phone: '020-00000000',
};

export const BUYER_A: BuyerParty = {
  gstin: BUYER_A_GSTIN,
  name: 'Fake Traders Karnataka LLP',
  address: { line1: '1 Test Layout', city: 'Bengaluru', pincode: '560001', stateCode: '29' },
};

export const BUYER_B: BuyerParty = {
  gstin: BUYER_B_GSTIN,
  name: 'Sample Retail Mumbai',
  address: { line1: '99 Placeholder Street', city: 'Mumbai', pincode: '400001', stateCode: '27' },
};

const rates = createRateTable();

/** A goods line (PCS, excl. tax unless said otherwise). */
export function goods(
  description: string,
  hsnSac: string,
  quantity: number,
  unitPricePaise: number,
  more: Partial<CartLineInput> = {},
): CartLineInput {
  return {
    description,
    hsnSac,
    rateCategory: 'apparel',
    quantity,
    unit: 'PCS',
    unitPricePaise,
    priceIncludesTax: false,
    ...more,
  };
}

export interface DocumentSpec {
  number: string;
  seriesKey: string;
  sequence: number;
  date: string;
  type?: IssuedDocument['type'];
  status?: IssuedDocument['status'];
  buyer?: BuyerParty | null;
  deliveredTo?: string;
  lines: CartLineInput[];
  /** Date whose rates apply (credit notes use their original invoice's date). */
  pricedOn?: string;
  original?: OriginalInvoiceRef;
  payments?: IssuedDocument['payments'];
  supplier?: SupplierParty;
  supplyType?: IssuedDocument['supplyType'];
  exportDetails?: IssuedDocument['exportDetails'];
  lut?: IssuedDocument['lut'];
}

/** Prices the lines and wraps them as an issued document. */
export function issue(spec: DocumentSpec): IssuedDocument {
  const supplier = spec.supplier ?? SUPPLIER;
  const cart: CartInput = {
    documentDate: spec.pricedOn ?? spec.date,
    supplier: { stateCode: supplier.address.stateCode, registration: supplier.registration },
    buyer: spec.buyer
      ? { gstin: spec.buyer.gstin, stateCode: spec.buyer.address?.stateCode ?? spec.buyer.stateCode }
      : null,
    delivery:
      spec.deliveredTo === undefined
        ? { kind: 'counter' }
        : { kind: 'delivered', stateCode: spec.deliveredTo },
    ...(spec.supplyType === undefined ? {} : { supplyType: spec.supplyType }),
    policy: DEFAULT_PRICING_POLICY,
    lines: spec.lines,
  };
  const priced = priceCart(cart, rates);
  const type = spec.type ?? 'invoice';
  return {
    id: `doc-${spec.number}`,
    type,
    kind: priced.kind,
    number: spec.number,
    seriesKey: spec.seriesKey,
    sequence: spec.sequence,
    date: spec.date,
    issuedAt: `${spec.date}T06:30:00.000Z`,
    status: spec.status ?? 'issued',
    supplier,
    buyer: spec.buyer ?? null,
    placeOfSupply: priced.placeOfSupply,
    regime: priced.regime,
    supplyType: priced.supplyType,
    exportDetails: spec.exportDetails ?? null,
    lut: spec.lut ?? null,
    reverseCharge: false,
    lines: priced.lines.map(({ index, rateCategory: _c, rateEntry: _e, ...line }) => ({
      ...line,
      number: index + 1,
    })),
    totals: priced.totals,
    payments: spec.payments,
    original: spec.original ?? null,
    reason: type === 'invoice' ? null : type === 'debit-note' ? 'Price increase' : 'Goods returned',
  };
}
