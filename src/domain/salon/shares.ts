/**
 * Splitting an amount among the staff who performed a service, by shares in basis points
 * (10,000 = the whole). Paise are never lost or invented: the largest remainders get the odd
 * paise, ties going to the earlier staff member.
 */

export const WHOLE_BP = 10_000;

/** Equal shares in basis points for `count` people (the first ones take the odd points). */
export function equalShares(count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('at least one person shares');
  const base = Math.floor(WHOLE_BP / count);
  const extra = WHOLE_BP - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Whether shares are whole basis points, each above zero, summing to the whole. */
export function validShares(shares: readonly number[]): boolean {
  return (
    shares.length > 0 &&
    shares.every((s) => Number.isInteger(s) && s > 0) &&
    shares.reduce((a, b) => a + b, 0) === WHOLE_BP
  );
}

/** `amountPaise` split by `shares` (which must be valid); the parts sum to the amount exactly. */
export function splitByShares(amountPaise: number, shares: readonly number[]): number[] {
  if (!validShares(shares)) throw new RangeError('shares must be positive and sum to 10,000');
  const exact = shares.map((s) => (amountPaise * s) / WHOLE_BP);
  const parts = exact.map((e) => Math.floor(e));
  let left = amountPaise - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
