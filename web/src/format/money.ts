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

const percentPattern = /^(\d{1,3})(?:\.(\d{0,2}))?%$/;

/**
 * Parses a discount typed as rupees (`150`) or as a percentage of `basePaise` (`25%`, `12.5 %`),
 * into paise rounded to the nearest paisa; null when it is neither, or more than 100 % or than
 * the base itself.
 */
export function parseDiscount(input: string, basePaise: number): number | null {
  const cleaned = input.replace(/[₹,\s]/g, '');
  const percent = percentPattern.exec(cleaned);
  if (percent === null) {
    const paise = parseRupees(cleaned);
    return paise === null || paise > basePaise ? null : paise;
  }
  // Hundredths of a percent, so 12.5 % is 1250 and the product stays an exact integer.
  const hundredths = Number(percent[1] ?? '0') * 100 + Number((percent[2] ?? '').padEnd(2, '0'));
  if (hundredths > 10_000) return null;
  return Number((BigInt(basePaise) * BigInt(hundredths) + 5_000n) / 10_000n);
}
