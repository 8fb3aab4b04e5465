/**
 * What an error says to a person: a sentence in their language that names the field as the form
 * labels it. The server keeps its machine codes and dotted field paths (`body.payments.0.reference`);
 * here they become "Payment 1: Reference: this is not filled in correctly ...". A screen can pass
 * its own labels (`fields`), matched by the full path or with list numbers as `*`; otherwise the
 * shared labels of `fields.names` are used, by the path's last name. A refusal the server gives a
 * reason (`details.reason`) reads as that reason's own sentence, filled from the details (a batch's
 * number and what is left); a field whose format the server checks (`fieldHints`) says what to type.
 * The server's own words are kept only on English screens, when they read as a sentence (no
 * internal names), and only after the translation: a Hindi screen reads in Hindi alone.
 */
import { ApiError } from '../api/api-error';

/** Labels a screen gives its inputs, keyed by the server's field path (`payments.*.reference`). */
export type FieldLabels = Readonly<Record<string, string>>;

export interface Translator {
  t: (key: string, options?: Record<string, unknown>) => string;
  exists: (key: string) => boolean;
  /** The screen's language (`en`, `hi`); the server's English words are shown only in English. */
  language?: string;
}

/** Where a request's value came from: not part of the name a person knows. */
const CONTAINERS = new Set(['body', 'querystring', 'params', 'headers']);

/** The field path without `body.` and the like: `payments.0.reference`. */
export function fieldPath(field: string): string[] {
  const parts = field.split('.').filter((p) => p !== '');
  return CONTAINERS.has(parts[0] ?? '') ? parts.slice(1) : parts;
}

/** The label of a server field path, or null when neither the screen nor the shared labels know it. */
export function fieldLabel(field: string, tr: Translator, labels: FieldLabels = {}): string | null {
  const parts = fieldPath(field);
  const exact = parts.join('.');
  const pattern = parts.map((p) => (/^\d+$/.test(p) ? '*' : p)).join('.');
  const own = labels[field] ?? labels[exact] ?? labels[pattern];
  if (own !== undefined) return own;
  const named = [...parts].reverse().find((p) => !/^\d+$/.test(p));
  if (named === undefined || !tr.exists(`fields.names.${named}`)) return null;
  const label = tr.t(`fields.names.${named}`);
  // The entry of a list it belongs to: "Payment 1: Reference".
  let index = -1;
  parts.forEach((p, i) => {
    if (/^\d+$/.test(p)) index = i;
  });
  const list = index > 0 ? parts[index - 1] : undefined;
  if (list === undefined || list === named || !tr.exists(`fields.lists.${list}`)) return label;
  return `${tr.t(`fields.lists.${list}`, { n: Number(parts[index]) + 1 })}: ${label}`;
}

/**
 * True when the server's message reads as a plain sentence: no field path, snake_case or
 * camelCase names, and no "field: problem" prefix.
 */
export function readsAsSentence(message: string): boolean {
  return !/[a-z0-9]\.[a-z]|_|[a-z][A-Z]|^[\w.]+:/.test(message);
}

/**
 * The sentence to show for an error, and the server's own words (English) as a detail when they
 * read as a sentence and add something.
 */
export function errorText(
  error: unknown,
  tr: Translator,
  labels: FieldLabels = {},
): { sentence: string; detail: string | null } {
  if (!(error instanceof ApiError))
    return { sentence: error instanceof Error ? error.message : String(error), detail: null };
  const label = error.field === undefined ? null : fieldLabel(error.field, tr, labels);
  const reason = error.details?.reason;
  if (typeof reason === 'string' && tr.exists(`reasons.${reason}`))
    return { sentence: tr.t(`reasons.${reason}`, { ...error.details, field: label ?? '' }), detail: null };
  if (error.field !== undefined) {
    const parts = fieldPath(error.field);
    const name = [...parts].reverse().find((p) => !/^\d+$/.test(p));
    if (error.code === 'unauthenticated' && parts[parts.length - 1] === 'code')
      return { sentence: tr.t('fieldErrors.wrongCode'), detail: null };
    if (label !== null) {
      if (error.code === 'validation_failed' && name !== undefined && tr.exists(`fieldHints.${name}`))
        return { sentence: `${label}: ${tr.t(`fieldHints.${name}`)}`, detail: null };
      const key = tr.exists(`fieldErrors.${error.code}`) ? `fieldErrors.${error.code}` : 'fieldErrors.other';
      return { sentence: tr.t(key, { field: label }), detail: null };
    }
  }
  const general = tr.exists(`errors.${error.code}`) ? tr.t(`errors.${error.code}`) : null;
  const english = tr.language === undefined || tr.language.startsWith('en');
  const detail =
    english && error.field === undefined && readsAsSentence(error.message) ? error.message : null;
  if (general === null) return { sentence: detail ?? tr.t('errors.internal'), detail: null };
  return { sentence: general, detail };
}
