/**
 * The HSM provider passes the same provider suite as the file provider, on SoftHSM2. A missing
 * SoftHSM2 fails this suite (in CI always; elsewhere unless TIJORI_SKIP_HSM=1 is set on purpose).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { describeKeyProvider } from '../support/key-provider.suite.js';
import { loadPkcs11KeyProvider } from '../../src/crypto/pkcs11.key-provider.js';
import { createSoftHsmToken, hsmSkipRequested } from './softhsm.js';

if (hsmSkipRequested()) {
  describe.skip('key provider: pkcs11 (skipped by TIJORI_SKIP_HSM=1)', () => undefined);
} else {
  const token = createSoftHsmToken();
  afterAll(() => token.cleanup());
  describeKeyProvider('pkcs11 (SoftHSM2)', async () => ({
    provider: loadPkcs11KeyProvider({
      modulePath: token.modulePath,
      tokenLabel: token.tokenLabel,
      pin: token.pin,
      keyLabel: 'tijori-kek',
      createIfMissing: true,
    }),
    other: loadPkcs11KeyProvider({
      modulePath: token.modulePath,
      tokenLabel: token.tokenLabel,
      pin: token.pin,
      keyLabel: 'tijori-kek-other',
      createIfMissing: true,
    }),
    // A KEK rotation in the HSM: a new AES key and a new HMAC key, under new labels (ADR 0054).
    successor: loadPkcs11KeyProvider({
      modulePath: token.modulePath,
      tokenLabel: token.tokenLabel,
      pin: token.pin,
      keyLabel: 'tijori-kek-2',
      deriveKeyLabel: 'tijori-kek-2-hmac',
      createIfMissing: true,
    }),
  }));

  describe('pkcs11 provider errors', () => {
    it('refuses a missing key, an unknown token and a wrong library with a clear error', () => {
      const base = { modulePath: token.modulePath, tokenLabel: token.tokenLabel, pin: token.pin };
      expect(() => loadPkcs11KeyProvider({ ...base, keyLabel: 'absent' })).toThrow(/no Tijori key/);
      expect(() =>
        loadPkcs11KeyProvider({ ...base, tokenLabel: 'no-such-token', keyLabel: 'tijori-kek' }),
      ).toThrow(/no HSM token/);
      expect(() =>
        loadPkcs11KeyProvider({ ...base, modulePath: '/nonexistent/libpkcs11.so', keyLabel: 'k' }),
      ).toThrow(/could not be loaded/);
    });
  });
}
