/**
 * Declared exemptions of the plaintext scanner: columns whose values are known not to be personal
 * data (digests, blind indexes, keys, signatures, opaque tokens) or where a kind of value is the
 * shop's own business data that the law puts on every invoice. Each has its reason, shown in the
 * scan's coverage. Everything else is scanned, in every table the catalog lists; envelopes
 * (`tj1:`) and sealed boxes (`tsb1:`) are skipped value by value, so plaintext that slipped into
 * an encrypted column is still found.
 */
import type { PersonalDataKind } from '../../../domain/personal-data.js';

export interface ScanExemption {
  /** The table (exact name or pattern); any table when absent. */
  readonly table?: string | RegExp;
  /** The column (exact name or pattern); `*` for the whole table. */
  readonly column: string | RegExp;
  /** The kinds not reported there; every kind when absent. */
  readonly kinds?: readonly PersonalDataKind[];
  readonly reason: string;
}

export const scanExemptions: readonly ScanExemption[] = [
  {
    table: /^kysely_migration/,
    column: '*',
    reason: "the migration tool's bookkeeping: migration names and times",
  },
  { column: /(^|_)hash$/, reason: 'SHA-256 digests in hex: any digits in them are chance' },
  { column: /_idx$/, reason: 'blind indexes: truncated keyed HMACs' },
  { column: /^(kek_id|key_id|recipient_key_id)$/, reason: 'key fingerprints in hex' },
  { table: 'user_accounts', column: 'login_index', reason: 'a keyed index of the login email' },
  { table: 'login_attempts', column: 'account_key', reason: 'a keyed hash of the login id' },
  { table: 'auth_throttle', column: 'key', reason: 'a keyed hash of the login id, or a network prefix' },
  { table: 'data_keys', column: 'wrapped', reason: 'data keys wrapped by the key-encryption key' },
  { table: 'tenant_key_pairs', column: /^(public_key|private_key)$/, reason: 'key pairs (base64 and PEM)' },
  {
    table: 'webauthn_credentials',
    column: /^(public_key|credential_id)$/,
    reason: 'passkey public keys and credential ids (base64url)',
  },
  { table: 'webauthn_challenges', column: 'challenge', reason: 'random WebAuthn challenges (base64url)' },
  { table: 'audit_checkpoints', column: 'note', reason: 'signed checkpoints: chain hashes and signatures' },
  { table: 'idempotency_keys', column: 'key', reason: "a client's opaque idempotency token" },
  {
    table: 'store_profiles',
    column: /^(phone|email)$/,
    kinds: ['phone', 'email'],
    reason: "the shop's own contact details, printed on its invoices (CGST Rule 46)",
  },
  {
    table: 'sales_documents',
    column: 'supplier_json',
    kinds: ['phone', 'email'],
    reason: 'the shop as printed on the document, with its own contact details (CGST Rule 46)',
  },
  {
    table: 'item_variants',
    column: 'sku',
    kinds: ['pan', 'phone'],
    reason: 'stock-keeping codes the shop chooses: a code shaped like a PAN or a phone number is a code',
  },
];

function matches(pattern: string | RegExp, value: string): boolean {
  return typeof pattern === 'string' ? pattern === value || pattern === '*' : pattern.test(value);
}

/** The exemptions that apply to one column (the whole table's included). */
export function exemptionsFor(table: string, column: string): ScanExemption[] {
  return scanExemptions.filter(
    (e) => (e.table === undefined || matches(e.table, table)) && matches(e.column, column),
  );
}

/** Whether a whole table is exempt (the migration tool's own tables). */
export function tableExempt(table: string): ScanExemption | undefined {
  return scanExemptions.find((e) => e.column === '*' && e.table !== undefined && matches(e.table, table));
}
