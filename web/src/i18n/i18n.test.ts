import { describe, expect, it } from 'vitest';
import { en } from './en';
import { hi } from './hi';
import { placeholdersOf, translationAt as lookup, translationKeys as keys } from './translation-tree';

describe('translations', () => {
  it('Hindi has every English key, with the same placeholders', () => {
    expect(keys(hi).sort()).toEqual(keys(en).sort());
    for (const key of keys(en)) {
      expect(placeholdersOf(lookup(hi, key)), key).toEqual(placeholdersOf(lookup(en, key)));
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
