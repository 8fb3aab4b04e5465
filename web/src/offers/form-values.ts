/**
 * What the offer forms read from their fields: whole numbers, percentages (to basis points) and
 * rupees (to paise). A field that does not hold one is refused on screen, naming the field as
 * labelled, before anything is sent.
 */
import type { TFunction } from 'i18next';
import { parseRupees } from '../format/money';

export function wholeNumber(t: TFunction, text: string, field: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 0) throw new Error(t('offers.badNumber', { field }));
  return n;
}

/** `30` or `12.5` percent -> basis points (3000, 1250). */
export function percentBp(t: TFunction, text: string, field: string): number {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (m === null) throw new Error(t('offers.badNumber', { field }));
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function rupees(t: TFunction, text: string, field: string): number {
  const paise = parseRupees(text);
  if (paise === null) throw new Error(t('offers.badAmount', { field }));
  return paise;
}

/** An optional whole number: null when the field is empty. */
export function optionalNumber(t: TFunction, text: string, field: string): number | null {
  return text.trim() === '' ? null : wholeNumber(t, text, field);
}

/** Paise as typed rupees (`1,500.00` -> `1500`), for a form that edits an amount. */
export function rupeesText(paise: number): string {
  return paise % 100 === 0 ? String(paise / 100) : (paise / 100).toFixed(2);
}

/** Basis points as typed percent (`3000` -> `30`). */
export function percentText(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2);
}
