/**
 * Signed checkpoints as plain text, in the shape of a C2SP signed note carrying a tlog checkpoint
 * (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint): an origin line, the sequence
 * number of the head entry, its chain hash in base64, extension lines, a blank line, then the
 * signature line `— <key name> <base64(key hash[4] || Ed25519 signature)>`. The text can be
 * printed, mailed or posted and checked later with the installation's public key.
 */
import { createHash } from 'node:crypto';
import { rawPublicKey, verifyTagged, type Signer } from '../../crypto/signing.js';
import type { CheckpointKind } from '../../db/tables/audit.tables.js';

export interface Checkpoint {
  tenantId: string;
  seq: number;
  /** Chain hash of entry `seq`, hex. */
  hash: string;
  time: string;
  kind: CheckpointKind;
  /** For retention checkpoints: how many full entries at or below `seq` remain. */
  kept?: number;
}

export interface SignedCheckpoint extends Checkpoint {
  keyName: string;
  note: string;
}

const ORIGIN_PREFIX = 'tijori/audit/';
const kinds: readonly CheckpointKind[] = ['periodic', 'manual', 'retention'];

/** The signer's name in notes: `tijori-<key id>`. */
export function keyNameOf(signer: Pick<Signer, 'keyId'>): string {
  return `tijori-${signer.keyId}`;
}

// C2SP signed note: key hash = SHA-256(name || "\n" || 0x01 (Ed25519) || public key)[:4].
function keyHash(name: string, publicKeyPem: string): Buffer {
  return createHash('sha256')
    .update(`${name}\n`, 'utf8')
    .update(Buffer.from([1]))
    .update(Buffer.from(rawPublicKey(publicKeyPem), 'base64'))
    .digest()
    .subarray(0, 4);
}

function body(c: Checkpoint): string {
  const lines = [
    `${ORIGIN_PREFIX}${c.tenantId}`,
    String(c.seq),
    Buffer.from(c.hash, 'hex').toString('base64'),
    `time ${c.time}`,
    `kind ${c.kind}`,
  ];
  if (c.kept !== undefined) lines.push(`kept ${String(c.kept)}`);
  return `${lines.join('\n')}\n`;
}

/** Signs a checkpoint with the installation key and returns the note text. */
export function signCheckpoint(c: Checkpoint, signer: Signer): SignedCheckpoint {
  const text = body(c);
  const name = keyNameOf(signer);
  const sig = signer.sign('audit-checkpoint', Buffer.from(text, 'utf8'));
  const blob = Buffer.concat([keyHash(name, signer.publicKeyPem), sig]).toString('base64');
  return { ...c, keyName: name, note: `${text}\n\u2014 ${name} ${blob}\n` };
}

export type NoteCheck =
  { ok: true; checkpoint: SignedCheckpoint } | { ok: false; reason: string; checkpoint?: Checkpoint };

function parseBody(text: string): Checkpoint | string {
  const lines = text.split('\n');
  const [origin, size, root, ...extensions] = lines.slice(0, -1);
  if (origin === undefined || !origin.startsWith(ORIGIN_PREFIX)) return 'not a Tijori audit checkpoint';
  if (size === undefined || !/^(0|[1-9]\d{0,15})$/.test(size)) return 'the sequence line is malformed';
  const hash = Buffer.from(root ?? '', 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) return 'the hash line is malformed';
  const ext = new Map(extensions.map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
  const kind = ext.get('kind') as CheckpointKind | undefined;
  const time = ext.get('time');
  if (kind === undefined || !kinds.includes(kind) || time === undefined || Number.isNaN(Date.parse(time)))
    return 'the time or kind line is malformed';
  const kept = ext.get('kept');
  return {
    tenantId: origin.slice(ORIGIN_PREFIX.length),
    seq: Number(size),
    hash: hash.toString('hex'),
    time,
    kind,
    ...(kept === undefined ? {} : { kept: Number(kept) }),
  };
}

/** Parses a note and checks its signature against the installation's public key. */
export function checkNote(note: string, verifier: { keyId: string; publicKeyPem: string }): NoteCheck {
  const split = note.indexOf('\n\n');
  if (split === -1) return { ok: false, reason: 'not a signed note (no signature block)' };
  const text = note.slice(0, split + 1);
  const parsed = parseBody(text);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const name = keyNameOf(verifier);
  const expectedHash = keyHash(name, verifier.publicKeyPem);
  for (const line of note.slice(split + 2).split('\n')) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const blob = Buffer.from(match[2] ?? '', 'base64');
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(expectedHash)) continue;
    // Notes signed before the type tag still verify: their text is a checkpoint body (parsed above).
    if (
      verifyTagged(
        'audit-checkpoint',
        verifier.publicKeyPem,
        Buffer.from(text, 'utf8'),
        blob.subarray(4),
        (m) => (m.toString('utf8').startsWith(ORIGIN_PREFIX) ? m : undefined),
      )
    )
      return { ok: true, checkpoint: { ...parsed, keyName: name, note } };
    return { ok: false, reason: 'the signature does not verify', checkpoint: parsed };
  }
  return { ok: false, reason: `no signature by this installation's key (${name})`, checkpoint: parsed };
}

/** Splits a file holding one or more notes (each ends with its signature lines). */
export function splitNotes(text: string): string[] {
  const notes: string[] = [];
  const blocks = text.replace(/\r\n/g, '\n').split(/\n(?=tijori\/audit\/)/);
  for (const block of blocks) {
    const trimmed = block.trim();
    if (trimmed !== '') notes.push(`${trimmed}\n`);
  }
  return notes;
}
