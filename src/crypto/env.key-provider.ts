/** The environment KEK provider, for containers: 32 bytes in base64 from TIJORI_KEK (via config). */
import { createSoftwareProvider, KeyProviderError, type KeyProvider } from './key-provider.js';

export function loadEnvKeyProvider(base64: string): KeyProvider {
  const text = base64.trim();
  const kek = Buffer.from(text, 'base64');
  if (kek.length !== 32 || kek.toString('base64') !== text) {
    throw new KeyProviderError('TIJORI_KEK must be exactly 32 bytes in base64 (openssl rand -base64 32)');
  }
  try {
    return createSoftwareProvider('env', kek);
  } finally {
    kek.fill(0);
  }
}
