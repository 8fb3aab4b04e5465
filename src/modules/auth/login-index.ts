/**
 * The login index: HMAC-SHA256 of the normalised email under a secret derived from the KEK, the
 * same for the whole installation. Sign-in must find the account before it knows the tenant, so
 * this index cannot be per tenant; it is unique across tenants (one email, one account) and it is
 * also the `account_key` of the login attempt log, so no email is ever stored in clear.
 */
import { createHmac } from 'node:crypto';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { LoginIndexer } from './auth.types.js';

export function createLoginIndexer(provider: Pick<KeyProvider, 'deriveSecret'>): LoginIndexer {
  let key: Promise<Buffer> | undefined;
  return async (normalizedEmail) => {
    key ??= provider.deriveSecret('login-index');
    return createHmac('sha256', await key)
      .update(normalizedEmail, 'utf8')
      .digest('base64url');
  };
}

/** The password pepper from the key provider, derived once and kept in memory. */
export function createPepper(provider: Pick<KeyProvider, 'deriveSecret'>): () => Promise<Buffer> {
  let pepper: Promise<Buffer> | undefined;
  return () => (pepper ??= provider.deriveSecret('password-pepper'));
}
