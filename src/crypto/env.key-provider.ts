/**
 * The environment KEK provider, for containers: TIJORI_KEK (via config) holds 32 bytes in base64,
 * or after a KEK rotation `<new KEK>:<derivation root>` (both base64), the root carried over from
 * the first KEK so that derived secrets survive the rotation (ADR 0010).
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

/** The TIJORI_KEK value for a successor KEK: the new key with the current derivation root. */
export function successorEnvKek(current: string, newKek: string): string {
  const [kekText = '', rootText] = current.trim().split(':');
  decode(newKek.trim());
  return `${newKek.trim()}:${decode(rootText ?? kekText).toString('base64')}`;
}
