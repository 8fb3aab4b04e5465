/**
 * Place of supply (IGST Act ss.10-12), which decides intra-state (CGST + SGST/UTGST) versus
 * inter-state (IGST) tax:
 * - goods sold at the counter: the shop (where the buyer takes delivery);
 * - goods delivered elsewhere: where the movement ends;
 * - services by default: the registered recipient's state, else the state of the address on
 *   record, else the supplier's state;
 * - services tied to where they are performed (salon and beauty): that place.
 */
import type { PlaceRule } from './rate-table.types.js';
import type { StateCode } from './states.js';
import type { Delivery } from './pricing.types.js';

/** The facts place of supply is decided from, for one line. */
export interface PlaceOfSupplyFacts {
  readonly supplierStateCode: StateCode;
  readonly isService: boolean;
  readonly placeRule: PlaceRule;
  /** State of a registered buyer (from the GSTIN). */
  readonly registeredBuyerStateCode?: StateCode | null;
  /** State of the buyer's address on record. */
  readonly buyerAddressStateCode?: StateCode | null;
  readonly delivery: Delivery;
  /** Where a `where-performed` service is performed; default: the supplier's state. */
  readonly servicePerformedStateCode?: StateCode;
}

/** The place of supply for one line. */
export function placeOfSupply(facts: PlaceOfSupplyFacts): StateCode {
  if (!facts.isService)
    return facts.delivery.kind === 'delivered' ? facts.delivery.stateCode : facts.supplierStateCode;
  if (facts.placeRule === 'where-performed')
    return facts.servicePerformedStateCode ?? facts.supplierStateCode;
  return facts.registeredBuyerStateCode ?? facts.buyerAddressStateCode ?? facts.supplierStateCode;
}

/** SAC codes (services) are chapter 99; every other HSN code is goods. */
export function isServiceCode(hsnSac: string): boolean {
  return hsnSac.startsWith('99');
}
