import { describe, expect, it } from 'vitest';
import { en } from './en';
import { hi } from './hi';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix === '' ? k : `${prefix}.${k}`),
  );
}

function lookup(tree: unknown, path: string): string {
  return path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], tree) as string;
}

describe('translations', () => {
  it('Hindi has every English key, with the same placeholders', () => {
    expect(keys(hi).sort()).toEqual(keys(en).sort());
    for (const key of keys(en)) {
      const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(placeholders(lookup(hi, key)), key).toEqual(placeholders(lookup(en, key)));
    }
  });

  it('the counter screen is fully in Hindi (no English text left)', () => {
    for (const key of keys(hi.counter)) {
      const text = lookup(hi.counter, key).replace(/{{\w+}}|Enter|F2|Esc/g, '');
      expect(text, key).toMatch(/[\u0900-\u097F]/);
      expect(text, key).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
