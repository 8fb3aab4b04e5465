/**
 * The first store's printed details as the first run (the setup page, `tijori init`) gives them:
 * written inside the setup transaction, so a business is never created with half its details.
 * The store profile gets the default series (INV/CN) and the shop's UPI payee goes to the billing
 * settings.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEFAULT_SETTINGS, settingsRow } from './billing-settings.repository.js';
import { reencodeLogo } from './logo-image.js';

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
  /** The shop's logo (PNG or JPEG `data:` URL); only its pixels are kept (`reencodeLogo`). */
  logo?: string | undefined;
}

/** Choices the first run asks of the shop, kept in its billing settings. */
export interface FirstRunChoices {
  /** Whether a sale may take stock below zero (the shop chooses at setup; default allow). */
  negativeStock?: 'allow' | 'refuse' | undefined;
}

/**
 * Writes a new store's profile (when given) and the shop's first-run choices and UPI payee in the
 * caller's transaction.
 */
export async function writeStoreDetails(
  trx: Kysely<Database>,
  tenantId: string,
  storeId: string,
  details: StoreDetails | undefined,
  now: string,
  choices: FirstRunChoices = {},
): Promise<void> {
  if (details !== undefined) await insertProfile(trx, tenantId, storeId, details, now);
  if (details?.upiVpa === undefined && choices.negativeStock === undefined) return;
  const settings = {
    ...DEFAULT_SETTINGS,
    ...(choices.negativeStock === undefined ? {} : { negativeStock: choices.negativeStock }),
    ...(details?.upiVpa === undefined
      ? {}
      : { upiVpa: details.upiVpa, upiPayeeName: (details.tradeName ?? details.legalName).slice(0, 60) }),
  };
  await trx
    .insertInto('billing_settings')
    .values(settingsRow(tenantId, settings, now))
    .execute();
}

async function insertProfile(
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
      logo: details.logo === undefined ? null : reencodeLogo(details.logo),
      updated_at: now,
    })
    .execute();
}

/** True when a store's printed address is incomplete (a business made before the first run asked). */
export function lacksAddress(profile: { addressLine1: string; city: string; pincode: string }): boolean {
  return profile.addressLine1.trim() === '' || profile.city.trim() === '' || profile.pincode.trim() === '';
}
