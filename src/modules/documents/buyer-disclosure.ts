/**
 * What of the buyer a document prints. Rule 46 needs a registered buyer's name, address and
 * GSTIN; for an unregistered buyer it needs name, address and state only when the taxable
 * value is Rs 50,000 or more. Below that nothing of the customer is printed (not even a name
 * or phone), so a receipt left on the counter discloses no personal data. Credit notes follow
 * the same rule on their own value.
 */
import type { BuyerParty, IssuedDocument, PostalAddress } from '../../domain/gst/issued-document.types.js';
import type { Paise } from '../../domain/money/money.js';

/** Taxable value from which an unregistered buyer's name, address and state are printed. */
export const B2C_DETAILS_FROM: Paise = 5_000_000;

/** The buyer fields a document prints. */
export interface PrintedBuyer {
  readonly gstin: string | null;
  readonly name: string | null;
  readonly address: PostalAddress | null;
  readonly stateCode: string | null;
}

/** The buyer as printed, or null when nothing of the buyer may be printed. */
export function printedBuyer(doc: Pick<IssuedDocument, 'buyer' | 'totals'>): PrintedBuyer | null {
  const buyer: BuyerParty | null = doc.buyer;
  if (buyer === null) return null;
  const gstin = buyer.gstin !== undefined && buyer.gstin !== null && buyer.gstin !== '' ? buyer.gstin : null;
  if (gstin === null && doc.totals.taxablePaise < B2C_DETAILS_FROM) return null;
  const address = buyer.address ?? null;
  return {
    gstin,
    name: buyer.name ?? null,
    address,
    stateCode: address?.stateCode ?? buyer.stateCode ?? (gstin === null ? null : gstin.slice(0, 2)),
  };
}
