/**
 * A bounded queue for password hashing with two priorities. At most `slots` argon2 computations
 * run at once (as many as there are cores: more would only slow each one down, and would fill
 * libuv's thread pool that file access shares). Sign-ins on accounts without recent failures go
 * first, so a flood of guesses against other accounts queues behind a legitimate user, not in
 * front of them.
 */
export type HashPriority = 'high' | 'normal';

export class HashQueue {
  #running = 0;
  readonly #waiting: Record<HashPriority, Array<() => void>> = { high: [], normal: [] };

  constructor(private readonly slots: number) {}

  /** Runs `task` when a slot is free, high-priority work first. */
  async run<T>(priority: HashPriority, task: () => Promise<T>): Promise<T> {
    if (this.#running < this.slots) this.#running += 1;
    else await new Promise<void>((resolve) => this.#waiting[priority].push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or give it back.
      const next = this.#waiting.high.shift() ?? this.#waiting.normal.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }

  /** How many computations are waiting (for tests and monitoring). */
  get waiting(): number {
    return this.#waiting.high.length + this.#waiting.normal.length;
  }
}
