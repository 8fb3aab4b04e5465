/**
 * The PKCS#11 HSM provider. The KEK is a non-extractable AES-256 key inside the HSM, found by its
 * label; wrapping and unwrapping run inside the HSM (AES-GCM via C_Encrypt / C_Decrypt with the
 * same associated data as the software providers), so the KEK never enters this process. Derived
 * secrets (the password pepper) come from an HSM-held HMAC key (CKM_SHA256_HMAC).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pkcs11Types from 'pkcs11js';
import { NONCE_BYTES, TAG_BYTES, encodeFields } from './aead.js';
import { KeyProviderError, parseWrapped, type KeyProvider } from './key-provider.js';

// pkcs11js is a native CommonJS addon; load it lazily so other providers never need it.
const require = createRequire(import.meta.url);

export interface Pkcs11Options {
  modulePath: string;
  tokenLabel?: string;
  pin: string;
  keyLabel: string;
  /**
   * Label of the HMAC key that derives secrets (the password pepper); `<keyLabel>-hmac` unless set.
   * It stays when the KEK is rotated to a new label, so derived secrets survive (ADR 0010).
   */
  deriveKeyLabel?: string;
  /** Create the KEK and HMAC key in the token when missing (`tijori init`, `keys rotate-kek`). */
  createIfMissing?: boolean;
}

type Pkcs11Module = typeof Pkcs11Types;

function loadModule(): Pkcs11Module {
  try {
    return require('pkcs11js') as Pkcs11Module;
  } catch {
    throw new KeyProviderError('the pkcs11js module is not installed; run npm install');
  }
}

function findSlot(p: Pkcs11Types.PKCS11, tokenLabel: string | undefined): Buffer {
  for (const slot of p.C_GetSlotList(true)) {
    const info = p.C_GetTokenInfo(slot);
    if (tokenLabel === undefined || info.label.trim() === tokenLabel) return slot;
  }
  throw new KeyProviderError('no HSM token with that label: check TIJORI_PKCS11_TOKEN_LABEL');
}

function findKey(p: Pkcs11Types.PKCS11, m: Pkcs11Module, session: Buffer, label: string): Buffer | null {
  p.C_FindObjectsInit(session, [
    { type: m.CKA_CLASS, value: m.CKO_SECRET_KEY },
    { type: m.CKA_LABEL, value: label },
  ]);
  try {
    return p.C_FindObjects(session);
  } finally {
    p.C_FindObjectsFinal(session);
  }
}

function generateKey(
  p: Pkcs11Types.PKCS11,
  m: Pkcs11Module,
  session: Buffer,
  label: string,
  kind: 'aes' | 'hmac',
): Buffer {
  const common = [
    { type: m.CKA_CLASS, value: m.CKO_SECRET_KEY },
    { type: m.CKA_TOKEN, value: true },
    { type: m.CKA_LABEL, value: label },
    { type: m.CKA_ID, value: randomBytes(16) },
    { type: m.CKA_PRIVATE, value: true },
    { type: m.CKA_SENSITIVE, value: true },
    { type: m.CKA_EXTRACTABLE, value: false },
    { type: m.CKA_VALUE_LEN, value: 32 },
  ];
  if (kind === 'aes') {
    return p.C_GenerateKey(session, { mechanism: m.CKM_AES_KEY_GEN }, [
      ...common,
      { type: m.CKA_KEY_TYPE, value: m.CKK_AES },
      { type: m.CKA_ENCRYPT, value: true },
      { type: m.CKA_DECRYPT, value: true },
    ]);
  }
  return p.C_GenerateKey(session, { mechanism: m.CKM_GENERIC_SECRET_KEY_GEN }, [
    ...common,
    { type: m.CKA_KEY_TYPE, value: m.CKK_GENERIC_SECRET },
    { type: m.CKA_SIGN, value: true },
    { type: m.CKA_VERIFY, value: true },
  ]);
}

// A PKCS#11 library is initialised once per process; providers share it and each has its session.
const libraries = new Map<string, { p: Pkcs11Types.PKCS11; users: number }>();

function acquireLibrary(m: Pkcs11Module, modulePath: string): Pkcs11Types.PKCS11 {
  const existing = libraries.get(modulePath);
  if (existing !== undefined) {
    existing.users += 1;
    return existing.p;
  }
  const p = new m.PKCS11();
  try {
    p.load(modulePath);
    p.C_Initialize();
  } catch {
    throw new KeyProviderError('the PKCS#11 library could not be loaded: check TIJORI_PKCS11_MODULE');
  }
  libraries.set(modulePath, { p, users: 1 });
  return p;
}

function releaseLibrary(modulePath: string): void {
  const entry = libraries.get(modulePath);
  if (entry === undefined) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  libraries.delete(modulePath);
  entry.p.C_Finalize();
}

function openSession(p: Pkcs11Types.PKCS11, m: Pkcs11Module, options: Pkcs11Options): Buffer {
  const slot = findSlot(p, options.tokenLabel);
  const session = p.C_OpenSession(slot, m.CKF_SERIAL_SESSION | m.CKF_RW_SESSION);
  try {
    p.C_Login(session, m.CKU_USER, options.pin);
  } catch (error) {
    // Another provider in this process may have logged the token in already (login is per token).
    if ((error as { message?: string }).message?.includes('CKR_USER_ALREADY_LOGGED_IN') !== true) {
      p.C_CloseSession(session);
      throw new KeyProviderError('the HSM refused the PIN: check TIJORI_PKCS11_PIN');
    }
  }
  return session;
}

/** Opens the token, logs in and finds (or creates) the KEK. */
export function loadPkcs11KeyProvider(options: Pkcs11Options): KeyProvider {
  const m = loadModule();
  const p = acquireLibrary(m, options.modulePath);
  let session: Buffer;
  try {
    session = openSession(p, m, options);
  } catch (error) {
    releaseLibrary(options.modulePath);
    throw error;
  }
  const hmacLabel = options.deriveKeyLabel ?? `${options.keyLabel}-hmac`;
  let kek = findKey(p, m, session, options.keyLabel);
  let hmacKey = findKey(p, m, session, hmacLabel);
  if (kek === null || hmacKey === null) {
    if (options.createIfMissing !== true) {
      p.C_CloseSession(session);
      releaseLibrary(options.modulePath);
      throw new KeyProviderError(
        'the HSM token has no Tijori key with that label: run tijori init, or check TIJORI_PKCS11_KEY_LABEL',
      );
    }
    kek ??= generateKey(p, m, session, options.keyLabel, 'aes');
    hmacKey ??= generateKey(p, m, session, hmacLabel, 'hmac');
  }
  const keyHandle = kek;
  const hmacHandle = hmacKey;
  const cka = p.C_GetAttributeValue(session, keyHandle, [{ type: m.CKA_ID }])[0]?.value;
  const kekId = createHash('sha256')
    .update(`pkcs11:${options.keyLabel}:`)
    .update(Buffer.isBuffer(cka) ? cka : Buffer.alloc(0))
    .digest('hex')
    .slice(0, 16);
  const aadFor = (context: string) => encodeFields(['tijori-dek-v1', kekId, context]);
  const gcm = (iv: Buffer, aad: Buffer) => ({
    mechanism: m.CKM_AES_GCM,
    parameter: { type: m.CK_PARAMS_AES_GCM, iv, aad, ivBits: NONCE_BYTES * 8, tagBits: TAG_BYTES * 8 },
  });
  let open = true;

  const provider: KeyProvider = {
    name: 'pkcs11',
    kekId,
    async wrapKey(dataKey, context) {
      const iv = randomBytes(NONCE_BYTES);
      p.C_EncryptInit(session, gcm(iv, aadFor(context)), keyHandle);
      const out = p.C_Encrypt(session, dataKey, Buffer.alloc(dataKey.length + TAG_BYTES + 16));
      return `kw1:${kekId}:${iv.toString('base64url')}:${out.toString('base64url')}`;
    },
    async unwrapKey(wrapped, context) {
      const parsed = parseWrapped(wrapped);
      if (parsed.kekId !== kekId)
        throw new KeyProviderError(
          'this data key was wrapped by a different key-encryption key (check the HSM key label)',
        );
      try {
        p.C_DecryptInit(session, gcm(parsed.nonce, aadFor(context)), keyHandle);
        const body = Buffer.concat([parsed.ciphertext, parsed.tag]);
        return Buffer.from(p.C_Decrypt(session, body, Buffer.alloc(body.length)));
      } catch {
        throw new KeyProviderError('a data key failed to unwrap in the HSM: it was altered or moved');
      }
    },
    async deriveSecret(purpose) {
      p.C_SignInit(session, { mechanism: m.CKM_SHA256_HMAC }, hmacHandle);
      return Buffer.from(
        p.C_Sign(session, Buffer.from(`tijori-derived-secret-v1\u0000${purpose}`, 'utf8'), Buffer.alloc(32)),
      );
    },
    describe: () => ({ provider: 'pkcs11', kekId, algorithm: 'AES-256-GCM in the HSM' }),
    async close() {
      if (!open) return;
      open = false;
      try {
        p.C_CloseSession(session);
      } finally {
        releaseLibrary(options.modulePath);
      }
    },
  };
  Object.defineProperty(provider, 'toJSON', {
    value: () => ({ provider: 'pkcs11', kekId }),
    enumerable: false,
  });
  return provider;
}
