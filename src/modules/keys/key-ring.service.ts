/**
 * The key ring: finds, creates and unwraps data keys. A tenant's first use of a key series creates
 * version 1; unwrapped keys are cached in memory (bounded, with a time limit) and never logged.
 * Only this service and the field cipher see unwrapped data keys.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { Database } from '../../db/schema.js';
import type { DataKeyKind } from '../../db/tables/keys.tables.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { KeyCache } from './key-cache.js';
import { KeyStoreRepository, type DataKeyRow } from './key-store.repository.js';

/** Installation-wide keys (the login index) live under this pseudo-tenant. */
export const INSTALLATION_TENANT = '_installation';

export interface UnwrappedKey {
  readonly keyId: string;
  readonly version: number;
  readonly key: Buffer;
}

export interface KeyRingOptions {
  /** Cryptoperiod of a new data key, in days (PCI DSS 3.7.4: rotate at its end). */
  cryptoperiodDays: number;
  cacheSize: number;
  cacheTtlMs: number;
  /**
   * How long an instance keeps using a cached *active* key before asking the store again. A
   * rotation started on another instance takes effect here within this time, and retirement of the
   * old version waits at least this long.
   */
  activeKeyTtlMs: number;
}

export const defaultKeyRingOptions: KeyRingOptions = {
  cryptoperiodDays: 365,
  cacheSize: 10_000,
  cacheTtlMs: 15 * 60_000,
  activeKeyTtlMs: 30_000,
};

// Binds a wrapped key to its place, so a wrapped key copied to another tenant or series fails.
const wrapContext = (tenantId: string, keyId: string, version: number) => `${tenantId}/${keyId}/${version}`;

export class KeyRing {
  readonly repository: KeyStoreRepository;
  readonly #cache: KeyCache<UnwrappedKey>;
  readonly #active: KeyCache<UnwrappedKey>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly provider: KeyProvider,
    private readonly clock: Clock,
    readonly options: KeyRingOptions = defaultKeyRingOptions,
  ) {
    this.repository = new KeyStoreRepository(db);
    this.#cache = new KeyCache(options.cacheSize, options.cacheTtlMs);
    this.#active = new KeyCache(1_000, options.activeKeyTtlMs);
  }

  describeProvider(): { provider: string; kekId: string; algorithm: string } {
    return this.provider.describe();
  }

  /**
   * The key new data is written with; creates version 1 on first use. `within`: the caller's open
   * transaction (see `Within`); what is read or created through it is not cached.
   */
  async activeKey(
    tenantId: string,
    keyId: string,
    purpose: string,
    kind: DataKeyKind = 'encryption',
    within?: Kysely<Database>,
  ): Promise<UnwrappedKey> {
    const cacheKey = `${tenantId}/${keyId}`;
    const cached = this.#active.get(cacheKey);
    if (cached !== undefined) return cached;
    const db = within ?? this.db;
    const row =
      (await this.repository.findActive(tenantId, keyId, db)) ??
      (await this.#createFirst(tenantId, keyId, purpose, kind, db));
    const key = await this.#unwrapRow(row, within === undefined);
    if (within === undefined) this.#active.set(cacheKey, key);
    return key;
  }

  /** A specific version, for decryption; refuses retired versions. */
  async keyVersion(
    tenantId: string,
    keyId: string,
    version: number,
    within?: Kysely<Database>,
  ): Promise<UnwrappedKey> {
    const cached = this.#cache.get(`${tenantId}/${keyId}/${version}`);
    if (cached !== undefined) return cached;
    const row = await this.repository.findVersion(tenantId, keyId, version, within);
    if (row === undefined)
      throw new AppError('decryption_failed', 'the data key for this value does not exist');
    if (row.status === 'retired') {
      throw new AppError('decryption_failed', 'this value is under a retired key version', undefined, {
        reason: 'retired_key',
      });
    }
    return this.#unwrapRow(row, within === undefined);
  }

  /** Creates the next version of a series; the caller decides what happens to older versions. */
  async createVersion(
    tenantId: string,
    keyId: string,
    purpose: string,
    kind: DataKeyKind,
    db: Kysely<Database> = this.db,
  ): Promise<DataKeyRow> {
    const version = (await this.repository.latestVersion(tenantId, keyId, db)) + 1;
    const row = await this.#newRow(tenantId, keyId, version, purpose, kind);
    if (!(await this.repository.insert(row, db)))
      throw new AppError('conflict', 'another rotation created this key version first');
    this.forgetActive(tenantId, keyId);
    return row;
  }

  /** Drops the cached active key so the next write reads the store again (after rotation). */
  forgetActive(tenantId: string, keyId: string): void {
    this.#active.delete(`${tenantId}/${keyId}`);
  }

  /** Drops every cached key (KEK change, retirement). */
  clearCache(): void {
    this.#cache.clear();
    this.#active.clear();
  }

  /** Re-wraps every data key under another KEK in one transaction; data itself is not touched. */
  async rewrapAll(target: KeyProvider): Promise<number> {
    const rows = await this.repository.listAll();
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const context = wrapContext(row.tenant_id, row.key_id, row.version);
        const plain = await this.provider.unwrapKey(row.wrapped, context);
        try {
          const wrapped = await target.wrapKey(plain, context);
          await this.repository.updateWrapped(
            { ...row, wrapped, kek_id: target.kekId, provider: target.name },
            trx,
          );
        } finally {
          plain.fill(0);
        }
      }
    });
    this.clearCache();
    return rows.length;
  }

  async #createFirst(
    tenantId: string,
    keyId: string,
    purpose: string,
    kind: DataKeyKind,
    db: Kysely<Database>,
  ): Promise<DataKeyRow> {
    const row = await this.#newRow(tenantId, keyId, 1, purpose, kind);
    // Two instances may race to create version 1: the loser reads the winner's key.
    await this.repository.insert(row, db);
    const active = await this.repository.findActive(tenantId, keyId, db);
    if (active === undefined) throw new AppError('key_unavailable', 'no active data key could be created');
    return active;
  }

  async #newRow(
    tenantId: string,
    keyId: string,
    version: number,
    purpose: string,
    kind: DataKeyKind,
  ): Promise<DataKeyRow> {
    const dataKey = randomBytes(32);
    try {
      const now = this.clock.now();
      const rotateBy = new Date(now.getTime() + this.options.cryptoperiodDays * 24 * 3600 * 1000);
      return {
        tenant_id: tenantId,
        key_id: keyId,
        version,
        purpose,
        kind,
        status: 'active',
        algorithm: kind === 'encryption' ? 'AES-256-GCM' : 'HMAC-SHA256',
        wrapped: await this.provider.wrapKey(dataKey, wrapContext(tenantId, keyId, version)),
        kek_id: this.provider.kekId,
        provider: this.provider.name,
        created_at: now.toISOString(),
        rotate_by: rotateBy.toISOString(),
        retired_at: null,
      };
    } finally {
      dataKey.fill(0);
    }
  }

  async #unwrapRow(row: DataKeyRow, cache: boolean): Promise<UnwrappedKey> {
    let key: Buffer;
    try {
      key = await this.provider.unwrapKey(row.wrapped, wrapContext(row.tenant_id, row.key_id, row.version));
    } catch {
      throw new AppError(
        'key_unavailable',
        'a data key could not be unwrapped: check the key-encryption key',
      );
    }
    const unwrapped = hideKey({ keyId: row.key_id, version: row.version, key });
    if (cache) this.#cache.set(`${row.tenant_id}/${row.key_id}/${row.version}`, unwrapped);
    return unwrapped;
  }
}

/** Makes an unwrapped key print as `[redacted]` in logs, JSON and inspection. */
export function hideKey(key: UnwrappedKey): UnwrappedKey {
  const hidden = { keyId: key.keyId, version: key.version };
  Object.defineProperty(hidden, 'key', { value: key.key, enumerable: false });
  Object.defineProperty(hidden, 'toJSON', {
    value: () => ({ keyId: key.keyId, version: key.version, key: '[redacted]' }),
    enumerable: false,
  });
  Object.defineProperty(hidden, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `UnwrappedKey(${key.keyId} v${key.version}, [redacted])`,
    enumerable: false,
  });
  return hidden as UnwrappedKey;
}
