import { describe, expect, it } from 'vitest';
import { securityEn } from './security.en';
import { securityHi } from './security.hi';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix === '' ? k : `${prefix}.${k}`),
  );
}

function lookup(tree: unknown, path: string): string {
  return path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], tree) as string;
}

describe('security page translations', () => {
  it('Hindi has every English key, with the same placeholders, and is in Hindi', () => {
    expect(keys(securityHi).sort()).toEqual(keys(securityEn).sort());
    for (const key of keys(securityEn)) {
      const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(placeholders(lookup(securityHi, key)), key).toEqual(placeholders(lookup(securityEn, key)));
      if (!/scoreOf|versionLine/.test(key)) expect(lookup(securityHi, key), key).toMatch(/[\u0900-\u097F]/);
    }
  });
});
