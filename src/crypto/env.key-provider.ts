/**
 * The environment KEK provider, for containers: TIJORI_KEK (via config) holds 32 bytes in base64.
 * `<KEK>:<derivation root>` (both base64) is still read: rotations before ADR 0054 carried the
 * first KEK's root over; a rotation now gives a new KEK that is also the new root.
 */
import { createSoftwareProvider, KeyProviderError, type KeyProvider } from './key-provider.js';

const FORMAT =
  'TIJORI_KEK must be exactly 32 bytes in base64 (openssl rand -base64 32), or <KEK>:<derivation root> after a KEK rotation';

function decode(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== text) throw new KeyProviderError(FORMAT);
  return bytes;
}

export function loadEnvKeyProvider(value: string): KeyProvider {
  const parts = value.trim().split(':');
  if (parts.length > 2) throw new KeyProviderError(FORMAT);
  const [kekText = '', rootText] = parts;
  const kek = decode(kekText);
  const root = rootText === undefined ? kek : decode(rootText);
  try {
    return createSoftwareProvider('env', kek, root);
  } finally {
    kek.fill(0);
    root.fill(0);
  }
}

/**
 * The TIJORI_KEK value for a successor KEK: the new key alone, which is also the new derivation
 * root, so the rotation revokes the old KEK's derived secrets (ADR 0054). `current` must be valid.
 */
export function successorEnvKek(current: string, newKek: string): string {
  const [kekText = '', rootText] = current.trim().split(':');
  decode(rootText ?? kekText);
  decode(newKek.trim());
  return newKek.trim();
}
