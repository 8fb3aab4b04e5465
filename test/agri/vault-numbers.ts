/** Aadhaar-shaped test numbers: random, each made valid (or not) by its Verhoeff check digit. */
import { randomInt } from 'node:crypto';
import { passesVerhoeff } from '../../src/domain/sensitive-numbers.js';

/** A random valid Aadhaar number: 11 random digits (not starting 0 or 1) and its Verhoeff digit. */
export function aadhaarNumber(): string {
  const body = `${randomInt(2, 10)}${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
  for (let d = 0; d < 10; d += 1) if (passesVerhoeff(`${body}${d}`)) return `${body}${d}`;
  throw new Error('no check digit');
}

/** The same number with its last digit changed: fails the check. */
export const wrongCheck = (n: string) => `${n.slice(0, 11)}${(Number(n[11]) + 1) % 10}`;

/** The number as people write it: `1234 5678 9012`. */
export const grouped = (n: string) => `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`;
