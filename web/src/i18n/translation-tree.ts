/** Walking a nested translation table by dotted keys (for the translation tests). */

/** Every dotted key of the table's strings. */
export function translationKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    translationKeys(v, prefix === '' ? k : `${prefix}.${k}`),
  );
}

/** The string at a dotted key. */
export function translationAt(tree: unknown, path: string): string {
  return path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], tree) as string;
}

/** The `{{placeholder}}` names of a string, sorted. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1] ?? '').sort();
}
