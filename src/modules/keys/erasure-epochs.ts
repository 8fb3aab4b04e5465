/**
 * Erasure key epochs (ADR 0024): what makes an erasure reach every backup. Each customer's key is
 * wrapped twice: inside, under an *epoch key* of its tenant (`te1:<epoch>:<nonce>:<ct||tag>`, bound
 * to tenant, customer and epoch), then as before under the tenant's `customer_pii` data key. Epoch
 * keys live only in the key folder (`<key dir>/erasure-epochs.json`, each wrapped by the KEK), never
 * in the database, its backups or the data folder.
 *
 * Erasing a customer dooms the customer's epoch: new customers get a fresh epoch, the survivors of
 * the doomed one are re-wrapped under the current epoch (their new wrapping is also *carried* in
 * the key folder), and once the grace period has passed the doomed epoch key is destroyed. From
 * then on no database copy, backup, data-folder copy or KEK (current or retired) holds anything
 * that unwraps the erased customer's key. A restored backup is brought forward from the carried
 * wrappings: survivors come back, the erased do not.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import {
  AeadError,
  NONCE_BYTES,
  TAG_BYTES,
  aesGcmDecrypt,
  aesGcmEncrypt,
  encodeFields,
} from '../../crypto/aead.js';
import { isCurrentWrap, type KeyProvider } from '../../crypto/key-provider.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { IndexWidths } from './blind-lookup.js';

export const EPOCH_FILE = 'erasure-epochs.json';
const FORMAT = 'tijori-erasure-epochs-1';
const INNER_PREFIX = 'te1';

interface StoredEpoch {
  tenantId: string;
  id: string;
  /** The epoch key wrapped by the KEK (context `erasure-epoch/<tenant>/<id>`). */
  wrapped: string;
  createdAt: string;
  /** When an erasure first hit this epoch; null while it is live. */
  doomedAt: string | null;
  /** When the key is destroyed (doomedAt plus the grace period). */
  destroyAfter: string | null;
  /** Survivors re-wrapped under a later epoch: customer id -> inner wrapping. */
  carried: Record<string, string>;
  /**
   * The customers erased in this epoch (ids only), until it is destroyed: the record of those
   * erasures kept outside the data folder, so a restore into a data folder rebuilt from an old
   * copy still applies them (issue 19, item 7), and the job never carries them.
   */
  erased?: string[];
}

interface DestroyedEpoch {
  tenantId: string;
  id: string;
  destroyedAt: string;
  /** Where each survivor went (inner wrappings under later epochs); the erased are not here. */
  carried: Record<string, string>;
}

/**
 * A tenant's contact-index generation (ADR 0033): the secret its phone, last-4 and email index
 * keys are derived from, with the widths planned for it. `current` is what lookups and writes use;
 * a `next` one is being filled by the re-indexer (writes go to it, lookups ask both).
 */
interface StoredIndexGeneration {
  tenantId: string;
  generation: number;
  /** The secret wrapped by the KEK (context `blind-index-generation/<tenant>/<generation>`). */
  wrapped: string;
  createdAt: string;
  state: 'current' | 'next';
  widths: IndexWidths;
  /** Doomed erasure epochs whose erasures this generation's values no longer link. */
  covers: string[];
}

interface EpochFileData {
  format: typeof FORMAT;
  epochs: StoredEpoch[];
  destroyed: DestroyedEpoch[];
  indexGenerations?: StoredIndexGeneration[];
  destroyedIndexGenerations?: Array<{ tenantId: string; generation: number; destroyedAt: string }>;
}

/** What the key folder holds about a tenant's index generation (no secret). */
export interface IndexGeneration {
  readonly generation: number;
  readonly widths: IndexWidths;
  readonly covers: readonly string[];
}

const epochContext = (tenantId: string, id: string) => `erasure-epoch/${tenantId}/${id}`;
const generationContext = (tenantId: string, generation: number) =>
  `blind-index-generation/${tenantId}/${String(generation)}`;
const innerAad = (tenantId: string, subjectId: string, epochId: string) =>
  encodeFields(['tijori-subject-key-epoch-v1', tenantId, subjectId, epochId]);

/** Whether a decrypted subject-key wrapping is under an epoch (else the previous version's raw key). */
export function isEpochWrapped(inner: string): boolean {
  return inner.startsWith(`${INNER_PREFIX}:`);
}

/** The epoch an inner wrapping is under. */
export function epochOf(inner: string): string {
  const parts = inner.split(':');
  if (parts.length !== 4 || parts[0] !== INNER_PREFIX || parts[1] === undefined || parts[1] === '')
    throw new AppError('decryption_failed', 'a customer key is malformed', undefined, {
      reason: 'malformed',
    });
  return parts[1];
}

export function wrapUnderEpoch(
  epochKey: Buffer,
  tenantId: string,
  subjectId: string,
  epochId: string,
  subjectKey: Buffer,
): string {
  const nonce = randomBytes(NONCE_BYTES);
  const { ciphertext, tag } = aesGcmEncrypt(
    epochKey,
    nonce,
    innerAad(tenantId, subjectId, epochId),
    subjectKey,
  );
  return `${INNER_PREFIX}:${epochId}:${nonce.toString('base64url')}:${Buffer.concat([ciphertext, tag]).toString('base64url')}`;
}

export function unwrapUnderEpoch(
  epochKey: Buffer,
  tenantId: string,
  subjectId: string,
  inner: string,
): Buffer {
  const epochId = epochOf(inner);
  const [, , nonceText = '', bodyText = ''] = inner.split(':');
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length !== 32 + TAG_BYTES)
    throw new AppError('decryption_failed', 'a customer key is malformed', undefined, {
      reason: 'malformed',
    });
  try {
    return aesGcmDecrypt(
      epochKey,
      nonce,
      innerAad(tenantId, subjectId, epochId),
      body.subarray(0, 32),
      body.subarray(32),
    );
  } catch (error) {
    if (error instanceof AeadError)
      throw new AppError('decryption_failed', 'a customer key failed to unwrap', undefined, {
        reason: 'authentication',
      });
    throw error;
  }
}

export type EpochState =
  { state: 'live'; key: Buffer; doomed: boolean } | { state: 'destroyed' } | { state: 'unknown' };

/** The key folder's epoch file: read when it changed, updated under a lock file, replaced atomically. */
export class ErasureEpochStore {
  readonly path: string;
  #data: EpochFileData = { format: FORMAT, epochs: [], destroyed: [] };
  #stamp = '';
  readonly #keys = new Map<string, Buffer>();

  constructor(
    keyDir: string,
    private readonly provider: KeyProvider,
    private readonly clock: Clock,
    readonly graceMs: number,
  ) {
    this.path = join(keyDir, EPOCH_FILE);
  }

  /** The live epoch new customer keys go under; created when the tenant has none that is not doomed. */
  async current(tenantId: string): Promise<{ id: string; key: Buffer }> {
    const found = this.#live(tenantId);
    if (found !== undefined) return { id: found.id, key: await this.#unwrap(found) };
    await this.#update(async (data) => {
      if (data.epochs.some((e) => e.tenantId === tenantId && e.doomedAt === null)) return;
      const key = randomBytes(32);
      const id = newId();
      try {
        data.epochs.push({
          tenantId,
          id,
          wrapped: await this.provider.wrapKey(key, epochContext(tenantId, id)),
          createdAt: this.clock.now().toISOString(),
          doomedAt: null,
          destroyAfter: null,
          carried: {},
        });
      } finally {
        key.fill(0);
      }
    });
    const created = this.#live(tenantId);
    if (created === undefined) throw new AppError('key_unavailable', 'no erasure key epoch could be created');
    return { id: created.id, key: await this.#unwrap(created) };
  }

  /** What the key folder holds for an epoch. */
  async state(tenantId: string, epochId: string): Promise<EpochState> {
    this.#refresh();
    const live = this.#data.epochs.find((e) => e.tenantId === tenantId && e.id === epochId);
    if (live !== undefined)
      return { state: 'live', key: await this.#unwrap(live), doomed: live.doomedAt !== null };
    if (this.#data.destroyed.some((e) => e.tenantId === tenantId && e.id === epochId))
      return { state: 'destroyed' };
    return { state: 'unknown' };
  }

  /**
   * Marks an epoch for destruction after the grace period (the first erasure in it sets the time)
   * and records the erased customer in it.
   */
  async doom(tenantId: string, epochId: string, at: Date, subjectId?: string): Promise<void> {
    this.#refresh();
    const epoch = this.#data.epochs.find((e) => e.tenantId === tenantId && e.id === epochId);
    if (epoch === undefined) return;
    if (epoch.doomedAt !== null && (subjectId === undefined || (epoch.erased ?? []).includes(subjectId)))
      return;
    await this.#update((data) => {
      const target = data.epochs.find((e) => e.tenantId === tenantId && e.id === epochId);
      if (target === undefined) return Promise.resolve();
      if (target.doomedAt === null) {
        target.doomedAt = at.toISOString();
        target.destroyAfter = new Date(at.getTime() + this.graceMs).toISOString();
      }
      if (subjectId !== undefined && !(target.erased ?? []).includes(subjectId)) {
        target.erased = [...(target.erased ?? []), subjectId];
        delete target.carried[subjectId];
      }
      return Promise.resolve();
    });
  }

  /** Customers erased in a live (doomed) epoch, as recorded in the key folder. */
  erasedIn(tenantId: string, epochId: string): readonly string[] {
    this.#refresh();
    return this.#data.epochs.find((e) => e.tenantId === tenantId && e.id === epochId)?.erased ?? [];
  }

  /** Doomed epochs still holding a key, oldest first. */
  doomed(): Array<{ tenantId: string; id: string; destroyAfter: string }> {
    this.#refresh();
    return this.#data.epochs
      .filter((e) => e.doomedAt !== null)
      .map((e) => ({ tenantId: e.tenantId, id: e.id, destroyAfter: e.destroyAfter ?? e.doomedAt ?? '' }))
      .sort((a, b) => a.destroyAfter.localeCompare(b.destroyAfter));
  }

  /** Records where survivors of a doomed epoch went, before the database is changed. */
  async carry(tenantId: string, epochId: string, moved: Record<string, string>): Promise<void> {
    if (Object.keys(moved).length === 0) return;
    await this.#update((data) => {
      const target = data.epochs.find((e) => e.tenantId === tenantId && e.id === epochId);
      if (target !== undefined) Object.assign(target.carried, moved);
      return Promise.resolve();
    });
  }

  /** Destroys an epoch key: only its carried survivors remain on record. */
  async destroy(tenantId: string, epochId: string): Promise<void> {
    await this.#update((data) => {
      const index = data.epochs.findIndex((e) => e.tenantId === tenantId && e.id === epochId);
      if (index === -1) return Promise.resolve();
      const [epoch] = data.epochs.splice(index, 1);
      if (epoch !== undefined)
        data.destroyed.push({
          tenantId,
          id: epochId,
          destroyedAt: this.clock.now().toISOString(),
          carried: Object.fromEntries(
            Object.entries(epoch.carried).filter(([subject]) => !(epoch.erased ?? []).includes(subject)),
          ),
        });
      return Promise.resolve();
    });
    const cached = this.#keys.get(`${tenantId}/${epochId}`);
    cached?.fill(0);
    this.#keys.delete(`${tenantId}/${epochId}`);
  }

  /** Where a survivor of a destroyed epoch went (undefined: it was erased). */
  carriedFrom(tenantId: string, epochId: string, subjectId: string): string | undefined {
    this.#refresh();
    const destroyed = this.#data.destroyed.find((e) => e.tenantId === tenantId && e.id === epochId);
    const live = this.#data.epochs.find((e) => e.tenantId === tenantId && e.id === epochId);
    return (destroyed ?? live)?.carried[subjectId];
  }

  /** Ids of the tenant's doomed epochs that still hold a key. */
  doomedEpochIds(tenantId: string): string[] {
    this.#refresh();
    return this.#data.epochs.filter((e) => e.tenantId === tenantId && e.doomedAt !== null).map((e) => e.id);
  }

  /** The tenant's current and next contact-index generations, if any. */
  indexGenerations(tenantId: string): { current?: IndexGeneration; next?: IndexGeneration } {
    this.#refresh();
    const out: { current?: IndexGeneration; next?: IndexGeneration } = {};
    for (const g of this.#data.indexGenerations ?? [])
      if (g.tenantId === tenantId)
        out[g.state] = { generation: g.generation, widths: g.widths, covers: g.covers };
    return out;
  }

  /** Tenants with an index generation (the re-indexer's list besides the database's). */
  indexedTenants(): string[] {
    this.#refresh();
    return [...new Set((this.#data.indexGenerations ?? []).map((g) => g.tenantId))].sort();
  }

  /** Whether an index generation was destroyed (its values can no longer be computed by anyone). */
  indexGenerationDestroyed(tenantId: string, generation: number): boolean {
    this.#refresh();
    return (this.#data.destroyedIndexGenerations ?? []).some(
      (g) => g.tenantId === tenantId && g.generation === generation,
    );
  }

  /** The secret of a held index generation; refuses a destroyed or unknown one. */
  async indexSecret(tenantId: string, generation: number): Promise<Buffer> {
    this.#refresh();
    const cacheKey = `idx/${tenantId}/${String(generation)}`;
    const found = (this.#data.indexGenerations ?? []).find(
      (g) => g.tenantId === tenantId && g.generation === generation,
    );
    if (found === undefined) {
      this.#keys.get(cacheKey)?.fill(0);
      this.#keys.delete(cacheKey);
      throw new AppError('key_unavailable', 'this blind-index generation is not in the key folder');
    }
    const cached = this.#keys.get(cacheKey);
    if (cached !== undefined) return cached;
    const secret = await this.provider
      .unwrapKey(found.wrapped, generationContext(tenantId, generation))
      .catch(() => {
        throw new AppError(
          'key_unavailable',
          'a blind-index generation could not be unwrapped: check the key-encryption key and the key folder',
        );
      });
    this.#keys.set(cacheKey, secret);
    return secret;
  }

  /**
   * Starts a generation: `current` for a tenant without one, else `next` (the re-indexer fills it).
   * Does nothing when the tenant already has one in that place.
   */
  async startIndexGeneration(
    tenantId: string,
    state: 'current' | 'next',
    widths: IndexWidths,
    covers: readonly string[],
  ): Promise<void> {
    await this.#update(async (data) => {
      const generations = (data.indexGenerations ??= []);
      const mine = generations.filter((g) => g.tenantId === tenantId);
      if (mine.some((g) => g.state === state)) return;
      if (state === 'next' && !mine.some((g) => g.state === 'current')) return;
      const used = [
        ...mine.map((g) => g.generation),
        ...(data.destroyedIndexGenerations ?? [])
          .filter((g) => g.tenantId === tenantId)
          .map((g) => g.generation),
      ];
      const generation = Math.max(0, ...used) + 1;
      const secret = randomBytes(32);
      try {
        generations.push({
          tenantId,
          generation,
          wrapped: await this.provider.wrapKey(secret, generationContext(tenantId, generation)),
          createdAt: this.clock.now().toISOString(),
          state,
          widths,
          covers: [...covers],
        });
      } finally {
        secret.fill(0);
      }
    });
  }

  /** Makes the tenant's `next` generation current and destroys the one it replaces. */
  async promoteIndexGeneration(tenantId: string, generation: number): Promise<void> {
    let replaced: number | undefined;
    await this.#update((data) => {
      const generations = data.indexGenerations ?? [];
      const next = generations.find(
        (g) => g.tenantId === tenantId && g.generation === generation && g.state === 'next',
      );
      if (next === undefined) return Promise.resolve();
      const old = generations.find((g) => g.tenantId === tenantId && g.state === 'current');
      data.indexGenerations = generations.filter((g) => g !== old);
      next.state = 'current';
      if (old !== undefined) {
        replaced = old.generation;
        (data.destroyedIndexGenerations ??= []).push({
          tenantId,
          generation: old.generation,
          destroyedAt: this.clock.now().toISOString(),
        });
      }
      return Promise.resolve();
    });
    if (replaced !== undefined) {
      const cacheKey = `idx/${tenantId}/${String(replaced)}`;
      this.#keys.get(cacheKey)?.fill(0);
      this.#keys.delete(cacheKey);
    }
  }

  /** Re-wraps every epoch key and index generation under `target` (KEK rotation); returns how many changed. */
  async rewrap(sources: readonly KeyProvider[], target: KeyProvider): Promise<number> {
    if (!existsSync(this.path)) return 0;
    let changed = 0;
    await this.#update(async (data) => {
      for (const g of data.indexGenerations ?? []) {
        const source = sources.find((p) => p.kekId === g.wrapped.split(':')[1]);
        if (source === undefined || isCurrentWrap(g.wrapped, target)) continue;
        const plain = await source.unwrapKey(g.wrapped, generationContext(g.tenantId, g.generation));
        try {
          g.wrapped = await target.wrapKey(plain, generationContext(g.tenantId, g.generation));
          changed += 1;
        } finally {
          plain.fill(0);
        }
      }
      for (const epoch of data.epochs) {
        const kekId = epoch.wrapped.split(':')[1];
        if (isCurrentWrap(epoch.wrapped, target)) continue;
        const source = sources.find((p) => p.kekId === kekId);
        if (source === undefined) continue;
        const plain = await source.unwrapKey(epoch.wrapped, epochContext(epoch.tenantId, epoch.id));
        try {
          epoch.wrapped = await target.wrapKey(plain, epochContext(epoch.tenantId, epoch.id));
          changed += 1;
        } finally {
          plain.fill(0);
        }
      }
    });
    return changed;
  }

  /** Forgets unwrapped epoch keys (closing). */
  close(): void {
    for (const key of this.#keys.values()) key.fill(0);
    this.#keys.clear();
  }

  #live(tenantId: string): StoredEpoch | undefined {
    this.#refresh();
    return this.#data.epochs.find((e) => e.tenantId === tenantId && e.doomedAt === null);
  }

  async #unwrap(epoch: StoredEpoch): Promise<Buffer> {
    const cacheKey = `${epoch.tenantId}/${epoch.id}`;
    const cached = this.#keys.get(cacheKey);
    if (cached !== undefined) return cached;
    let key: Buffer;
    try {
      key = await this.provider.unwrapKey(epoch.wrapped, epochContext(epoch.tenantId, epoch.id));
    } catch {
      throw new AppError(
        'key_unavailable',
        'an erasure key epoch could not be unwrapped: check the key-encryption key and the key folder',
      );
    }
    this.#keys.set(cacheKey, key);
    return key;
  }

  /** Reads the file again when it changed on disk (another instance or process wrote it). */
  #refresh(): void {
    if (!existsSync(this.path)) {
      this.#data = { format: FORMAT, epochs: [], destroyed: [] };
      this.#stamp = '';
      return;
    }
    const stat = statSync(this.path);
    const stamp = `${String(stat.mtimeMs)}/${String(stat.size)}/${String(stat.ino)}`;
    if (stamp === this.#stamp) return;
    this.#data = parseEpochFile(readFileSync(this.path, 'utf8'));
    this.#stamp = stamp;
  }

  async #update(change: (data: EpochFileData) => Promise<void>): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const lock = `${this.path}.lock`;
    await acquire(lock);
    try {
      this.#stamp = '';
      this.#refresh();
      const data = structuredClone(this.#data);
      await change(data);
      const temp = `${this.path}.tmp-${randomBytes(4).toString('hex')}`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeFileSync(fd, `${JSON.stringify(data)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
      this.#data = data;
      this.#stamp = '';
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

function parseEpochFile(text: string): EpochFileData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('key_unavailable', `the erasure key file (${EPOCH_FILE}) is damaged`);
  }
  const data = parsed as Partial<EpochFileData>;
  if (data.format !== FORMAT || !Array.isArray(data.epochs) || !Array.isArray(data.destroyed))
    throw new AppError('key_unavailable', `the erasure key file (${EPOCH_FILE}) is not in a known format`);
  return data as EpochFileData;
}

/** A lock file held for one read-modify-write; a lock older than 30 s is from a crashed writer. */
async function acquire(lock: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true });
      } catch {
        // Removed meanwhile by its holder.
      }
      if (attempt > 500) throw new AppError('key_unavailable', 'the erasure key file stays locked');
      await sleep(10);
    }
  }
}

/** Counts rows under an epoch that still hold a key (survivors to carry before destruction). */
export async function survivorsOf(
  db: Kysely<Database>,
  tenantId: string,
  epochId: string,
  erased: readonly string[] = [],
): Promise<number> {
  let query = db.selectFrom('subject_keys').where('tenant_id', '=', tenantId);
  if (erased.length > 0) query = query.where('subject_id', 'not in', [...erased]);
  const row = await query
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('key_epoch', '=', epochId)
    .where('wrapped', 'is not', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
