/** Identifiers: random UUIDs from the CSPRNG, so ids never reveal counts or order. */
import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return uuidPattern.test(value);
}
