/**
 * Field encryption and blind indexes over the key ring: the implementation of `FieldCipher` and
 * `BlindIndexer` that repositories use. Values of purpose `customer_pii` that name a data subject
 * are encrypted under that subject's own key (itself wrapped by the tenant's customer key), so
 * erasing the subject shreds every copy; everything else is under the tenant's key for the purpose.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { blindIndex } from '../../crypto/blind-index.js';
import {
  DecryptionError,
  decryptField,
  decryptFieldBytes,
  encryptField,
  envelopePrefix,
  parseEnvelope,
  type FieldAad,
  type ParsedEnvelope,
} from '../../crypto/envelope.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import {
  bitsOfAlgorithm,
  classOf,
  contactIndexValue,
  indexAlgorithm,
  indexBits,
  isContactKind,
  isExactMatch,
  normalizeFor,
  planIndexWidths,
  widthOf,
  widthsOf,
  type BlindIndexOptions,
  type ClassCounts,
  type ContactIndexKeys,
  type ContactKind,
  type SearchTerm,
} from './blind-lookup.js';
import { declareEncryptedColumn } from './encrypted-columns.js';
import type {
  BlindIndexer,
  BlindIndexKind,
  BlindLookup,
  ContactPresence,
  FieldCipher,
  FieldRef,
  KeyPurpose,
  LookupCandidate,
  Within,
} from './field-crypto.types.js';
import {
  epochOf,
  isEpochWrapped,
  unwrapUnderEpoch,
  wrapUnderEpoch,
  type ErasureEpochStore,
} from './erasure-epochs.js';
import { KeyCache } from './key-cache.js';
import { INSTALLATION_TENANT, hideKey, type KeyRing, type UnwrappedKey } from './key-ring.service.js';

export { indexBits, type BlindIndexOptions, type SearchTerm } from './blind-lookup.js';

/** Subject keys are wrapped under the tenant's customer key: rotating that key re-wraps them. */
declareEncryptedColumn({
  table: 'subject_keys',
  column: 'wrapped',
  purpose: 'customer_pii',
  rowIdColumn: 'subject_id',
});

const SUBJECT_KEY_PREFIX = 's_';
/** How long a per-subject key stays cached: bounds how long an erased person stays readable elsewhere. */
const SUBJECT_KEY_TTL_MS = 60_000;
const ERASED = new AppError(
  'decryption_failed',
  'this person was erased; the value no longer exists',
  undefined,
  { reason: 'erased' },
);

export class FieldCipherService implements FieldCipher, BlindIndexer, BlindLookup {
  readonly #subjects: KeyCache<UnwrappedKey | 'erased'>;
  /** Derived contact-index keys per tenant and generation (checked against the key folder on use). */
  readonly #indexKeys = new KeyCache<ContactIndexKeys>(1_000, 15 * 60_000);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyRing: KeyRing,
    private readonly clock: Clock,
    private readonly indexOptions: BlindIndexOptions = { expectedRows: 100_000 },
    /**
     * The key folder's erasure epochs (ADR 0024): new customer keys are wrapped under the tenant's
     * live epoch. Without it (tests of other areas) customer keys are wrapped as before version 0021.
     */
    readonly epochs?: ErasureEpochStore,
  ) {
    // Short-lived: after an erasure on another instance, this one stops using the key within it.
    this.#subjects = new KeyCache(
      keyRing.options.cacheSize,
      Math.min(keyRing.options.cacheTtlMs, SUBJECT_KEY_TTL_MS),
    );
  }

  async encrypt(purpose: KeyPurpose, ref: FieldRef, plaintext: string, within?: Within): Promise<string> {
    const perSubject = purpose === 'customer_pii' && ref.subjectId !== undefined;
    // A cached key is used without waiting on anything: this runs for every value written.
    const cached = perSubject
      ? this.#subjects.get(`${ref.tenantId}/${ref.subjectId ?? ''}`)
      : this.keyRing.peekActive(ref.tenantId, purpose);
    const key =
      cached !== undefined && cached !== 'erased'
        ? cached
        : perSubject
          ? await this.#subjectKey(ref.tenantId, ref.subjectId ?? '', true, within)
          : await this.keyRing.activeKey(ref.tenantId, purpose, purpose, 'encryption', within);
    return encryptField(key.key, key, aadOf(ref), plaintext);
  }

  async decrypt(ref: FieldRef, envelope: string, within?: Within): Promise<string> {
    const parsed = parseEnvelope(envelope);
    const subjectId = subjectOf(parsed);
    // The caller names whose value it expects: a value under another person's key is refused
    // before any key is unwrapped (issue 24: `decrypt` checks the subject).
    if (subjectId !== undefined && ref.subjectId !== undefined && subjectId !== ref.subjectId)
      throw new DecryptionError('wrong_subject');
    const key =
      subjectId !== undefined
        ? await this.#subjectKey(ref.tenantId, subjectId, false, within)
        : await this.keyRing.keyVersion(ref.tenantId, parsed.keyId, parsed.version, within);
    return decryptField(key.key, aadOf(ref), parsed);
  }

  async index(
    tenantId: string,
    kind: BlindIndexKind,
    value: string,
    within?: Within,
    present?: ContactPresence,
  ): Promise<string> {
    if (this.epochs === undefined || !isContactKind(kind))
      return (await this.#legacyTerm(tenantId, kind, normalizeFor(kind, value), within)).index;
    // Written under the generation being filled, if any, so the re-indexer never revisits it.
    const { current, next } = await this.#generations(tenantId, within);
    const target = next ?? current;
    const cls = classOf(present?.phone ?? kind !== 'email', present?.email ?? kind === 'email') ?? 'p';
    const bits = widthOf(kind, target.widths, cls) ?? 0;
    return this.contactIndex(tenantId, kind, normalizeFor(kind, value), target.generation, bits, within);
  }

  /** A contact index value under a given generation and width (the re-indexer's call). */
  async contactIndex(
    tenantId: string,
    kind: ContactKind,
    normalized: string,
    generation: number,
    bits: number,
    within?: Within,
  ): Promise<string> {
    return contactIndexValue(
      await this.#contactKeys(tenantId, generation, within),
      generation,
      kind,
      normalized,
      bits,
    );
  }

  /**
   * The tenant's index generations from the key folder; the first use creates the current one, with
   * widths planned from the tenant's real class sizes.
   */
  async indexGenerations(tenantId: string, within?: Within) {
    return this.#generations(tenantId, within);
  }

  async #generations(tenantId: string, within?: Within) {
    const store = this.epochs;
    if (store === undefined) throw new AppError('key_unavailable', 'index generations need the key folder');
    let found = store.indexGenerations(tenantId);
    if (found.current === undefined) {
      const counts = await contactClassCounts(within ?? this.db, tenantId);
      await store.startIndexGeneration(
        tenantId,
        'current',
        planIndexWidths(counts),
        store.doomedEpochIds(tenantId),
      );
      found = store.indexGenerations(tenantId);
    }
    const current = found.current;
    if (current === undefined)
      throw new AppError('key_unavailable', 'no blind-index generation could be created');
    return { current, next: found.next };
  }

  /**
   * A generation's index keys: HKDF over the generation secret (key folder) salted with the tenant's
   * index key of the kind (database), so neither place alone computes an index value.
   */
  async #contactKeys(tenantId: string, generation: number, within?: Within): Promise<ContactIndexKeys> {
    const cacheKey = `${tenantId}/${String(generation)}`;
    const store = this.epochs;
    if (store === undefined) throw new AppError('key_unavailable', 'index generations need the key folder');
    const secret = await store.indexSecret(tenantId, generation);
    const cached = this.#indexKeys.get(cacheKey);
    if (cached !== undefined) return cached;
    const derive = async (kind: ContactKind) => {
      const base = (await this.#legacyKey(tenantId, kind, within)).key;
      const info = `tijori-blind-index-v2/${tenantId}/${kind}/${String(generation)}`;
      return Buffer.from(hkdfSync('sha256', secret, base, info, 32));
    };
    const keys = {
      phone: await derive('phone'),
      phone_last4: await derive('phone_last4'),
      email: await derive('email'),
    };
    if (within === undefined) this.#indexKeys.set(cacheKey, keys);
    return keys;
  }

  /** Forgets derived index keys (after a generation was replaced). */
  forgetIndexKeys(): void {
    this.#indexKeys.clear();
  }

  /**
   * Prepares a lookup: normalises `value` once and computes its index. The index length is the one
   * recorded on the tenant's index key when it was created, so changing the setting later never
   * breaks existing indexes.
   */
  async searchTerm(
    tenantId: string,
    kind: BlindIndexKind,
    value: string,
    within?: Within,
  ): Promise<SearchTerm> {
    const normalized = normalizeFor(kind, value);
    const legacy = await this.#legacyTerm(tenantId, kind, normalized, within);
    if (this.epochs === undefined || !isContactKind(kind)) return legacy;
    // Every generation the key folder holds and every class width; values from before generations
    // too, until the re-indexer has moved them.
    const { current, next } = await this.#generations(tenantId, within);
    const indexes: string[] = [];
    for (const g of next === undefined ? [current] : [next, current])
      for (const bits of widthsOf(kind, g.widths))
        indexes.push(await this.contactIndex(tenantId, kind, normalized, g.generation, bits, within));
    indexes.push(legacy.index);
    return { tenantId, kind, normalized, index: indexes[0] ?? legacy.index, indexes };
  }

  /** The index of a value by the design before generations: the database's index key, one width. */
  async #legacyTerm(
    tenantId: string,
    kind: BlindIndexKind,
    normalized: string,
    within?: Within,
  ): Promise<SearchTerm> {
    const key = await this.#legacyKey(tenantId, kind, within);
    const bits = bitsOfAlgorithm(key.algorithm) ?? indexBits(kind, this.indexOptions);
    const index = blindIndex(key.key, kind, normalized, bits);
    return { tenantId, kind, normalized, index, indexes: [index] };
  }

  /** The tenant's (or, for login emails, the installation's) index key of a kind, in the database. */
  async #legacyKey(tenantId: string, kind: BlindIndexKind, within?: Within): Promise<UnwrappedKey> {
    const owner = kind === 'login_email' ? INSTALLATION_TENANT : tenantId;
    return (
      this.keyRing.peekActive(owner, `bidx_${kind}`) ??
      (await this.keyRing.activeKey(
        owner,
        `bidx_${kind}`,
        'blind_index',
        'blind_index',
        within,
        indexAlgorithm(indexBits(kind, this.indexOptions)),
      ))
    );
  }

  /**
   * The candidates whose decrypted value really is the one sought (a truncated index also returns
   * others by design), with that value. Candidates of erased subjects are no match. Other
   * decryption failures (tampered or moved values) are raised, never skipped silently. Only a
   * match's subject key is cached (its other fields are read next); strangers' keys are unwrapped,
   * used once and dropped.
   */
  async keepExactMatches<C extends LookupCandidate>(
    term: SearchTerm,
    candidates: readonly C[],
    within?: Within,
  ): Promise<Array<{ candidate: C; plaintext: string }>> {
    const matches: Array<{ candidate: C; plaintext: string }> = [];
    for (const candidate of candidates) {
      const { ref, envelope, wrappedSubjectKey } = candidate;
      const parsed = parseEnvelope(envelope);
      const subjectId = subjectOf(parsed);
      if (wrappedSubjectKey === undefined || subjectId === undefined) {
        const plaintext = await this.decrypt(ref, envelope, within).catch((error: unknown) => {
          if (error === ERASED) return undefined;
          throw error;
        });
        if (plaintext !== undefined && isExactMatch(term, plaintext)) matches.push({ candidate, plaintext });
        continue;
      }
      const cached = this.#cachedSubjectKey(ref.tenantId, subjectId, wrappedSubjectKey, within);
      if (cached === 'erased' || wrappedSubjectKey === null) continue;
      const key =
        cached?.key ?? (await this.#unwrapSubjectKey(ref.tenantId, subjectId, wrappedSubjectKey, within));
      let match = false;
      try {
        const plaintext = decryptField(key, aadOf(ref), parsed);
        match = isExactMatch(term, plaintext);
        if (match) matches.push({ candidate, plaintext });
      } finally {
        // A stranger's key is wiped at once; a match's is kept for its other fields.
        if (cached === undefined) {
          if (match) this.#remember(ref.tenantId, subjectId, key, within);
          else key.fill(0);
        }
      }
    }
    return matches;
  }

  /**
   * Decrypts a per-subject value with the subject's wrapped key as the caller read it (in the same
   * query as the row), saving a key-store read per row. The wrapped key is bound to its subject,
   * so a key of another person (or tenant) fails like any moved ciphertext; a null one (read just
   * now) means the person was erased, whatever this instance still has cached.
   */
  async decryptWithSubjectKey(
    ref: FieldRef,
    envelope: string,
    wrappedSubjectKey: string | null,
    within?: Within,
  ): Promise<string> {
    const parsed = parseEnvelope(envelope);
    const subjectId = subjectOf(parsed);
    if (subjectId === undefined) return this.decrypt(ref, envelope, within);
    const cached = this.#cachedSubjectKey(ref.tenantId, subjectId, wrappedSubjectKey, within);
    if (cached === 'erased' || wrappedSubjectKey === null) throw ERASED;
    const key =
      cached ??
      this.#remember(
        ref.tenantId,
        subjectId,
        await this.#unwrapSubjectKey(ref.tenantId, subjectId, wrappedSubjectKey, within),
        within,
      );
    return decryptField(key.key, aadOf(ref), parsed);
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
    const cached = this.#subjects.get(`${tenantId}/${subjectId}`);
    if (cached === 'erased') throw ERASED;
    if (cached !== undefined) return cached;
    const db = within ?? this.db;
    let row = await this.#loadSubject(db, tenantId, subjectId);
    if (row === undefined) {
      if (!create) throw new AppError('decryption_failed', 'the key for this value does not exist');
      const { wrapped, epoch } = await this.#wrapFreshSubjectKey(tenantId, subjectId, within);
      await db
        .insertInto('subject_keys')
        .values({
          tenant_id: tenantId,
          subject_id: subjectId,
          wrapped,
          created_at: this.clock.now().toISOString(),
          erased_at: null,
          key_epoch: epoch,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'subject_id']).doNothing())
        .execute();
      row = await this.#loadSubject(db, tenantId, subjectId);
    }
    const wrapped = row?.wrapped ?? null;
    if (wrapped === null) {
      this.#noteErased(tenantId, subjectId, within);
      throw ERASED;
    }
    return this.#remember(
      tenantId,
      subjectId,
      await this.#unwrapSubjectKey(tenantId, subjectId, wrapped, within),
      within,
    );
  }

  /** A new random subject key, wrapped under the live epoch and the tenant's active `customer_pii` key. */
  async #wrapFreshSubjectKey(
    tenantId: string,
    subjectId: string,
    within: Within | undefined,
  ): Promise<{ wrapped: string; epoch: string | null }> {
    const fresh = randomBytes(32);
    let inner: string;
    let epoch: string | null = null;
    try {
      if (this.epochs === undefined) inner = fresh.toString('base64');
      else {
        const current = await this.epochs.current(tenantId);
        inner = wrapUnderEpoch(current.key, tenantId, subjectId, current.id, fresh);
        epoch = current.id;
      }
    } finally {
      fresh.fill(0);
    }
    const wrapped = await this.encrypt('customer_pii', subjectKeyRef(tenantId, subjectId), inner, within);
    return { wrapped, epoch };
  }

  /**
   * Replaces a subject's key by a new random one inside `within` (KEK rotation that revokes, ADR
   * 0054); the caller re-encrypts the subject's values in the same transaction. False when the
   * subject has no key or was erased.
   */
  async renewSubjectKey(tenantId: string, subjectId: string, within: Within): Promise<boolean> {
    const row = await this.#loadSubject(within, tenantId, subjectId);
    if (row?.wrapped === undefined || row.wrapped === null) return false;
    const { wrapped, epoch } = await this.#wrapFreshSubjectKey(tenantId, subjectId, within);
    const result = await within
      .updateTable('subject_keys')
      .set({ wrapped, key_epoch: epoch })
      .where('tenant_id', '=', tenantId)
      .where('subject_id', '=', subjectId)
      .where('wrapped', '=', row.wrapped)
      .executeTakeFirst();
    this.#subjects.delete(`${tenantId}/${subjectId}`);
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * A subject key from the cache, given the wrapped key read with the row: null there (the row was
   * read now) is an erasure this instance may not have heard of, and it wins over the cache.
   */
  #cachedSubjectKey(
    tenantId: string,
    subjectId: string,
    wrapped: string | null,
    within: Within | undefined,
  ): UnwrappedKey | 'erased' | undefined {
    if (wrapped === null) {
      this.#noteErased(tenantId, subjectId, within);
      return 'erased';
    }
    return this.#subjects.get(`${tenantId}/${subjectId}`);
  }

  /** Drops a cached key of an erased subject; remembers the erasure once committed. */
  #noteErased(tenantId: string, subjectId: string, within: Within | undefined): void {
    // An erasure inside an open transaction may still roll back: remember it only when committed.
    if (within === undefined) this.#subjects.set(`${tenantId}/${subjectId}`, 'erased');
    else this.#subjects.delete(`${tenantId}/${subjectId}`);
  }

  /**
   * Unwraps a subject key read from `subject_keys`: its bytes, for the caller to keep or wipe. The
   * tenant key that wraps it comes from the key ring's cache when there.
   */
  async #unwrapSubjectKey(
    tenantId: string,
    subjectId: string,
    wrapped: string,
    within: Within | undefined,
  ): Promise<Buffer> {
    const parsed = parseEnvelope(wrapped);
    // Subject keys are wrapped by a tenant key, never by another subject's key.
    if (subjectOf(parsed) !== undefined) throw new DecryptionError('malformed');
    const wrapping =
      this.keyRing.peekVersion(tenantId, parsed.keyId, parsed.version) ??
      (await this.keyRing.keyVersion(tenantId, parsed.keyId, parsed.version, within));
    const encoded = decryptFieldBytes(wrapping.key, subjectKeyRef(tenantId, subjectId), parsed);
    const inner = encoded.toString('latin1');
    encoded.fill(0);
    if (!isEpochWrapped(inner)) return Buffer.from(inner, 'base64');
    return unwrapUnderEpoch(await this.#epochKey(tenantId, epochOf(inner)), tenantId, subjectId, inner);
  }

  /** The key of a live epoch; a destroyed epoch means its customers were erased. */
  async #epochKey(tenantId: string, epochId: string): Promise<Buffer> {
    if (this.epochs === undefined)
      throw new AppError(
        'key_unavailable',
        'customer keys are under erasure epochs: the key folder is needed',
      );
    const state = await this.epochs.state(tenantId, epochId);
    if (state.state === 'live') return state.key;
    if (state.state === 'destroyed') throw ERASED;
    throw new AppError(
      'key_unavailable',
      'a customer key is under an erasure epoch this key folder never held: check TIJORI_KEY_DIR',
    );
  }

  /** Keeps an unwrapped subject key for the subject's next values (not inside transactions). */
  #remember(tenantId: string, subjectId: string, key: Buffer, within: Within | undefined): UnwrappedKey {
    const hidden = hideKey({ keyId: `${SUBJECT_KEY_PREFIX}${subjectId}`, version: 1, key });
    if (within === undefined) this.#subjects.set(`${tenantId}/${subjectId}`, hidden);
    return hidden;
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

/** How many customers of a tenant carry each combination of contact indexes. */
export async function contactClassCounts(db: Within, tenantId: string): Promise<ClassCounts> {
  const rows = await db
    .selectFrom('customers')
    .select((eb) => [
      eb.fn.countAll<number | string | bigint>().as('n'),
      sql<number>`case when phone_idx is null then 0 else 1 end`.as('has_phone'),
      sql<number>`case when email_idx is null then 0 else 1 end`.as('has_email'),
    ])
    .where('tenant_id', '=', tenantId)
    .groupBy([
      sql`case when phone_idx is null then 0 else 1 end`,
      sql`case when email_idx is null then 0 else 1 end`,
    ])
    .execute();
  const counts: ClassCounts = { p: 0, e: 0, pe: 0 };
  for (const row of rows) {
    const cls = classOf(Number(row.has_phone) === 1, Number(row.has_email) === 1);
    if (cls !== undefined) counts[cls] += Number(row.n);
  }
  return counts;
}

/** Where a subject's wrapped key lives: its envelope is bound to this place. */
export function subjectKeyRef(tenantId: string, subjectId: string): FieldRef {
  return { tenantId, table: 'subject_keys', column: 'wrapped', rowId: subjectId };
}

/** The subject a per-subject envelope is under (its key id `s_<subject>`), if it is one. */
function subjectOf(parsed: ParsedEnvelope): string | undefined {
  return parsed.keyId.startsWith(SUBJECT_KEY_PREFIX)
    ? parsed.keyId.slice(SUBJECT_KEY_PREFIX.length)
    : undefined;
}

function aadOf(ref: FieldRef): FieldAad {
  return { tenantId: ref.tenantId, table: ref.table, column: ref.column, rowId: ref.rowId };
}
