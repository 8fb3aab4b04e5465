/** Real key services over a test database, with a fresh random KEK (environment provider). */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import type { KeyProvider } from '../../src/crypto/key-provider.js';
import type { Database } from '../../src/db/schema.js';
import { ManualClock, type Clock } from '../../src/domain/clock.js';
import { FieldCipherService, type BlindIndexOptions } from '../../src/modules/keys/field-cipher.service.js';
import {
  KeyRing,
  defaultKeyRingOptions,
  type KeyRingOptions,
} from '../../src/modules/keys/key-ring.service.js';
import { RotationService } from '../../src/modules/keys/rotation.service.js';

export interface TestKeys {
  provider: KeyProvider;
  keyRing: KeyRing;
  cipher: FieldCipherService;
  rotation: RotationService;
  clock: Clock;
}

export function createTestKeys(
  db: Kysely<Database>,
  options: {
    provider?: KeyProvider;
    clock?: Clock;
    ring?: Partial<KeyRingOptions>;
    index?: BlindIndexOptions;
  } = {},
): TestKeys {
  const provider = options.provider ?? loadEnvKeyProvider(randomBytes(32).toString('base64'));
  const clock = options.clock ?? new ManualClock(new Date());
  const ringOptions = { ...defaultKeyRingOptions, activeKeyTtlMs: 0, ...options.ring };
  const keyRing = new KeyRing(db, provider, clock, ringOptions);
  const cipher = new FieldCipherService(db, keyRing, clock, options.index);
  const rotation = new RotationService(db, keyRing, cipher, clock, ringOptions.activeKeyTtlMs);
  return { provider, keyRing, cipher, rotation, clock };
}
