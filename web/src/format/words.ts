/**
 * Machine facts in a person's words: audit actions, object and actor kinds, detail keys and
 * values (audit entries, alert facts, incident timeline details, security-audit evidence).
 * Known codes come from the `words` strings of the current language; an unknown code falls back
 * to its parts as plain words ("billing_dispute" -> "billing dispute"), never the code itself.
 * Ids are replaced by the name they stand for when the caller knows it, and left out otherwise;
 * instants are shown in IST.
 */
import type { TFunction } from 'i18next';
import { formatDateTime } from './dates';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** A whole value that is a code: snake_case, dotted or camelCase. */
const CODE = /^(?:[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[a-z]+[A-Z][a-zA-Z0-9]*)$/;

/** Names the screen knows for ids (people, stores...), by id. */
export type Names = Readonly<Record<string, string>>;

/** A code's parts as lower-case words: `billing_dispute`, `failedCount`, `auth.mfa` -> words. */
export function plainWords(code: string): string {
  return code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .toLowerCase()
    .trim();
}

const keyOf = (code: string) => code.replace(/\./g, '_');
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What an audit action did, in words ("customer.pii.reveal" -> "Revealed a customer's detail"). */
export function actionWords(t: TFunction, action: string): string {
  return t(`words.actions.${actionKey(action)}`, { defaultValue: capital(plainWords(action)) });
}

/** An action's key among the `words.actions` strings. */
const actionKey = (code: string) => code.replace(/\./g, '__');

/** The actions the current language has words for, by their code. */
export function knownActions(t: TFunction): Readonly<Record<string, string>> {
  const known: unknown = t('words.actions', { returnObjects: true });
  if (typeof known !== 'object' || known === null) return {};
  return Object.fromEntries(
    Object.entries(known as Record<string, string>).map(([key, words]) => [key.replace(/__/g, '.'), words]),
  );
}

/** A kind of object or actor ("customer", "api_token") in words. */
export function kindWords(t: TFunction, kind: string): string {
  return t(`words.kinds.${keyOf(kind)}`, { defaultValue: capital(plainWords(kind)) });
}

/** A detail's name in words ("windowMinutes" -> "Window (minutes)"). */
export function keyWords(t: TFunction, key: string): string {
  return t(`words.keys.${keyOf(key)}`, { defaultValue: capital(plainWords(key)) });
}

/** One value in words; `null` when it is an id the screen has no name for (left out). */
export function valueWords(t: TFunction, value: unknown, names: Names = {}): string | null {
  if (value === null || value === undefined) return t('words.none');
  if (typeof value === 'boolean') return value ? t('words.yes') : t('words.no');
  if (typeof value === 'number') return value.toLocaleString('en-IN');
  if (Array.isArray(value)) {
    const parts = value.map((v) => valueWords(t, v, names)).filter((v): v is string => v !== null);
    return parts.length === 0 ? null : parts.join(', ');
  }
  if (typeof value === 'object') {
    const parts = detailsWords(t, value as Record<string, unknown>, names);
    return parts.length === 0 ? null : `(${parts.join('; ')})`;
  }
  if (typeof value !== 'string') return null;
  const text = value;
  if (UUID.test(text)) return names[text] ?? null;
  if (INSTANT.test(text)) return formatDateTime(text);
  if (CODE.test(text)) return t(`words.values.${keyOf(text)}`, { defaultValue: plainWords(text) });
  return text;
}

/** Each detail as "Name: value", ids without a known name and empty values left out. */
export function detailsWords(t: TFunction, details: Record<string, unknown>, names: Names = {}): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    const shown =
      key === 'action' && typeof value === 'string' ? actionWords(t, value) : valueWords(t, value, names);
    if (shown === null || shown === '') continue;
    out.push(`${keyWords(t, key)}: ${shown}`);
  }
  return out;
}
