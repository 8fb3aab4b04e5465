/**
 * The canonical encoding of an audit entry and the chain hash (pure, no I/O). The encoding is
 * documented in docs/security.md ("Audit trail"):
 *
 *   encoding = "TJA1" || field_1 || ... || field_15
 *   field    = 0x00                                  (null)
 *            | 0x01 || uint32_be(byte length) || UTF-8 bytes
 *
 * in this order: tenant_id, seq (decimal), occurred_at, actor_type, actor_id, session_id,
 * device_id, action, object_type, object_id, outcome, request_id, source, retention, details
 * (the stored canonical JSON text, hashed byte for byte). Then
 *
 *   C(n) = SHA-256(encoding(entry n))
 *   H(0) = SHA-256("tijori/audit/v1/genesis\n" || tenant_id)
 *   H(n) = SHA-256(H(n-1) || C(n))
 *
 * Length prefixes make the encoding unambiguous (no two entries encode alike); the content digest
 * lets retention remove an entry's content while the chain stays verifiable.
 */
import { createHash, hash } from 'node:crypto';
import type { AuditEntriesTable } from '../../db/tables/audit.tables.js';

/** The hashed fields of an entry, as stored (everything but the hash itself). */
export type ChainedEntry = Omit<AuditEntriesTable, 'hash' | 'retention'> & { retention: string };

const MAGIC = Buffer.from('TJA1', 'latin1');

const fieldsOf = (e: ChainedEntry): ReadonlyArray<string | null> => [
  e.tenant_id,
  String(e.seq),
  e.occurred_at,
  e.actor_type,
  e.actor_id,
  e.session_id,
  e.device_id,
  e.action,
  e.object_type,
  e.object_id,
  e.outcome,
  e.request_id,
  e.source,
  e.retention,
  e.details,
];

/** Most bytes a UTF-16 string can take in UTF-8 (3 per code unit; a surrogate pair takes 4 for 2). */
const maxUtf8 = (v: string): number => v.length * 3;

/**
 * Writes an entry's canonical bytes into `out` from offset 0 and returns their length, or -1 when
 * `out` may be too small (`maxEncodedLength`).
 */
function encodeInto(values: ReadonlyArray<string | null>, out: Buffer): number {
  let at = MAGIC.copy(out, 0);
  for (const v of values) {
    if (v === null) {
      out[at++] = 0;
      continue;
    }
    out[at] = 1;
    const length = out.write(v, at + 5, 'utf8');
    out.writeUInt32BE(length, at + 1);
    at += 5 + length;
  }
  return at;
}

function maxEncodedLength(values: ReadonlyArray<string | null>): number {
  let size = MAGIC.length;
  for (const v of values) size += v === null ? 1 : 5 + maxUtf8(v);
  return size;
}

/** The canonical bytes of an entry (one allocation: verification encodes millions of them). */
export function encodeEntry(e: ChainedEntry): Buffer {
  const values = fieldsOf(e);
  let size = MAGIC.length;
  for (const v of values) size += v === null ? 1 : 5 + Buffer.byteLength(v, 'utf8');
  const out = Buffer.allocUnsafe(size);
  encodeInto(values, out);
  return out;
}

/**
 * C(n) and chain links for a pass over millions of entries: entries are encoded into one reusable
 * buffer and links assembled in another, so the only allocations per entry are the digests.
 */
export class ChainHasher {
  private scratch = Buffer.allocUnsafe(16 * 1024);
  private readonly link = Buffer.allocUnsafe(64);

  /** C(n), as `contentHash` computes it. */
  contentHash(e: ChainedEntry): Buffer {
    const values = fieldsOf(e);
    const bound = maxEncodedLength(values);
    if (bound > this.scratch.length)
      this.scratch = Buffer.allocUnsafe(Math.max(bound, this.scratch.length * 2));
    const length = encodeInto(values, this.scratch);
    return hash('sha256', this.scratch.subarray(0, length), 'buffer');
  }

  /** Whether H(n) = SHA-256(H(n-1) || C(n)) is `storedHex`, H(n-1) given as stored (hex). */
  linkMatches(previousHex: string, content: Buffer, storedHex: string): boolean {
    if (previousHex.length !== 64 || this.link.write(previousHex, 0, 'hex') !== 32) return false;
    content.copy(this.link, 32);
    return hash('sha256', this.link, 'hex') === storedHex;
  }
}

/** C(n): the digest of an entry's canonical encoding. */
export function contentHash(e: ChainedEntry): Buffer {
  return hash('sha256', encodeEntry(e), 'buffer');
}

/** H(n) from H(n-1) and C(n). */
export function chainHash(previous: Buffer, content: Buffer): Buffer {
  return hash('sha256', Buffer.concat([previous, content], previous.length + content.length), 'buffer');
}

/** H(0) of a tenant: a chain copied to another tenant does not verify there. */
export function genesisHash(tenantId: string): Buffer {
  return createHash('sha256').update(`tijori/audit/v1/genesis\n${tenantId}`, 'utf8').digest();
}

/** JSON with object keys sorted at every level and no spaces: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
