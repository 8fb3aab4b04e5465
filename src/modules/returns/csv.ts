/**
 * CSV rows for the returns, safe to open in a spreadsheet: text goes through the one escaper
 * (`domain/csv-cell.ts`, CSV injection). Amounts we format ourselves are passed as numbers and
 * written as plain decimals, so a credit note's `-1050.00` stays a number.
 */

import { textCell } from '../../domain/csv-cell.js';
import { formatRupees, type Paise } from '../../domain/money/money.js';

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
