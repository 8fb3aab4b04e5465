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
import { z } from 'zod';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { open as openFile, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { AppError } from '../domain/app-error.js';
import { AeadError, TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt } from './aead.js';
import { encodeFields } from './aead.js';
import { publicKeyOf, x25519PrivateKey, x25519PublicKey } from './sealed-box.js';
import { verifyTagged, type Signer } from './signing.js';

const MAGIC = 'TIJORI-BACKUP-1\n';
/** Signed backups (issue 24): the same body, then a trailer with an Ed25519 signature. */
const MAGIC_SIGNED = 'TIJORI-BACKUP-2\n';
const TRAILER_MAGIC = Buffer.from('TJSIG2');
const TRAILER = TRAILER_MAGIC.length + 64;
const CHUNK = 1 << 20;
/** The longest header line a reader accepts, before anything is authenticated. */
const MAX_HEADER = 16 * 1024;

/** What signs a backup: the installation signing key (only its signing operation is needed). */
export type BackupSigner = Pick<Signer, 'keyId' | 'sign'>;

/** Whom a restore trusts to have made a backup (public keys, PEM), and whether unsigned ones pass. */
export interface BackupTrust {
  signers: readonly string[];
  allowUnsigned?: boolean;
}

/**
 * Backups are signed as a type-tagged `backup` message over the SHA-256 of the file up to the
 * trailer. Backups signed before the installation-wide tag used a tag of their own (still a
 * backup-only format), which verifies as a backup and as nothing else.
 */
function legacySignedMessage(digest: Buffer): Buffer {
  return encodeFields(['tijori-backup-signature-v1', digest]);
}

const headerSchema = z
  .object({
    alg: z.literal('X25519-HKDF-SHA256-AES-256-GCM'),
    epk: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    recipient: z.string().regex(/^[0-9a-f]{16}$/),
    noncePrefix: z.string().regex(/^[A-Za-z0-9_-]{11}$/),
    chunk: z.literal(CHUNK),
    signer: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
    meta: z.record(z.string().max(64), z.string().max(512)).refine((m) => Object.keys(m).length <= 32),
  })
  .strict();

export interface BackupHeader {
  alg: 'X25519-HKDF-SHA256-AES-256-GCM';
  epk: string;
  recipient: string;
  noncePrefix: string;
  chunk: number;
  /** The signing key id of a signed backup (a hint; the trust decision uses the trusted keys). */
  signer?: string;
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
  signer?: BackupSigner,
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
    ...(signer === undefined ? {} : { signer: signer.keyId }),
    meta,
  };
  const headerLine = `${JSON.stringify(header)}\n`;
  const headerDigest = createHash('sha256').update(headerLine).digest();
  const out = createWriteStream(dest, { mode: 0o600 });
  const whole = createHash('sha256');
  const write = async (data: Buffer | string) => {
    whole.update(data);
    if (!out.write(data)) await once(out, 'drain');
  };
  const total = statSync(source).size;
  const digest = createHash('sha256');
  let index = 0;
  let done = 0;
  try {
    await write(signer === undefined ? MAGIC : MAGIC_SIGNED);
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
    if (signer !== undefined) {
      const signature = signer.sign('backup', whole.digest());
      if (!out.write(Buffer.concat([TRAILER_MAGIC, signature]))) await once(out, 'drain');
    }
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
  return (await readHeader(path)).header;
}

/** The header, bounded and checked field by field before anything is trusted; and whether signed. */
async function readHeader(
  path: string,
): Promise<{ header: BackupHeader; signed: boolean; bodyStart: number }> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(MAGIC.length + MAX_HEADER + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('latin1');
    const signed = text.startsWith(MAGIC_SIGNED);
    if (!signed && !text.startsWith(MAGIC)) throw corrupt();
    const end = text.indexOf('\n', MAGIC.length);
    if (end === -1) throw corrupt();
    const line = buffer.subarray(MAGIC.length, end).toString('utf8');
    const parsed = headerSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw corrupt();
    // The header is hashed into every chunk's associated data exactly as written.
    if (JSON.stringify(parsed.data) !== line) throw corrupt();
    return { header: parsed.data, signed, bodyStart: end + 1 };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw corrupt();
  } finally {
    await handle.close();
  }
}

const unsigned = () =>
  new AppError(
    'validation_failed',
    'this backup is not signed by a key this installation trusts: it may be forged (give the signing key with --trust-signer if you made it elsewhere)',
    'file',
  );

/**
 * Checks a signed backup's trailer against the trusted keys before anything is decrypted: the
 * whole file up to the trailer is hashed in bounded reads. Returns the length of the signed part.
 */
async function verifySignature(
  path: string,
  signed: boolean,
  trust: BackupTrust | undefined,
): Promise<number> {
  const size = (await stat(path)).size;
  if (!signed) {
    if (trust !== undefined && trust.allowUnsigned !== true) throw unsigned();
    return size;
  }
  if (size < MAGIC_SIGNED.length + TRAILER) throw corrupt();
  const body = size - TRAILER;
  const handle = await openFile(path, 'r');
  try {
    const trailer = Buffer.alloc(TRAILER);
    await handle.read(trailer, 0, TRAILER, body);
    if (!trailer.subarray(0, TRAILER_MAGIC.length).equals(TRAILER_MAGIC)) throw corrupt();
    if (trust === undefined) return body;
    const digest = createHash('sha256');
    const buffer = Buffer.alloc(CHUNK);
    for (let at = 0; at < body;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, body - at), at);
      if (bytesRead === 0) throw corrupt();
      digest.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
    const fileDigest = digest.digest();
    const signature = trailer.subarray(TRAILER_MAGIC.length);
    const ok = trust.signers.some((pem) =>
      verifyTagged('backup', pem, fileDigest, signature, (d) => legacySignedMessage(d)),
    );
    if (!ok) throw unsigned();
    return body;
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
  trust?: BackupTrust,
): Promise<BackupHeader> {
  const { header, signed, bodyStart } = await readHeader(source);
  const total = await verifySignature(source, signed, trust);
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
  let position = bodyStart;
  const digest = createHash('sha256');
  let index = 0;
  let verified = false;
  try {
    const lengthBuffer = Buffer.alloc(4);
    for (;;) {
      const { bytesRead } = await handle.read(lengthBuffer, 0, 4, position);
      if (bytesRead < 4) throw corrupt();
      const length = lengthBuffer.readUInt32BE(0);
      // Bounded before anything is authenticated: at most one chunk and its tag.
      if (length < TAG_BYTES || length > CHUNK + TAG_BYTES || position + 4 + length > total) throw corrupt();
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
