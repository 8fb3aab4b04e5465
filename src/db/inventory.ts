/**
 * The data inventory's declaration format: one classification for every column of every table
 * (ASVS 14.1.1, 14.1.2). Each capability declares its tables in `tables/<area>.inventory.ts`
 * next to its table types, typed against them so that a column missing from the declaration does
 * not compile; `data-inventory.ts` joins them, and a test compares the live database catalog with
 * the result on both engines. The classification drives masking, encryption checks, the export
 * package, erasure, retention and the records of processing (modules/privacy).
 */

/** What a column holds, by how it must be protected. */
export type DataClass = 'personal' | 'sensitive' | 'payment' | 'tax_record' | 'operational';

/** The kind of personal data, named in records of processing, exports and breach notices. */
export type DataCategory =
  | 'identity'
  | 'contact'
  | 'address'
  | 'tax_identifier'
  | 'financial'
  | 'purchase_history'
  | 'payment_reference'
  | 'credentials'
  | 'device_network'
  | 'consent'
  | 'privacy_request'
  | 'staff_identity';

/**
 * What erasing the data subject does to the column: `shred` (the value is under the subject's own
 * key: unreadable everywhere once the key is destroyed, and cleared in the live row), `clear` (set
 * to null: blind indexes and other values that could link back to the person), `keep` (not
 * personal, or kept because the law requires it).
 */
export type Erasure = 'shred' | 'clear' | 'keep';

/** How a personal value is shown by default (`modules/auth/masking.ts` `maskAs`). */
export type Mask = 'name' | 'phone' | 'email' | 'tail4' | 'hidden';

/** Why the data is processed (records of processing list one entry per purpose). */
export type Purpose =
  | 'billing'
  | 'gst_compliance'
  | 'credit_ledger'
  | 'marketing'
  | 'loyalty'
  | 'privacy_rights'
  | 'security'
  | 'staff_administration'
  | 'operations';

/**
 * How long rows are kept: a policy the retention module runs (`customer_inactive`, `tax_records`,
 * `audit`, `sessions`, `login_attempts`, `verification_codes`, `export_packages`) or a rule that
 * is not a scheduled deletion (`while_needed`: as long as the shop uses it; `evidence`: kept as
 * proof of consent, requests and erasures; `notifications`: the outbox and its delivery log).
 */
export type RetentionRule =
  | 'customer_inactive'
  | 'tax_records'
  | 'audit'
  | 'sessions'
  | 'login_attempts'
  | 'verification_codes'
  | 'export_packages'
  | 'while_needed'
  | 'evidence'
  | 'notifications';

export interface ColumnSpec {
  readonly class: DataClass;
  readonly category?: DataCategory;
  /** Stored as an encrypted envelope (cross-checked with the declared encrypted columns). */
  readonly encrypted?: boolean;
  /** Default: `shred` for encrypted personal columns of a subject's own table, else `keep`. */
  readonly erasure?: Erasure;
  /** Part of the data-subject export package (default true; false for indexes, hashes, secrets). */
  readonly export?: boolean;
  readonly mask?: Mask;
}

/**
 * Whose data a table holds: a column naming the subject (`column`), or a column naming a row of
 * another table that does (`via`: this table's `column` holds the id of a `table` row).
 */
export type SubjectLink =
  | { readonly kind: 'customer' | 'staff'; readonly column: string }
  | { readonly kind: 'customer'; readonly via: { readonly column: string; readonly table: string } };

export interface TableSpec<Row> {
  readonly description: string;
  readonly purposes: readonly Purpose[];
  readonly retention: RetentionRule;
  readonly subject?: SubjectLink;
  /** Erasing the subject deletes their rows here (codes, notices, export packages). */
  readonly eraseRows?: boolean;
  readonly columns: { readonly [C in keyof Row]-?: ColumnSpec };
}

/** Every table of a capability, every column of each. */
export type InventoryOf<Tables> = { readonly [T in keyof Tables]-?: TableSpec<Tables[T]> };

/** The declaration helper (identity at run time; the type makes the declaration complete). */
export function defineInventory<Tables>(inventory: InventoryOf<Tables>): InventoryOf<Tables> {
  return inventory;
}

/** Shorthands for the common column kinds. */
export const col = {
  /** Keys, states, times, counters: not about a person. */
  op: { class: 'operational' } as ColumnSpec,
  /** Part of a tax record (invoice amounts, HSN, dates): kept 72 months, never erased early. */
  tax: { class: 'tax_record' } as ColumnSpec,
  /** A personal value in clear (the inventory test and the self-audit flag these). */
  personal: (category: DataCategory, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
    class: 'personal',
    category,
    ...extra,
  }),
  /** A personal value stored encrypted. */
  encrypted: (category: DataCategory, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
    class: 'personal',
    category,
    encrypted: true,
    ...extra,
  }),
  /** A keyed blind index of a personal value: cleared on erasure, never exported. */
  blindIndex: (category: DataCategory): ColumnSpec => ({
    class: 'personal',
    category,
    erasure: 'clear',
    export: false,
  }),
  /** A secret or its hash (passwords, tokens, codes, keys): never exported. */
  secret: { class: 'sensitive', category: 'credentials', export: false } as ColumnSpec,
};
