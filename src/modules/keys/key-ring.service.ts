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
import { inTransaction } from '../../db/in-transaction.js';
import { AuditTrail } from '../audit/audit.recorder.js';
import { INSTALLATION_CHAIN, systemContext, type AuditRecorder } from '../../kernel/audit.js';
import { KeyCache } from './key-cache.js';
import { KeyStoreRepository, type DataKeyRow } from './key-store.repository.js';

/** Installation-wide keys (the login index) live under this pseudo-tenant (also an audit chain). */
export const INSTALLATION_TENANT = INSTALLATION_CHAIN;

export interface UnwrappedKey {
  readonly keyId: string;
  readonly version: number;
  readonly key: Buffer;
  /** The algorithm recorded for the key (`AES-256-GCM`, `HMAC-SHA256/18`), when read from the store. */
  readonly algorithm?: string;
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

/** Binds a wrapped key to its place, so a wrapped key copied to another tenant or series fails. */
export const wrapContext = (tenantId: string, keyId: string, version: number) =>
  `${tenantId}/${keyId}/${version}`;

export class KeyRing {
  readonly repository: KeyStoreRepository;
  readonly #cache: KeyCache<UnwrappedKey>;
  readonly #active: KeyCache<UnwrappedKey>;
  /** Key creation is recorded in the tenant's audit chain (always; there is no switch). */
  readonly audit: AuditRecorder;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly provider: KeyProvider,
    private readonly clock: Clock,
    readonly options: KeyRingOptions = defaultKeyRingOptions,
    audit?: AuditRecorder,
  ) {
    this.audit = audit ?? new AuditTrail(clock);
    this.repository = new KeyStoreRepository(db);
    this.#cache = new KeyCache(options.cacheSize, options.cacheTtlMs);
    this.#active = new KeyCache(1_000, options.activeKeyTtlMs);
  }

  describeProvider(): { provider: string; kekId: string; algorithm: string } {
    return this.provider.describe();
  }

  /** The cached key new data is written with, if this instance has it (no I/O). */
  peekActive(tenantId: string, keyId: string): UnwrappedKey | undefined {
    return this.#active.get(`${tenantId}/${keyId}`);
  }

  /**
   * The key new data is written with; creates version 1 on first use. `within`: the caller's open
   * transaction (see `Within`); what is read or created through it is not cached. `algorithm`:
   * what to record for a key created now (blind-index keys record their truncation).
   */
  async activeKey(
    tenantId: string,
    keyId: string,
    purpose: string,
    kind: DataKeyKind = 'encryption',
    within?: Kysely<Database>,
    algorithm?: string,
  ): Promise<UnwrappedKey> {
    const cached = this.peekActive(tenantId, keyId);
    if (cached !== undefined) return cached;
    const cacheKey = `${tenantId}/${keyId}`;
    const db = within ?? this.db;
    const row =
      (await this.repository.findActive(tenantId, keyId, db)) ??
      (await this.#createFirst(tenantId, keyId, purpose, kind, db, algorithm));
    const key = await this.#unwrapRow(row, within === undefined);
    if (within === undefined) this.#active.set(cacheKey, key);
    return key;
  }

  /** A specific version if cached (no I/O): what `keyVersion` answers from its cache. */
  peekVersion(tenantId: string, keyId: string, version: number): UnwrappedKey | undefined {
    return this.#cache.get(`${tenantId}/${keyId}/${version}`);
  }

  /** A specific version, for decryption; refuses retired versions. */
  async keyVersion(
    tenantId: string,
    keyId: string,
    version: number,
    within?: Kysely<Database>,
  ): Promise<UnwrappedKey> {
    const cached = this.peekVersion(tenantId, keyId, version);
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
    await this.#recordCreated(db, row);
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

  async #createFirst(
    tenantId: string,
    keyId: string,
    purpose: string,
    kind: DataKeyKind,
    db: Kysely<Database>,
    algorithm?: string,
  ): Promise<DataKeyRow> {
    const row = await this.#newRow(tenantId, keyId, 1, purpose, kind, algorithm);
    // Two instances may race to create version 1: the loser reads the winner's key (and records
    // nothing, since it created nothing). The key and its audit entry commit together.
    await inTransaction(db, async (trx) => {
      if (await this.repository.insert(row, trx)) await this.#recordCreated(trx, row);
    });
    const active = await this.repository.findActive(tenantId, keyId, db);
    if (active === undefined) throw new AppError('key_unavailable', 'no active data key could be created');
    return active;
  }

  async #recordCreated(db: Kysely<Database>, row: DataKeyRow): Promise<void> {
    await this.audit.record(db, systemContext(row.tenant_id, 'keys'), {
      action: 'key.create',
      objectType: 'data_key',
      objectId: row.key_id,
      outcome: 'success',
      details: { version: row.version, purpose: row.purpose, kind: row.kind, kekId: row.kek_id },
    });
  }

  async #newRow(
    tenantId: string,
    keyId: string,
    version: number,
    purpose: string,
    kind: DataKeyKind,
    algorithm?: string,
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
        algorithm: algorithm ?? (kind === 'encryption' ? 'AES-256-GCM' : 'HMAC-SHA256'),
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
    const unwrapped = hideKey({ keyId: row.key_id, version: row.version, key, algorithm: row.algorithm });
    if (cache) this.#cache.set(`${row.tenant_id}/${row.key_id}/${row.version}`, unwrapped);
    return unwrapped;
  }
}

/** An unwrapped key whose bytes never show in logs, JSON or inspection. */
class HiddenKey implements UnwrappedKey {
  readonly #key: Buffer;
  readonly keyId: string;
  readonly version: number;
  readonly algorithm?: string;

  constructor(key: UnwrappedKey) {
    this.#key = key.key;
    this.keyId = key.keyId;
    this.version = key.version;
    if (key.algorithm !== undefined) this.algorithm = key.algorithm;
  }

  get key(): Buffer {
    return this.#key;
  }

  toJSON(): object {
    return { keyId: this.keyId, version: this.version, key: '[redacted]' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `UnwrappedKey(${this.keyId} v${String(this.version)}, [redacted])`;
  }
}

/** Makes an unwrapped key print as `[redacted]` in logs, JSON and inspection. */
export function hideKey(key: UnwrappedKey): UnwrappedKey {
  return new HiddenKey(key);
}
