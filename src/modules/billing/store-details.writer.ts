/**
 * The first store's printed details as the first run (the setup page, `tijori init`) gives them:
 * written inside the setup transaction, so a business is never created with half its details.
 * The store profile gets the default series (INV/CN) and the shop's UPI payee goes to the billing
 * settings.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEFAULT_SETTINGS, settingsRow } from './billing-settings.repository.js';

/** What the first run asks for the first store (all printed on its invoices and receipts). */
export interface StoreDetails {
  legalName: string;
  tradeName?: string | undefined;
  addressLine1: string;
  city: string;
  pincode: string;
  phone?: string | undefined;
  email?: string | undefined;
  upiVpa?: string | undefined;
}

/** Writes a new store's profile (and the shop's UPI payee) in the caller's transaction. */
export async function writeStoreDetails(
  trx: Kysely<Database>,
  tenantId: string,
  storeId: string,
  details: StoreDetails,
  now: string,
): Promise<void> {
  await trx
    .insertInto('store_profiles')
    .values({
      tenant_id: tenantId,
      store_id: storeId,
      legal_name: details.legalName,
      trade_name: details.tradeName ?? null,
      address_line1: details.addressLine1,
      address_line2: null,
      city: details.city,
      pincode: details.pincode,
      phone: details.phone ?? null,
      email: details.email ?? null,
      registration: 'regular',
      invoice_prefix: 'INV',
      credit_note_prefix: 'CN',
      include_year: 1,
      min_digits: 5,
      updated_at: now,
    })
    .execute();
  if (details.upiVpa === undefined) return;
  const settings = {
    ...DEFAULT_SETTINGS,
    upiVpa: details.upiVpa,
    upiPayeeName: (details.tradeName ?? details.legalName).slice(0, 60),
  };
  await trx
    .insertInto('billing_settings')
    .values(settingsRow(tenantId, settings, now))
    .execute();
}

/** True when a store's printed address is incomplete (a business made before the first run asked). */
export function lacksAddress(profile: { addressLine1: string; city: string; pincode: string }): boolean {
  return profile.addressLine1.trim() === '' || profile.city.trim() === '' || profile.pincode.trim() === '';
}
