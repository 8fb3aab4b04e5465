/**
 * Encryption of customers' personal fields: each under purpose `customer_pii` with the customer
 * as data subject (so erasing the customer shreds every copy), bound to its table, column and
 * row; blind indexes for phone, last 4 digits, email and GSTIN. Plaintext never reaches SQL.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { normalizeEmail, normalizePhone } from '../../crypto/normalize.js';
import { AppError, invalid } from '../../domain/app-error.js';
import { validateGstin } from '../../domain/gst/index.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { BlindIndexer, BlindLookup, FieldCipher } from '../keys/field-crypto.types.js';
import type { PostalAddressInput } from './customer.schemas.js';

const ENCRYPTED = ['name_enc', 'phone_enc', 'email_enc', 'address_enc', 'gstin_enc'] as const;
type EncryptedColumn = (typeof ENCRYPTED)[number];
for (const column of ENCRYPTED)
  declareEncryptedColumn({
    table: 'customers',
    column,
    purpose: 'customer_pii',
    rowIdColumn: 'id',
    subjectColumn: 'id',
  });

/** Personal fields in clear, normalised. */
export interface CustomerPii {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  gstin?: string | null;
  address?: PostalAddressInput | null;
}

export type CustomerCipher = FieldCipher & BlindIndexer & BlindLookup;

/** Normalises and checks the personal fields (phone to E.164, email, GSTIN with its check). */
export function normalizePii(pii: CustomerPii): CustomerPii & { gstinStateCode?: string } {
  const out: CustomerPii & { gstinStateCode?: string } = { ...pii };
  if (pii.phone !== undefined && pii.phone !== null) out.phone = normalizePhone(pii.phone);
  if (pii.email !== undefined && pii.email !== null) out.email = normalizeEmail(pii.email);
  if (pii.gstin !== undefined && pii.gstin !== null) {
    const result = validateGstin(pii.gstin);
    if (!result.valid) throw invalid('gstin', result.message);
    if (result.kind === 'oidar')
      throw invalid('gstin', 'an online-services (OIDAR) GSTIN cannot be a buyer here');
    out.gstin = result.gstin;
    out.gstinStateCode = result.stateCode;
  }
  return out;
}

const COLUMN_OF: Record<keyof CustomerPii, EncryptedColumn> = {
  name: 'name_enc',
  phone: 'phone_enc',
  email: 'email_enc',
  gstin: 'gstin_enc',
  address: 'address_enc',
};

/** Encrypted columns and blind indexes for the given (normalised) fields; absent fields stay absent. */
export async function sealPii(
  cipher: CustomerCipher,
  tenantId: string,
  customerId: string,
  pii: CustomerPii,
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  const seal = (column: EncryptedColumn, value: string) =>
    cipher.encrypt(
      'customer_pii',
      { tenantId, table: 'customers', column, rowId: customerId, subjectId: customerId },
      value,
    );
  for (const key of Object.keys(COLUMN_OF) as (keyof CustomerPii)[]) {
    const value = pii[key];
    if (value === undefined) continue;
    const column = COLUMN_OF[key];
    out[column] =
      value === null ? null : await seal(column, typeof value === 'string' ? value : JSON.stringify(value));
  }
  // A contact index's width depends on which contact fields the row has (its class): both are
  // given whenever either changes.
  const present =
    pii.phone === undefined || pii.email === undefined
      ? undefined
      : { phone: pii.phone !== null, email: pii.email !== null };
  if (pii.phone !== undefined) {
    out.phone_idx =
      pii.phone === null ? null : await cipher.index(tenantId, 'phone', pii.phone, undefined, present);
    out.phone_last4_idx =
      pii.phone === null ? null : await cipher.index(tenantId, 'phone_last4', pii.phone, undefined, present);
  }
  if (pii.email !== undefined)
    out.email_idx =
      pii.email === null ? null : await cipher.index(tenantId, 'email', pii.email, undefined, present);
  if (pii.gstin !== undefined)
    out.gstin_idx = pii.gstin === null ? null : await cipher.index(tenantId, 'gstin', pii.gstin);
  return out;
}

/** An encrypted row's personal columns. */
export type SealedPii = Partial<Record<EncryptedColumn, string | null>> & { tenant_id: string; id: string };

/** Decrypted fields; `erased` when the customer's key was destroyed. */
export interface OpenedPii {
  erased: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
  gstin: string | null;
  address: PostalAddressInput | null;
}

/** Decrypts the asked fields of a row (all by default). */
export async function openPii(
  cipher: CustomerCipher,
  row: SealedPii,
  fields: readonly (keyof CustomerPii)[] = ['name', 'phone', 'email', 'gstin', 'address'],
  within?: Kysely<Database>,
): Promise<OpenedPii> {
  const out: OpenedPii = { erased: false, name: null, phone: null, email: null, gstin: null, address: null };
  try {
    for (const key of fields) {
      const column = COLUMN_OF[key];
      const envelope = row[column];
      if (envelope === undefined || envelope === null) continue;
      const ref = { tenantId: row.tenant_id, table: 'customers', column, rowId: row.id, subjectId: row.id };
      const text = await cipher.decrypt(ref, envelope, within);
      if (key === 'address') out.address = JSON.parse(text) as PostalAddressInput;
      else out[key] = text;
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'decryption_failed' && error.details?.reason === 'erased')
      return { erased: true, name: null, phone: null, email: null, gstin: null, address: null };
    throw error;
  }
  return out;
}
