/**
 * Rule 46(a) of the CGST Rules: a tax invoice (and a bill of supply or a credit or debit note)
 * carries the supplier's name, address and GSTIN. A store whose printed address lacks its line,
 * city, PIN code or state cannot issue one; the refusal names the missing parts and where the
 * shop fills them in.
 */
import { AppError } from '../../domain/app-error.js';
import { isStateCode } from '../../domain/gst/states.js';
import type { StoreProfile } from './billing-settings.schemas.js';

/** The parts of the supplier's address a document needs, as the shop's settings name them. */
export type AddressPart = 'addressLine1' | 'city' | 'pincode' | 'stateCode';

const PART_NAMES: Record<AddressPart, string> = {
  addressLine1: 'address line',
  city: 'city',
  pincode: 'PIN code',
  stateCode: 'state',
};

/** What is missing from the store's printed address (empty when it is complete). */
export function missingAddressParts(
  profile: Pick<StoreProfile, 'addressLine1' | 'city' | 'pincode' | 'stateCode'>,
): AddressPart[] {
  const missing: AddressPart[] = [];
  if (profile.addressLine1.trim() === '') missing.push('addressLine1');
  if (profile.city.trim() === '') missing.push('city');
  if (!/^[1-9][0-9]{5}$/.test(profile.pincode)) missing.push('pincode');
  if (!isStateCode(profile.stateCode)) missing.push('stateCode');
  return missing;
}

/** Refuses to issue a document from a store without its full address (Rule 46(a)). */
export function requireSupplierAddress(
  profile: Pick<StoreProfile, 'addressLine1' | 'city' | 'pincode' | 'stateCode'>,
  field = 'storeId',
): void {
  const missing = missingAddressParts(profile);
  if (missing.length === 0) return;
  throw new AppError(
    'precondition_failed',
    `this store's address is incomplete (${missing.map((p) => PART_NAMES[p]).join(', ')} missing): ` +
      'fill it in under Settings, Store details and invoice series, before issuing invoices',
    field,
    { reason: 'supplier-address-incomplete', missing },
  );
}
