/**
 * The provider test suite: every KEK provider (file, environment, HSM) must pass the same tests.
 * Exported so each provider's test file runs it with its own factory.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyProvider } from '../../src/crypto/key-provider.js';

export interface ProviderFixture {
  /** The provider under test. */
  provider: KeyProvider;
  /** A second provider of the same kind with a different KEK. */
  other: KeyProvider;
  /** The provider's successor after a KEK rotation: a new KEK and a new derivation root (ADR 0054). */
  successor: KeyProvider;
  cleanup?: () => Promise<void>;
}

export function describeKeyProvider(name: string, create: () => Promise<ProviderFixture>): void {
  describe(`key provider: ${name}`, () => {
    let fixture: ProviderFixture;
    beforeAll(async () => {
      fixture = await create();
    });
    afterAll(async () => {
      await fixture.provider.close();
      await fixture.other.close();
      await fixture.successor.close();
      await fixture.cleanup?.();
    });

    it('wraps and unwraps a data key', async () => {
      const dataKey = randomBytes(32);
      const wrapped = await fixture.provider.wrapKey(dataKey, 'tenant-a/customer_pii/1');
      expect(wrapped).not.toContain(dataKey.toString('base64'));
      expect(wrapped).not.toContain(dataKey.toString('hex'));
      expect((await fixture.provider.unwrapKey(wrapped, 'tenant-a/customer_pii/1')).equals(dataKey)).toBe(
        true,
      );
    });

    it('describes itself with a stable KEK id', () => {
      expect(fixture.provider.describe().provider).toBe(fixture.provider.name);
      expect(fixture.provider.kekId).toMatch(/^[0-9a-f]{16}$/);
      expect(fixture.provider.kekId).not.toBe(fixture.other.kekId);
    });

    it('refuses a data key wrapped under another KEK, with a clear error', async () => {
      const wrapped = await fixture.other.wrapKey(randomBytes(32), 'ctx');
      await expect(fixture.provider.unwrapKey(wrapped, 'ctx')).rejects.toMatchObject({
        code: 'key_unavailable',
      });
    });

    it('refuses a tampered wrapped key', async () => {
      const wrapped = await fixture.provider.wrapKey(randomBytes(32), 'ctx');
      const last = wrapped.slice(-2, -1) === 'A' ? 'B' : 'A';
      const tampered = wrapped.slice(0, -2) + last + wrapped.slice(-1);
      await expect(fixture.provider.unwrapKey(tampered, 'ctx')).rejects.toMatchObject({
        code: 'key_unavailable',
      });
    });

    it('refuses a wrapped key moved to another place', async () => {
      const wrapped = await fixture.provider.wrapKey(randomBytes(32), 'tenant-a/customer_pii/1');
      await expect(fixture.provider.unwrapKey(wrapped, 'tenant-b/customer_pii/1')).rejects.toMatchObject({
        code: 'key_unavailable',
      });
    });

    it('derives stable, purpose-separated secrets', async () => {
      const a1 = await fixture.provider.deriveSecret('password-pepper');
      const a2 = await fixture.provider.deriveSecret('password-pepper');
      const b = await fixture.provider.deriveSecret('login-index');
      expect(a1.length).toBe(32);
      expect(a1.equals(a2)).toBe(true);
      expect(a1.equals(b)).toBe(false);
      expect(a1.equals(await fixture.other.deriveSecret('password-pepper'))).toBe(false);
    });

    it('a successor KEK wraps anew and derives new secrets (a rotation revokes the old ones)', async () => {
      expect(fixture.successor.kekId).not.toBe(fixture.provider.kekId);
      const wrapped = await fixture.provider.wrapKey(randomBytes(32), 'ctx');
      await expect(fixture.successor.unwrapKey(wrapped, 'ctx')).rejects.toMatchObject({
        code: 'key_unavailable',
      });
      const dataKey = randomBytes(32);
      const rewrapped = await fixture.successor.wrapKey(dataKey, 'ctx');
      expect((await fixture.successor.unwrapKey(rewrapped, 'ctx')).equals(dataKey)).toBe(true);
      for (const purpose of ['password-pepper', 'login-index'])
        expect(
          (await fixture.successor.deriveSecret(purpose)).equals(
            await fixture.provider.deriveSecret(purpose),
          ),
        ).toBe(false);
    });

    it('never shows key material when printed or serialised', () => {
      const printed = JSON.stringify(fixture.provider);
      expect(printed).toContain(fixture.provider.kekId);
      expect(printed.length).toBeLessThan(200);
    });
  });
}
