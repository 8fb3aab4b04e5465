import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * What repositories use to keep personal fields encrypted and searchable, implemented by the keys
 * module over the tenant's data keys. Repositories declare their encrypted columns once and call
 * these; plaintext never reaches SQL.
 */

/** Data-key purposes: each tenant has separate keys per purpose (and separate blind-index keys). */
export type KeyPurpose = 'customer_pii' | 'payment_ref' | 'documents' | 'staff_pii' | 'auth_secrets';

/** Binds a value to where it lives, so a ciphertext moved elsewhere fails to decrypt. */
export interface FieldRef {
  readonly tenantId: string;
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
  /**
   * The data subject (customer id) whose personal data this is. With purpose `customer_pii` the
   * value is encrypted under that customer's own key, so erasing the customer (destroying the key)
   * makes every copy unreadable: in this table, in other tables, and in older backups.
   */
  readonly subjectId?: string;
}

/**
 * The open transaction a call happens in, if any. Key lookups that miss the cache then read (and a
 * first use creates) keys through it, so on SQLite's single connection the call does not wait for
 * its own transaction, and on PostgreSQL a new customer's key commits or rolls back with the
 * customer. Keys seen through a transaction are not cached, since it may still roll back.
 */
export type Within = Kysely<Database>;

export interface FieldCipher {
  /** Encrypts under the tenant's current data key for `purpose`; returns the text envelope. */
  encrypt(purpose: KeyPurpose, ref: FieldRef, plaintext: string, within?: Within): Promise<string>;
  /** Decrypts an envelope; throws AppError `decryption_failed` (no data in it) when it cannot. */
  decrypt(ref: FieldRef, envelope: string, within?: Within): Promise<string>;
}

/** Blind-index kinds: each normalises its input before the keyed hash. */
export type BlindIndexKind = 'phone' | 'phone_last4' | 'email' | 'gstin' | 'login_email';

export interface BlindIndexer {
  /** The keyed, truncated index value of `value` for the tenant (text, for an SQL index). */
  index(tenantId: string, kind: BlindIndexKind, value: string, within?: Within): Promise<string>;
}
