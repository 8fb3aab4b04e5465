/**
 * Password hashing: argon2id over an HMAC of the NFKC-normalised password keyed with the pepper.
 * The pepper comes from the key provider (outside the database), so a stolen database alone
 * cannot be cracked offline. The parameters default to RFC 9106's second recommended option
 * (64 MiB, 3 passes, 4 lanes) and are configurable down to the baseline's floor; a stored hash
 * whose parameters (read from the hash itself) fall below the current ones on any count is
 * upgraded at the next successful sign-in. A hash above them is left as it is.
 */
import { createHmac } from 'node:crypto';
import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import { HashQueue, type HashPriority } from './hash-queue.js';

export interface Argon2Params {
  /** Memory in KiB (baseline: at least 19456). */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** The baseline's floor (OWASP ASVS 5.0 appendix C): no setting goes below it. */
export const baselineArgon2Params: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** The default: RFC 9106 section 4, second recommended option (the first needs 2 GiB per hash). */
export const rfc9106Argon2Params: Argon2Params = { memoryCost: 65536, timeCost: 3, parallelism: 4 };

/** argon2 version 1.3 (0x13), the one RFC 9106 specifies. */
const ARGON2_VERSION = 19;

/** The version and parameters of a stored argon2id PHC string (any order), or null for anything else. */
export function storedArgon2Params(stored: string): (Argon2Params & { version: number }) | null {
  const match =
    /^\$argon2id\$v=(\d{1,3})\$([a-z]=\d{1,8}(?:,[a-z]=\d{1,8}){2})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(
      stored,
    );
  if (match === null) return null;
  const params = new Map((match[2] ?? '').split(',').map((kv) => [kv[0], Number(kv.slice(2))] as const));
  const memoryCost = params.get('m');
  const timeCost = params.get('t');
  const parallelism = params.get('p');
  if (memoryCost === undefined || timeCost === undefined || parallelism === undefined) return null;
  return { version: Number(match[1]), memoryCost, timeCost, parallelism };
}

/** Peppers retired by KEK rotations: the key folder's store in production (ADR 0054). */
export interface RetiredPeppers {
  /** The retired pepper `id`; undefined once it is gone (every hash moved, or the deadline passed). */
  get(id: string): Promise<Buffer | undefined>;
  /** Drops retired peppers no hash needs any more (after a re-hash moved one). */
  prune(): Promise<void>;
}

const noRetiredPeppers: RetiredPeppers = {
  get: () => Promise.resolve(undefined),
  prune: () => Promise.resolve(),
};

/** How many recent verification times `waitLikeVerify` draws from. */
const RECENT_SAMPLES = 64;
/** Before any verification ran: about one baseline argon2id verification on a small machine. */
const INITIAL_ESTIMATE_MS = 50;

export class PasswordHasher {
  /** How many argon2 computations ran: the throttling tests and benchmark read it. */
  computations = 0;

  readonly #queue: HashQueue;

  constructor(
    private readonly pepper: () => Promise<Buffer>,
    private readonly params: Argon2Params,
    slots = availableParallelism(),
    /** Peppers retired by a KEK rotation (ADR 0054); none unless given. */
    private readonly retired: RetiredPeppers = noRetiredPeppers,
  ) {
    this.#queue = new HashQueue(slots);
  }

  private async prehash(password: string, pepper?: Buffer): Promise<Buffer> {
    // HMAC first: keeps the pepper out of argon2's salt/secret API and bounds argon2's input.
    return createHmac('sha256', pepper ?? (await this.pepper()))
      .update(password.normalize('NFKC'), 'utf8')
      .digest();
  }

  async hash(password: string): Promise<string> {
    const input = await this.prehash(password);
    return this.#queue.run('normal', () => {
      this.computations += 1;
      return argon2.hash(input, { type: argon2.argon2id, ...this.params });
    });
  }

  /**
   * How long recent verifications took, end to end (HMAC, queue, argon2), for `waitLikeVerify`.
   * A running mean of a right-skewed distribution sits above its median, which once made unknown
   * emails answer 10 to 35 ms slower than wrong passwords; drawing from the recent durations
   * themselves gives the wait the same distribution, median and tails alike.
   */
  readonly #recentMs: number[] = [];

  /**
   * Verifies in constant time (inside argon2); false for a malformed stored hash. `priority`:
   * `high` for a sign-in on an account without recent failures (see HashQueue). `pepperId`: the
   * retired pepper the hash is under (`user_accounts.pepper_id`), null for the current one; a hash
   * under a pepper that is gone never verifies (the password must be reset).
   */
  async verify(
    stored: string,
    password: string,
    priority: HashPriority = 'normal',
    pepperId: string | null = null,
  ): Promise<boolean> {
    const started = performance.now();
    try {
      const pepper = pepperId === null ? undefined : await this.retired.get(pepperId);
      if (pepperId !== null && pepper === undefined) {
        await this.waitLikeVerify();
        return false;
      }
      const input = await this.prehash(password, pepper);
      return await this.#queue.run(priority, async () => {
        this.computations += 1;
        try {
          return await argon2.verify(stored, input);
        } catch {
          return false;
        }
      });
    } finally {
      this.#recentMs.push(performance.now() - started);
      if (this.#recentMs.length > RECENT_SAMPLES) this.#recentMs.shift();
    }
  }

  /**
   * For a sign-in to an unknown account: waits as long as a verification takes, drawn from the
   * recent verifications, without computing one. Random-email spraying from many sources then
   * costs timers, not CPU, while the response time does not reveal whether the account exists.
   */
  async waitLikeVerify(): Promise<void> {
    const sample = this.#recentMs[Math.floor(Math.random() * this.#recentMs.length)];
    await new Promise((resolve) => setTimeout(resolve, sample ?? INITIAL_ESTIMATE_MS));
  }

  /** Drops retired peppers that no hash is under any more. */
  async pruneRetiredPeppers(): Promise<void> {
    await this.retired.prune();
  }

  /**
   * True when the stored hash is weaker than the current parameters on any count (memory,
   * passes, lanes, version) or is not an argon2id hash at all; a stronger one is kept.
   */
  needsRehash(stored: string): boolean {
    const found = storedArgon2Params(stored);
    return (
      found === null ||
      found.version < ARGON2_VERSION ||
      found.memoryCost < this.params.memoryCost ||
      found.timeCost < this.params.timeCost ||
      found.parallelism < this.params.parallelism
    );
  }
}
