/**
 * The one CSV cell escaper (RFC 4180) for every export: text starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return is prefixed with `'` so a spreadsheet never runs it as a formula (CSV
 * injection), and a cell holding a quote, comma or line break is quoted.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell, neutralised and quoted when needed; null and undefined are empty. */
export function textCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
