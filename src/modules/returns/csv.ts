/**
 * CSV cells (RFC 4180) that are safe to open in a spreadsheet: text starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return is prefixed with `'` so it is never run as a formula
 * (CSV injection). Amounts we format ourselves are passed as numbers and written as plain
 * decimals, so a credit note's `-1050.00` stays a number.
 */

import { formatRupees, type Paise } from '../../domain/money/money.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell, neutralised and quoted when needed. */
export function textCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** An amount cell, written as plain rupees with two decimals (`-1050.00`). */
export interface AmountCell {
  readonly paise: Paise;
}

/** A row of cells: strings are text cells, numbers and amounts are written as plain decimals. */
export function csvRow(cells: readonly (string | number | AmountCell | null | undefined)[]): string {
  const format = (cell: string | number | AmountCell | null | undefined) =>
    typeof cell === 'number'
      ? String(cell)
      : typeof cell === 'object' && cell !== null
        ? formatRupees(cell.paise, { grouped: false })
        : textCell(cell);
  return `${cells.map(format).join(',')}\r\n`;
}
