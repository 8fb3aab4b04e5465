/** The API view of an issued document: the engine's shape, with the buyer masked. */
import type { IssuedDocument, IssuedLine, PricingNote } from '../../domain/gst/index.js';
import { maskName, maskTail } from '../auth/masking.js';
import type { DocumentView } from './checkout.schemas.js';

export interface ViewExtras {
  storeId: string;
  customerId: string | null;
  originalId: string | null;
  exchangeId: string | null;
  notes?: readonly PricingNote[];
  replayed?: boolean;
}

/** A line as the API shows it, on documents and on quotes. */
export function toLineView(l: IssuedLine): DocumentView['lines'][number] {
  return {
    number: l.number,
    variantId: l.itemId ?? null,
    description: l.description,
    hsnSac: l.hsnSac,
    quantity: l.quantity,
    unit: l.unit,
    unitPricePaise: l.unitPricePaise,
    priceIncludesTax: l.priceIncludesTax,
    grossPaise: l.grossPaise,
    discountPaise: l.discountPaise,
    taxablePaise: l.taxablePaise,
    supply: l.supply,
    rate: l.rate,
    taxes: { ...l.taxes },
    totalPaise: l.totalPaise,
  };
}

export function toDocumentView(doc: IssuedDocument, extras: ViewExtras): DocumentView {
  const buyer = doc.buyer;
  return {
    id: doc.id,
    type: doc.type,
    kind: doc.kind,
    number: doc.number,
    date: doc.date,
    issuedAt: doc.issuedAt,
    status: doc.status,
    storeId: extras.storeId,
    customerId: extras.customerId,
    buyer:
      buyer === null
        ? null
        : {
            registered: (buyer.gstin ?? null) !== null,
            gstin: buyer.gstin === null || buyer.gstin === undefined ? null : maskTail(buyer.gstin, 4),
            name: buyer.name === null || buyer.name === undefined ? null : maskName(buyer.name),
            stateCode: buyer.stateCode ?? buyer.address?.stateCode ?? null,
          },
    placeOfSupply: doc.placeOfSupply,
    regime: doc.regime,
    supplyType: doc.supplyType ?? 'regular',
    exportDetails: doc.exportDetails ?? null,
    lut: doc.lut ?? null,
    lines: doc.lines.map(toLineView),
    totals: { ...doc.totals, taxes: { ...doc.totals.taxes } },
    payments: (doc.payments ?? []).map((p) => ({
      method: p.method,
      amountPaise: p.amountPaise,
      changePaise: p.changePaise ?? 0,
      cardLast4: p.cardLast4 ?? null,
      reference: p.reference ?? null,
    })),
    original:
      doc.original === null || doc.original === undefined
        ? null
        : { id: extras.originalId, number: doc.original.number, date: doc.original.date },
    reason: doc.reason ?? null,
    exchangeId: extras.exchangeId,
    notes: (extras.notes ?? []).map((n) => ({ line: n.line, code: n.code, message: n.message })),
    replayed: extras.replayed ?? false,
  };
}
