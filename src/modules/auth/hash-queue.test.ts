import { describe, expect, it } from 'vitest';
import { HashQueue } from './hash-queue.js';

describe('password hashing queue', () => {
  it('runs at most its slots at once, and a high-priority sign-in overtakes a queued flood', async () => {
    const queue = new HashQueue(2);
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const gates: Array<() => void> = [];
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        order.push(name);
        gates.push(() => {
          running -= 1;
          resolve(name);
        });
      });
    const flood = Array.from({ length: 6 }, (_, i) => queue.run('normal', task(`flood${String(i)}`)));
    await Promise.resolve();
    expect(queue.waiting).toBe(4);
    const legit = queue.run('high', task('legit'));
    expect(queue.waiting).toBe(5);
    // Two flood hashes are running; when one ends, the legitimate sign-in is next.
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['flood0', 'flood1', 'legit']);
    while (gates.length > 0) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await legit).toBe('legit');
    expect(await Promise.all(flood)).toHaveLength(6);
    expect(most).toBe(2);
    expect(queue.waiting).toBe(0);
  });

  it('gives the slot back when a task fails', async () => {
    const queue = new HashQueue(1);
    await expect(queue.run('normal', () => Promise.reject(new Error('bad hash')))).rejects.toThrow(
      'bad hash',
    );
    expect(await queue.run('normal', () => Promise.resolve('next'))).toBe('next');
  });
});
