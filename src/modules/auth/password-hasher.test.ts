/** The hasher: argon2id with a pepper, no truncation, upgrade when parameters change. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PasswordHasher, baselineArgon2Params } from './password-hasher.js';

// Small parameters for speed; production uses the baseline (checked below).
const cheap = { memoryCost: 1024, timeCost: 2, parallelism: 1 };
const pepper = randomBytes(32);
const hasher = new PasswordHasher(() => Promise.resolve(pepper), cheap);

describe('password hasher', () => {
  it('defaults to the baseline: argon2id, at least 19 MiB, 2 passes, 1 lane', () => {
    expect(baselineArgon2Params.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(baselineArgon2Params.timeCost).toBeGreaterThanOrEqual(2);
    expect(baselineArgon2Params.parallelism).toBe(1);
  });

  it('stores argon2id and verifies only the right password under the right pepper', async () => {
    const stored = await hasher.hash('saffron kettle orbit 4417 drum');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await hasher.verify(stored, 'saffron kettle orbit 4417 drum')).toBe(true);
    expect(await hasher.verify(stored, 'saffron kettle orbit 4417 drun')).toBe(false);
    const otherPepper = new PasswordHasher(() => Promise.resolve(randomBytes(32)), cheap);
    expect(await otherPepper.verify(stored, 'saffron kettle orbit 4417 drum')).toBe(false);
  });

  it('never truncates: passwords differing only after 72 or 128 characters differ', async () => {
    const long = 'a'.repeat(200);
    const stored = await hasher.hash(`${long}x`);
    expect(await hasher.verify(stored, `${long}y`)).toBe(false);
  });

  it('normalises to NFKC, so the same passphrase typed two ways verifies', async () => {
    const stored = await hasher.hash('ｔｉｊｏｒｉ full-width passphrase');
    expect(await hasher.verify(stored, 'tijori full-width passphrase')).toBe(true);
  });

  it('asks for a rehash when the parameters change', async () => {
    const stored = await hasher.hash('saffron kettle orbit 4417 drum');
    expect(hasher.needsRehash(stored)).toBe(false);
    const stronger = new PasswordHasher(() => Promise.resolve(pepper), { ...cheap, timeCost: 3 });
    expect(stronger.needsRehash(stored)).toBe(true);
  });
});
