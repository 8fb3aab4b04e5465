/**
 * Field encryption and blind indexes over the key ring: the implementation of `FieldCipher` and
 * `BlindIndexer` that repositories use. Values of purpose `customer_pii` that name a data subject
 * are encrypted under that subject's own key (itself wrapped by the tenant's customer key), so
 * erasing the subject shreds every copy; everything else is under the tenant's key for the purpose.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { blindIndex, chooseIndexBits } from '../../crypto/blind-index.js';
import {
  decryptField,
  encryptField,
  envelopePrefix,
  parseEnvelope,
  type FieldAad,
} from '../../crypto/envelope.js';
import { normalizeEmail, normalizeGstin, normalizePhone, phoneLast4 } from '../../crypto/normalize.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { declareEncryptedColumn } from './encrypted-columns.js';
import type {
  BlindIndexer,
  BlindIndexKind,
  FieldCipher,
  FieldRef,
  KeyPurpose,
  Within,
} from './field-crypto.types.js';
import { KeyCache } from './key-cache.js';
import { INSTALLATION_TENANT, hideKey, type KeyRing, type UnwrappedKey } from './key-ring.service.js';

/** Subject keys are wrapped under the tenant's customer key: rotating that key re-wraps them. */
declareEncryptedColumn({
  table: 'subject_keys',
  column: 'wrapped',
  purpose: 'customer_pii',
  rowIdColumn: 'subject_id',
});

const SUBJECT_KEY_PREFIX = 's_';
const ERASED = new AppError(
  'decryption_failed',
  'this person was erased; the value no longer exists',
  undefined,
  { reason: 'erased' },
);

export interface BlindIndexOptions {
  /** Expected customers per tenant; sets the index length by the 2..sqrt(N) rule. */
  expectedRows: number;
}

export function indexBits(kind: BlindIndexKind, options: BlindIndexOptions): number {
  // The last four digits have only 10,000 values: 12 bits keeps about two of them per index value.
  if (kind === 'phone_last4') return 12;
  return chooseIndexBits(options.expectedRows);
}

function normalizeFor(kind: BlindIndexKind, value: string): string {
  switch (kind) {
    case 'phone':
      return normalizePhone(value);
    case 'phone_last4':
      return phoneLast4(value);
    case 'email':
    case 'login_email':
      return normalizeEmail(value);
    case 'gstin':
      return normalizeGstin(value);
  }
}

export class FieldCipherService implements FieldCipher, BlindIndexer {
  readonly #subjects: KeyCache<UnwrappedKey | 'erased'>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyRing: KeyRing,
    private readonly clock: Clock,
    private readonly indexOptions: BlindIndexOptions = { expectedRows: 100_000 },
  ) {
    this.#subjects = new KeyCache(keyRing.options.cacheSize, keyRing.options.cacheTtlMs);
  }

  async encrypt(purpose: KeyPurpose, ref: FieldRef, plaintext: string, within?: Within): Promise<string> {
    const key =
      purpose === 'customer_pii' && ref.subjectId !== undefined
        ? await this.#subjectKey(ref.tenantId, ref.subjectId, true, within)
        : await this.keyRing.activeKey(ref.tenantId, purpose, purpose, 'encryption', within);
    return encryptField(key.key, key, aadOf(ref), plaintext);
  }

  async decrypt(ref: FieldRef, envelope: string, within?: Within): Promise<string> {
    const parsed = parseEnvelope(envelope);
    const key = parsed.keyId.startsWith(SUBJECT_KEY_PREFIX)
      ? await this.#subjectKey(ref.tenantId, parsed.keyId.slice(SUBJECT_KEY_PREFIX.length), false, within)
      : await this.keyRing.keyVersion(ref.tenantId, parsed.keyId, parsed.version, within);
    return decryptField(key.key, aadOf(ref), parsed);
  }

  async index(tenantId: string, kind: BlindIndexKind, value: string, within?: Within): Promise<string> {
    const owner = kind === 'login_email' ? INSTALLATION_TENANT : tenantId;
    const key = await this.keyRing.activeKey(owner, `bidx_${kind}`, 'blind_index', 'blind_index', within);
    return blindIndex(key.key, kind, normalizeFor(kind, value), indexBits(kind, this.indexOptions));
  }

  /** The envelope prefix of a key series or version, for finding values under it. */
  envelopePrefix(keyId: string, version?: number): string {
    return `${envelopePrefix(keyId, version)}%`;
  }

  /** Forgets a cached subject key (after erasure in this process). */
  forgetSubject(tenantId: string, subjectId: string): void {
    this.#subjects.delete(`${tenantId}/${subjectId}`);
  }

  async #subjectKey(
    tenantId: string,
    subjectId: string,
    create: boolean,
    within: Within | undefined,
  ): Promise<UnwrappedKey> {
    const cacheKey = `${tenantId}/${subjectId}`;
    const cached = this.#subjects.get(cacheKey);
    if (cached === 'erased') throw ERASED;
    if (cached !== undefined) return cached;
    const db = within ?? this.db;
    const ref = { tenantId, table: 'subject_keys', column: 'wrapped', rowId: subjectId };
    let row = await this.#loadSubject(db, tenantId, subjectId);
    if (row === undefined) {
      if (!create) throw new AppError('decryption_failed', 'the key for this value does not exist');
      const fresh = randomBytes(32);
      const wrapped = await this.encrypt('customer_pii', ref, fresh.toString('base64'), within);
      fresh.fill(0);
      await db
        .insertInto('subject_keys')
        .values({
          tenant_id: tenantId,
          subject_id: subjectId,
          wrapped,
          created_at: this.clock.now().toISOString(),
          erased_at: null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'subject_id']).doNothing())
        .execute();
      row = await this.#loadSubject(db, tenantId, subjectId);
    }
    if (row === undefined || row.wrapped === null) {
      // An erasure inside an open transaction may still roll back: remember it only when committed.
      if (within === undefined) this.#subjects.set(cacheKey, 'erased');
      throw ERASED;
    }
    const key = hideKey({
      keyId: `${SUBJECT_KEY_PREFIX}${subjectId}`,
      version: 1,
      key: Buffer.from(await this.decrypt(ref, row.wrapped, within), 'base64'),
    });
    if (within === undefined) this.#subjects.set(cacheKey, key);
    return key;
  }

  async #loadSubject(db: Within, tenantId: string, subjectId: string) {
    return db
      .selectFrom('subject_keys')
      .select(['wrapped'])
      .where('tenant_id', '=', tenantId)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
  }
}

function aadOf(ref: FieldRef): FieldAad {
  return { tenantId: ref.tenantId, table: ref.table, column: ref.column, rowId: ref.rowId };
}
