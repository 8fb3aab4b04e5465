/**
 * Encrypted backup files: a file encrypted to a recipient's X25519 public key, in chunks, so any
 * size streams in bounded memory.
 *
 *   TIJORI-BACKUP-1\n
 *   {header JSON: alg, ephemeral public key, recipient key id, nonce prefix, chunk size, meta}\n
 *   [uint32 length][ciphertext || tag] ...   (chunk i: nonce = prefix || uint32 i)
 *
 * Each chunk's associated data is SHA-256(header line) || i || final flag, so chunks cannot be
 * reordered, dropped, or moved between files, and a truncated file lacks its final chunk. The final
 * chunk holds the SHA-256 of all plaintext: an end-to-end integrity check. Decryption writes to a
 * temporary file and renames it only after everything verified.
 */
import { createHash, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { once } from 'node:events';
import { AppError } from '../domain/app-error.js';
import { AeadError, TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt } from './aead.js';
import { publicKeyOf, x25519PrivateKey, x25519PublicKey } from './sealed-box.js';

const MAGIC = 'TIJORI-BACKUP-1\n';
const CHUNK = 1 << 20;

export interface BackupHeader {
  alg: 'X25519-HKDF-SHA256-AES-256-GCM';
  epk: string;
  recipient: string;
  noncePrefix: string;
  chunk: number;
  /** What the plaintext is (format, engine, time); never personal data. */
  meta: Record<string, string>;
}

export type Progress = (done: number, total: number) => void;

/** A short id of a recipient public key, to say which private key opens a file. */
export function recipientKeyId(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16);
}

function fileKey(shared: Buffer, epk: string, recipient: string): Buffer {
  const salt = Buffer.concat([Buffer.from(epk, 'base64url'), Buffer.from(recipient, 'base64url')]);
  return Buffer.from(hkdfSync('sha256', shared, salt, Buffer.from('tijori-backup-v1'), 32));
}

function chunkAad(headerDigest: Buffer, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index);
  tail[4] = final ? 1 : 0;
  return Buffer.concat([headerDigest, tail]);
}

function chunkNonce(prefix: Buffer, index: number): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(index);
  return Buffer.concat([prefix, counter]);
}

/** Encrypts `source` to `dest` for the holder of the private key matching `recipientPublicKey`. */
export async function encryptBackupFile(
  source: string,
  dest: string,
  recipientPublicKey: string,
  meta: Record<string, string>,
  onProgress?: Progress,
): Promise<void> {
  const ephemeral = generateKeyPairSync('x25519');
  const epk = String(ephemeral.publicKey.export({ format: 'jwk' }).x);
  const key = fileKey(
    diffieHellman({ privateKey: ephemeral.privateKey, publicKey: x25519PublicKey(recipientPublicKey) }),
    epk,
    recipientPublicKey,
  );
  const noncePrefix = randomBytes(8);
  const header: BackupHeader = {
    alg: 'X25519-HKDF-SHA256-AES-256-GCM',
    epk,
    recipient: recipientKeyId(recipientPublicKey),
    noncePrefix: noncePrefix.toString('base64url'),
    chunk: CHUNK,
    meta,
  };
  const headerLine = `${JSON.stringify(header)}\n`;
  const headerDigest = createHash('sha256').update(headerLine).digest();
  const out = createWriteStream(dest, { mode: 0o600 });
  const write = async (data: Buffer | string) => {
    if (!out.write(data)) await once(out, 'drain');
  };
  const total = statSync(source).size;
  const digest = createHash('sha256');
  let index = 0;
  let done = 0;
  try {
    await write(MAGIC);
    await write(headerLine);
    for await (const chunk of createReadStream(source, { highWaterMark: CHUNK })) {
      const data = chunk as Buffer;
      digest.update(data);
      const { ciphertext, tag } = aesGcmEncrypt(
        key,
        chunkNonce(noncePrefix, index),
        chunkAad(headerDigest, index, false),
        data,
      );
      const length = Buffer.alloc(4);
      length.writeUInt32BE(ciphertext.length + TAG_BYTES);
      await write(Buffer.concat([length, ciphertext, tag]));
      index += 1;
      done += data.length;
      onProgress?.(done, total);
    }
    const final = aesGcmEncrypt(
      key,
      chunkNonce(noncePrefix, index),
      chunkAad(headerDigest, index, true),
      digest.digest(),
    );
    const length = Buffer.alloc(4);
    length.writeUInt32BE(final.ciphertext.length + TAG_BYTES);
    await write(Buffer.concat([length, final.ciphertext, final.tag]));
  } finally {
    key.fill(0);
    out.end();
    await once(out, 'close');
  }
}

const corrupt = () =>
  new AppError('validation_failed', 'the backup file is damaged, truncated, or not for this key', 'file');

/** Reads the header without decrypting (to show what a file is and which key opens it). */
export async function readBackupHeader(path: string): Promise<BackupHeader> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    if (!text.startsWith(MAGIC)) throw corrupt();
    const end = text.indexOf('\n', MAGIC.length);
    if (end === -1) throw corrupt();
    return JSON.parse(text.slice(MAGIC.length, end)) as BackupHeader;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw corrupt();
  } finally {
    await handle.close();
  }
}

/** Decrypts and verifies `source` into `dest`; nothing appears at `dest` unless all of it verified. */
export async function decryptBackupFile(
  source: string,
  dest: string,
  recipientPrivateKey: string,
  onProgress?: Progress,
): Promise<BackupHeader> {
  const header = await readBackupHeader(source);
  const headerLine = `${JSON.stringify(header)}\n`;
  const headerDigest = createHash('sha256').update(headerLine).digest();
  const recipientPublic = publicKeyOf(recipientPrivateKey);
  if (recipientKeyId(recipientPublic) !== header.recipient) {
    throw new AppError('validation_failed', 'this backup was encrypted for a different key', 'identity');
  }
  const key = fileKey(
    diffieHellman({
      privateKey: x25519PrivateKey(recipientPrivateKey),
      publicKey: x25519PublicKey(header.epk),
    }),
    header.epk,
    recipientPublic,
  );
  const prefix = Buffer.from(header.noncePrefix, 'base64url');
  const temp = `${dest}.partial-${randomBytes(4).toString('hex')}`;
  const out = createWriteStream(temp, { mode: 0o600 });
  const handle = await openFile(source, 'r');
  const total = (await handle.stat()).size;
  let position = Buffer.byteLength(MAGIC) + Buffer.byteLength(headerLine);
  const digest = createHash('sha256');
  let index = 0;
  let verified = false;
  try {
    const lengthBuffer = Buffer.alloc(4);
    for (;;) {
      const { bytesRead } = await handle.read(lengthBuffer, 0, 4, position);
      if (bytesRead < 4) throw corrupt();
      const length = lengthBuffer.readUInt32BE(0);
      if (length < TAG_BYTES || length > header.chunk + TAG_BYTES) throw corrupt();
      const body = Buffer.alloc(length);
      const read = await handle.read(body, 0, length, position + 4);
      if (read.bytesRead < length) throw corrupt();
      position += 4 + length;
      const final = position === total;
      const plain = aesGcmDecrypt(
        key,
        chunkNonce(prefix, index),
        chunkAad(headerDigest, index, final),
        body.subarray(0, length - TAG_BYTES),
        body.subarray(length - TAG_BYTES),
      );
      if (final) {
        if (!plain.equals(digest.digest())) throw corrupt();
        verified = true;
        onProgress?.(position, total);
        break;
      }
      digest.update(plain);
      if (!out.write(plain)) await once(out, 'drain');
      index += 1;
      onProgress?.(position, total);
    }
  } catch (error) {
    if (error instanceof AeadError) throw corrupt();
    throw error;
  } finally {
    key.fill(0);
    await handle.close();
    out.end();
    await once(out, 'close');
    if (!verified) rmSync(temp, { force: true });
  }
  renameSync(temp, dest);
  return header;
}
