/**
 * Password peppers retired by a KEK rotation (ADR 0054). A rotation that revokes gives the
 * installation a new derivation root, so a new pepper; hashes made under the old one are re-hashed
 * at each user's next sign-in. Until then the old pepper is kept here, in the key folder (never in
 * the database or its backups), wrapped by the current KEK, with a deadline. It is removed as soon
 * as no hash is under it or the deadline has passed; users still under it must then have their
 * password reset by an owner.
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../../crypto/key-provider.js';
import { isCurrentWrap, parseWrapped } from '../../crypto/key-provider.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RetiredPeppers } from '../auth/password-hasher.js';
import type { FieldCipher } from './field-crypto.types.js';

export const RETIRED_PEPPER_FILE = 'retired-peppers.json';

export interface RetiredPepper {
  id: string;
  wrapped: string;
  retiredAt: string;
  deadline: string;
}

/** A fingerprint of a pepper (not secret): what `user_accounts.pepper_id` holds. */
export function pepperId(pepper: Buffer): string {
  return createHash('sha256')
    .update(createHmac('sha256', pepper).update('tijori-pepper-id').digest())
    .digest('hex')
    .slice(0, 16);
}

const context = (id: string) => `retired-pepper/${id}`;

export class RetiredPepperStore {
  readonly path: string;

  constructor(
    keyDir: string,
    private readonly provider: Pick<KeyProvider, 'wrapKey' | 'unwrapKey' | 'kekId' | 'name'>,
  ) {
    this.path = join(keyDir, RETIRED_PEPPER_FILE);
  }

  list(): RetiredPepper[] {
    if (!existsSync(this.path)) return [];
    return (JSON.parse(readFileSync(this.path, 'utf8')) as { peppers: RetiredPepper[] }).peppers;
  }

  #write(peppers: readonly RetiredPepper[]): void {
    mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify({ peppers }) + '\n', { mode: 0o600 });
    renameSync(temp, this.path);
  }

  /** Keeps `pepper` (wrapped by the current KEK) until `deadline`; returns its id. */
  async retire(pepper: Buffer, at: Date, deadline: Date): Promise<string> {
    const id = pepperId(pepper);
    const kept = this.list().filter((p) => p.id !== id);
    const wrapped = await this.provider.wrapKey(pepper, context(id));
    this.#write([...kept, { id, wrapped, retiredAt: at.toISOString(), deadline: deadline.toISOString() }]);
    return id;
  }

  /** The retired pepper `id`, or undefined once it is gone (every hash moved, or its deadline passed). */
  async get(id: string, now: Date): Promise<Buffer | undefined> {
    const found = this.list().find((p) => p.id === id);
    if (found === undefined || Date.parse(found.deadline) <= now.getTime()) return undefined;
    return this.provider.unwrapKey(found.wrapped, context(id));
  }

  /**
   * Removes every retired pepper that no hash is under any more, or whose deadline has passed.
   * Returns the ids removed.
   */
  async prune(db: Kysely<Database>, now: Date): Promise<string[]> {
    const peppers = this.list();
    if (peppers.length === 0) return [];
    const rows = await db
      .selectFrom('user_accounts')
      .select('pepper_id')
      .distinct()
      .where('pepper_id', 'is not', null)
      .where('password_hash', 'is not', null)
      .execute();
    const inUse = new Set(rows.map((r) => r.pepper_id));
    const removed = peppers.filter((p) => !inUse.has(p.id) || Date.parse(p.deadline) <= now.getTime());
    if (removed.length > 0) this.#write(peppers.filter((p) => !removed.includes(p)));
    return removed.map((p) => p.id);
  }

  /** Re-wraps every retired pepper under `target` (a later KEK rotation). */
  async rewrap(sources: readonly KeyProvider[], target: KeyProvider): Promise<void> {
    const peppers = this.list();
    const next: RetiredPepper[] = [];
    for (const p of peppers) {
      const source = sources.find((s) => s.kekId === parseWrapped(p.wrapped).kekId);
      if (isCurrentWrap(p.wrapped, target) || source === undefined) {
        next.push(p);
        continue;
      }
      const plain = await source.unwrapKey(p.wrapped, context(p.id));
      try {
        next.push({ ...p, wrapped: await target.wrapKey(plain, context(p.id)) });
      } finally {
        plain.fill(0);
      }
    }
    if (peppers.length > 0) this.#write(next);
  }
}

/** What the owner is shown: hashes still under a retired pepper, and who must reset after the deadline. */
export interface PepperStatus {
  retired: Array<{ retiredAt: string; deadline: string; usersWaiting: number; deadlinePassed: boolean }>;
  /** Users whose hash is under a pepper that is gone: they cannot sign in until their password is reset. */
  mustReset: Array<{ tenantId: string; userId: string }>;
}

export async function pepperStatus(
  db: Kysely<Database>,
  store: RetiredPepperStore,
  now: Date,
  tenantId?: string,
): Promise<PepperStatus> {
  let query = db
    .selectFrom('user_accounts')
    .select(['tenant_id', 'user_id', 'pepper_id'])
    .where('pepper_id', 'is not', null)
    .where('password_hash', 'is not', null);
  if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
  const rows = await query.orderBy('tenant_id').orderBy('user_id').execute();
  const kept = store.list();
  const live = new Set(kept.filter((p) => Date.parse(p.deadline) > now.getTime()).map((p) => p.id));
  return {
    retired: kept.map((p) => ({
      retiredAt: p.retiredAt,
      deadline: p.deadline,
      usersWaiting: rows.filter((r) => r.pepper_id === p.id).length,
      deadlinePassed: !live.has(p.id),
    })),
    mustReset: rows
      .filter((r) => !live.has(r.pepper_id ?? ''))
      .map((r) => ({ tenantId: r.tenant_id, userId: r.user_id })),
  };
}

/** A user by name, for the owner's screen (the id only to act on, never shown). */
export interface PepperPerson {
  userId: string;
  name: string;
}

/** The owner's view of one business: who still signs in under a retired pepper, by name. */
export interface OwnerPepperStatus {
  retired: Array<{ retiredAt: string; deadline: string; deadlinePassed: boolean; waiting: PepperPerson[] }>;
  mustReset: PepperPerson[];
}

/**
 * `pepperStatus` for one business with the users' names (decrypted from `user_accounts.name_enc`),
 * sorted by name: retired peppers whose deadline has not passed with who must still sign in before
 * it, and who can no longer sign in until an owner resets their password.
 */
export async function ownerPepperStatus(
  db: Kysely<Database>,
  cipher: FieldCipher,
  store: RetiredPepperStore,
  now: Date,
  tenantId: string,
): Promise<OwnerPepperStatus> {
  const rows = await db
    .selectFrom('user_accounts as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
    )
    .select(['a.user_id', 'a.pepper_id', 'a.name_enc'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.pepper_id', 'is not', null)
    .where('a.password_hash', 'is not', null)
    .where('u.status', '!=', 'disabled')
    .execute();
  const people = new Map<string, PepperPerson>();
  for (const r of rows) {
    const ref = { tenantId, table: 'user_accounts', column: 'name_enc', rowId: r.user_id };
    people.set(r.user_id, { userId: r.user_id, name: await cipher.decrypt(ref, r.name_enc) });
  }
  const byName = (a: PepperPerson, b: PepperPerson) => a.name.localeCompare(b.name, 'en-IN');
  const under = (id: string) =>
    rows
      .filter((r) => r.pepper_id === id)
      .map((r) => people.get(r.user_id))
      .filter((p): p is PepperPerson => p !== undefined)
      .sort(byName);
  const kept = store.list();
  const live = new Set(kept.filter((p) => Date.parse(p.deadline) > now.getTime()).map((p) => p.id));
  return {
    retired: kept
      .filter((p) => live.has(p.id))
      .map((p) => ({
        retiredAt: p.retiredAt,
        deadline: p.deadline,
        deadlinePassed: false,
        waiting: under(p.id),
      }))
      .filter((p) => p.waiting.length > 0)
      .sort((a, b) => a.deadline.localeCompare(b.deadline)),
    mustReset: rows
      .filter((r) => !live.has(r.pepper_id ?? ''))
      .map((r) => people.get(r.user_id))
      .filter((p): p is PepperPerson => p !== undefined)
      .sort(byName),
  };
}

/** The key folder's retired peppers, as the password hasher uses them. */
export function retiredPeppersFor(
  keyDir: string,
  provider: KeyProvider,
  db: Kysely<Database>,
  clock: Clock,
): RetiredPeppers {
  const store = new RetiredPepperStore(keyDir, provider);
  return {
    get: (id) => store.get(id, clock.now()),
    prune: async () => {
      await store.prune(db, clock.now());
    },
  };
}
