/**
 * Rupee amounts from integer paise, with Indian digit grouping (1,00,000.00), and parsing of typed
 * amounts back to paise. Integer arithmetic only: an amount never passes through a float.
 */

const groupRupees = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0, useGrouping: true });

/** `10000000` -> `₹1,00,000.00`; negative amounts get a leading minus (`-₹5.50`). */
export function formatRupees(paise: number, options: { symbol?: boolean } = {}): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError('amounts are whole paise');
  const negative = paise < 0;
  const abs = Math.abs(paise);
  const fraction = abs % 100;
  const rupees = (abs - fraction) / 100;
  const text = `${groupRupees.format(rupees)}.${String(fraction).padStart(2, '0')}`;
  return `${negative ? '-' : ''}${options.symbol === false ? '' : '₹'}${text}`;
}

const amountPattern = /^(\d{1,13})(?:\.(\d{0,2}))?$/;

/**
 * Parses what a person typed (`1,00,000`, `250.5`, `₹ 99.99`) into paise; null when it is not an
 * amount with at most two decimals.
 */
export function parseRupees(input: string): number | null {
  const cleaned = input.replace(/[₹,\s]/g, '');
  const match = amountPattern.exec(cleaned);
  if (match === null) return null;
  const rupees = match[1] ?? '0';
  const paise = (match[2] ?? '').padEnd(2, '0');
  return Number(rupees) * 100 + Number(paise);
}
