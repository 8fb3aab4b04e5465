/**
 * Opaque tokens `id.secret` (sessions, API tokens, invites): the id finds the row, the 256-bit
 * secret proves possession, and only its SHA-256 is stored, compared in constant time.
 */
import { randomBytes } from 'node:crypto';
import { equalDigests, sha256Hex } from '../../domain/crypto-random.js';
import { isId, newId } from '../../domain/ids.js';

export interface IssuedToken {
  id: string;
  token: string;
  secretHash: string;
}

export function issueToken(prefix = ''): IssuedToken {
  const id = newId();
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${prefix}${id}.${secret}`, secretHash: sha256Hex(secret) };
}

/** Splits a presented token; null when it is not shaped like one of ours. */
export function parseToken(presented: string, prefix = ''): { id: string; secret: string } | null {
  if (!presented.startsWith(prefix)) return null;
  const body = presented.slice(prefix.length);
  const dot = body.indexOf('.');
  if (dot < 0) return null;
  const id = body.slice(0, dot);
  const secret = body.slice(dot + 1);
  if (!isId(id) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  return { id, secret };
}

export function secretMatches(storedHash: string, secret: string): boolean {
  return equalDigests(storedHash, sha256Hex(secret));
}
