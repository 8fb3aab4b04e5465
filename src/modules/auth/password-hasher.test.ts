/** The hasher: argon2id with a pepper, no truncation, upgrade when parameters change. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PasswordHasher,
  baselineArgon2Params,
  rfc9106Argon2Params,
  storedArgon2Params,
} from './password-hasher.js';

// Small parameters for speed; production uses the baseline (checked below).
const cheap = { memoryCost: 1024, timeCost: 2, parallelism: 1 };
const pepper = randomBytes(32);
const hasher = new PasswordHasher(() => Promise.resolve(pepper), cheap);

describe('password hasher', () => {
  it('the floor is the baseline (19 MiB, 2 passes, 1 lane); the default is RFC 9106 option 2', () => {
    expect(baselineArgon2Params).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(rfc9106Argon2Params).toEqual({ memoryCost: 65_536, timeCost: 3, parallelism: 4 });
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

  it('asks for a rehash when the stored hash is below the current parameters on any count', async () => {
    const stored = await hasher.hash('saffron kettle orbit 4417 drum');
    expect(hasher.needsRehash(stored)).toBe(false);
    const withParams = (over: Partial<typeof cheap>) =>
      new PasswordHasher(() => Promise.resolve(pepper), { ...cheap, ...over });
    expect(withParams({ timeCost: 3 }).needsRehash(stored)).toBe(true);
    expect(withParams({ memoryCost: 2048 }).needsRehash(stored)).toBe(true);
    expect(withParams({ parallelism: 2 }).needsRehash(stored)).toBe(true);
    // A stronger stored hash is not weakened by lower settings.
    expect(withParams({ memoryCost: 512, timeCost: 1 }).needsRehash(stored)).toBe(false);
  });

  it('reads the parameters from the hash in any order; anything else needs a rehash', () => {
    const salt = 'c2FsdHNhbHRzYWx0c2FsdA';
    const digest = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    expect(storedArgon2Params(`$argon2id$v=19$t=3,p=4,m=65536$${salt}$${digest}`)).toEqual({
      version: 19,
      memoryCost: 65_536,
      timeCost: 3,
      parallelism: 4,
    });
    const current = new PasswordHasher(() => Promise.resolve(pepper), rfc9106Argon2Params);
    expect(current.needsRehash(`$argon2id$v=19$m=65536,p=4,t=3$${salt}$${digest}`)).toBe(false);
    for (const old of [
      `$argon2id$v=16$m=65536,p=4,t=3$${salt}$${digest}`, // argon2 1.0
      `$argon2i$v=19$m=65536,p=4,t=3$${salt}$${digest}`, // not argon2id
      `$argon2id$v=19$m=65536,p=4$${salt}$${digest}`, // a parameter missing
      `$argon2id$v=19$m=65536,p=4,p=4$${salt}$${digest}`, // one twice, one missing
      '$2b$12$abcdefghijklmnopqrstuuv', // bcrypt
      '',
    ])
      expect(current.needsRehash(old)).toBe(true);
  });
});
