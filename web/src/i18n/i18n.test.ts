import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { counterHi } from './areas/counter.hi';
import { en } from './en';
import { hi } from './hi';
import { placeholdersOf, translationAt as lookup, translationKeys as keys } from './translation-tree';

/** Every key the app's source asks for: `t('a.b')` literally, or the fixed start of `t(`a.${x}`)`. */
function keysInSource(): { literal: string[]; prefixes: string[] } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !path.includes('/i18n/'))
        files.push(path);
    }
  };
  walk(root);
  const literal: string[] = [];
  const prefixes: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([\w.-]+)'/g)) literal.push(m[1] ?? '');
    for (const m of text.matchAll(/labelKey: '([\w.]+)'/g)) literal.push(m[1] ?? '');
    for (const m of text.matchAll(/\bt\(\s*`([\w.-]*)\$\{/g)) prefixes.push(m[1] ?? '');
  }
  return { literal, prefixes };
}

describe('translations', () => {
  it('Hindi has every English key, with the same placeholders', () => {
    expect(keys(hi).sort()).toEqual(keys(en).sort());
    for (const key of keys(en)) {
      expect(placeholdersOf(lookup(hi, key)), key).toEqual(placeholdersOf(lookup(en, key)));
    }
  });

  it('every key the app uses exists (plural keys by their _one/_other forms, groups by their leaves)', () => {
    const known = keys(en);
    const { literal, prefixes } = keysInSource();
    expect(literal.length).toBeGreaterThan(300);
    for (const key of literal)
      expect(
        // A key asked for with returnObjects names a group: its leaves start `${key}.`.
        known.some((k) => k === key || k.startsWith(`${key}_`) || k.startsWith(`${key}.`)),
        key,
      ).toBe(true);
    for (const prefix of prefixes)
      expect(
        known.some((k) => k.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });

  it('the counter screens are fully in Hindi (no English words left)', () => {
    for (const key of keys(counterHi)) {
      // Key names, placeholders and example numbers stay as they are.
      const text = lookup(counterHi, key).replace(/{{\w+}}|Enter|F\d|Esc/g, '');
      expect(text, key).toMatch(/[\u0900-\u097F]/);
      expect(text, key).not.toMatch(/[A-Za-z]{2,}/);
    }
  });
});
