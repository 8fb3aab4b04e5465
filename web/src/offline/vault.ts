/**
 * The counter's vault in IndexedDB (issue 21, ADR 0066): everything the counter keeps is sealed
 * with AES-256-GCM (WebCrypto) under the key the server issued for this counter and session. The
 * key itself is kept only as a non-extractable CryptoKey (page script can use it, never read it);
 * each sealed record names the key it was sealed under, and its name is bound in as associated
 * data, so a record moved under another name does not open. In clear there are only ids.
 */

const DB_NAME = 'tijori-counter';
const KEYS = 'keys';
const SEALED = 'sealed';

interface SealedRecord {
  keyId: string;
  iv: Uint8Array;
  data: ArrayBuffer;
}

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(KEYS);
      request.result.createObjectStore(SEALED);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the counter vault did not open'));
  });
  return opening;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the counter vault failed'));
  });
}

async function store(name: string, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await openDb()).transaction(name, mode).objectStore(name);
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Imports the server's key as a non-extractable AES-GCM key and keeps it under its id. */
export async function keepKey(keyId: string, raw: string): Promise<void> {
  const bytes = fromBase64Url(raw);
  const key = await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  bytes.fill(0);
  await done((await store(KEYS, 'readwrite')).put(key, keyId));
}

async function keyOf(keyId: string): Promise<CryptoKey | undefined> {
  return (await done((await store(KEYS, 'readonly')).get(keyId))) as CryptoKey | undefined;
}

export async function hasKey(keyId: string): Promise<boolean> {
  return (await keyOf(keyId)) !== undefined;
}

/** Seals a value under the key `keyId` and keeps it as `name`. */
export async function seal(keyId: string, name: string, value: unknown): Promise<void> {
  const key = await keyOf(keyId);
  if (key === undefined) throw new Error('no counter key');
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) },
    key,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  const record: SealedRecord = { keyId, iv, data };
  await done((await store(SEALED, 'readwrite')).put(record, name));
}

/** Opens a sealed value; undefined when it is missing or its key is not here. */
export async function unseal<T>(name: string): Promise<T | undefined> {
  const record = (await done((await store(SEALED, 'readonly')).get(name))) as SealedRecord | undefined;
  if (record === undefined) return undefined;
  const key = await keyOf(record.keyId);
  if (key === undefined) return undefined;
  const clear = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: record.iv as Uint8Array<ArrayBuffer>,
      additionalData: new TextEncoder().encode(name),
    },
    key,
    record.data,
  );
  return JSON.parse(new TextDecoder().decode(clear)) as T;
}

/** The names (with the key each was sealed under) of the records starting with `prefix`, in order. */
export async function sealedNames(prefix: string): Promise<{ name: string; keyId: string }[]> {
  const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
  const s = await store(SEALED, 'readonly');
  const [names, records] = await Promise.all([done(s.getAllKeys(range)), done(s.getAll(range))]);
  return names.map((name, i) => ({
    name: typeof name === 'string' ? name : '',
    keyId: (records[i] as SealedRecord).keyId,
  }));
}

export async function remove(name: string): Promise<void> {
  await done((await store(SEALED, 'readwrite')).delete(name));
}

/** Destroys the keys: what was sealed under them cannot be read here any more. */
export async function forgetKeys(): Promise<void> {
  await done((await store(KEYS, 'readwrite')).clear());
}

/** Removes every sealed record except those whose name starts with `keep`. */
export async function clearSealed(keep?: string): Promise<void> {
  if (keep === undefined) {
    await done((await store(SEALED, 'readwrite')).clear());
    return;
  }
  const all = await sealedNames('');
  for (const { name } of all) if (!name.startsWith(keep)) await remove(name);
}
