import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SearchTerm } from './blind-lookup.js';

/**
 * What repositories use to keep personal fields encrypted and searchable, implemented by the keys
 * module over the tenant's data keys. Repositories declare their encrypted columns once and call
 * these; plaintext never reaches SQL.
 */

/** Data-key purposes: each tenant has separate keys per purpose (and separate blind-index keys). */
export type KeyPurpose =
  | 'customer_pii'
  | 'payment_ref'
  | 'documents'
  | 'staff_pii'
  | 'auth_secrets'
  /** The Aadhaar vault's own key (issue 17): nothing else is encrypted under it. */
  | 'aadhaar_vault';

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
  index(
    tenantId: string,
    kind: BlindIndexKind,
    value: string,
    within?: Within,
    present?: ContactPresence,
  ): Promise<string>;
}

/**
 * Which contact fields the row carries besides this one: a contact index (phone, last 4, email)
 * has the width of the row's class (docs/security.md). Absent: only the field being indexed.
 */
export interface ContactPresence {
  readonly phone: boolean;
  readonly email: boolean;
}

/**
 * One candidate row of a blind-index lookup. `wrappedSubjectKey` is the subject's key as read in
 * the same query (a join on `subject_keys`, see docs/security.md): null when the subject was
 * erased, undefined to have it read separately.
 */
export interface LookupCandidate {
  readonly ref: FieldRef;
  readonly envelope: string;
  readonly wrappedSubjectKey?: string | null;
}

/** Lookups by a blind index: fetch candidates by `term.index`, then keep the exact matches. */
export interface BlindLookup {
  /** Normalises `value` once and computes its index value for the tenant. */
  searchTerm(tenantId: string, kind: BlindIndexKind, value: string, within?: Within): Promise<SearchTerm>;
  /** Decrypts the candidates and keeps those whose value really is the one sought. */
  keepExactMatches<C extends LookupCandidate>(
    term: SearchTerm,
    candidates: readonly C[],
    within?: Within,
  ): Promise<Array<{ candidate: C; plaintext: string }>>;
  /** Decrypts another field of a found row with the wrapped subject key read with it. */
  decryptWithSubjectKey(
    ref: FieldRef,
    envelope: string,
    wrappedSubjectKey: string | null,
    within?: Within,
  ): Promise<string>;
}
