/**
 * Password hashing: argon2id over an HMAC of the NFKC-normalised password keyed with the pepper.
 * The pepper comes from the key provider (outside the database), so a stolen database alone
 * cannot be cracked offline. Parameters are configurable; a hash made with other parameters is
 * upgraded at the next successful sign-in.
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

/** The baseline's parameters (OWASP ASVS 5.0 appendix C). */
export const baselineArgon2Params: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export class PasswordHasher {
  /** How many argon2 computations ran: the throttling tests and benchmark read it. */
  computations = 0;

  readonly #queue: HashQueue;

  constructor(
    private readonly pepper: () => Promise<Buffer>,
    private readonly params: Argon2Params,
    slots = availableParallelism(),
  ) {
    this.#queue = new HashQueue(slots);
  }

  private async prehash(password: string): Promise<Buffer> {
    // HMAC first: keeps the pepper out of argon2's salt/secret API and bounds argon2's input.
    return createHmac('sha256', await this.pepper())
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

  /** A running estimate of how long one verification takes, for `waitLikeVerify`. */
  private typicalMs = 50;

  /**
   * Verifies in constant time (inside argon2); false for a malformed stored hash. `priority`:
   * `high` for a sign-in on an account without recent failures (see HashQueue).
   */
  async verify(stored: string, password: string, priority: HashPriority = 'normal'): Promise<boolean> {
    const input = await this.prehash(password);
    return this.#queue.run(priority, async () => {
      this.computations += 1;
      const started = performance.now();
      try {
        return await argon2.verify(stored, input);
      } catch {
        return false;
      } finally {
        this.typicalMs = 0.8 * this.typicalMs + 0.2 * (performance.now() - started);
      }
    });
  }

  /**
   * For a sign-in to an unknown account: waits about as long as a verification would, without
   * computing one. Random-email spraying from many sources then costs timers, not CPU, while the
   * response time still does not reveal whether the account exists.
   */
  async waitLikeVerify(): Promise<void> {
    const jitter = 0.9 + Math.random() * 0.2;
    await new Promise((resolve) => setTimeout(resolve, this.typicalMs * jitter));
  }

  needsRehash(stored: string): boolean {
    try {
      return argon2.needsRehash(stored, this.params);
    } catch {
      return true;
    }
  }
}
