/**
 * What every sale reads before pricing (the shop's settings, its rate table with corrections, the
 * store's profile), kept for a few seconds per tenant so the counter does not re-read them for
 * each bill. A change made through this instance applies at once (the cache is dropped); another
 * instance sees it within the time-to-live.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { createRateTable, type RateTable } from '../../domain/gst/index.js';
import { loadRateOverrides, loadSettings, loadStoreProfile } from './billing-settings.repository.js';
import type { BillingSettings, StoreProfile } from './billing-settings.schemas.js';

/** How long another instance's change may take to be seen here. */
export const CONTEXT_TTL_MS = 5_000;

interface Entry<T> {
  value: Promise<T>;
  at: number;
}

export class BillingContextCache {
  readonly #entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ttlMs = CONTEXT_TTL_MS,
  ) {}

  settings(tenantId: string): Promise<BillingSettings> {
    return this.#get(`${tenantId}|settings`, () => loadSettings(this.db, tenantId));
  }

  rateTable(tenantId: string): Promise<RateTable> {
    return this.#get(`${tenantId}|rates`, async () =>
      createRateTable(await loadRateOverrides(this.db, tenantId)),
    );
  }

  /** The store's profile; an unknown store answers not-found (and is not kept). */
  profile(tenantId: string, storeId: string): Promise<StoreProfile> {
    return this.#get(`${tenantId}|store|${storeId}`, () => loadStoreProfile(this.db, tenantId, storeId));
  }

  /** Anything else a capability keeps per tenant for the same time (offers: the lists and offers in force). */
  remember<T>(tenantId: string, name: string, load: () => Promise<T>): Promise<T> {
    return this.#get(`${tenantId}|${name}`, load);
  }

  /** Drops what is kept for a tenant (after a change of its settings, rates or profiles). */
  invalidate(tenantId: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(`${tenantId}|`)) this.#entries.delete(key);
  }

  #get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.#entries.get(key) as Entry<T> | undefined;
    if (hit !== undefined && now - hit.at < this.ttlMs && now >= hit.at) return hit.value;
    const value = load();
    this.#entries.set(key, { value, at: now });
    value.catch(() => this.#entries.delete(key));
    if (this.#entries.size > 10_000) this.#entries.delete(this.#entries.keys().next().value ?? '');
    return value;
  }
}
