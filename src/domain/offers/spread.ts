/**
 * Spreads an amount over weights to the paisa: proportional shares rounded down, the paise left
 * over going one each to the largest remainders (ties: the earlier position). Reproducible, and
 * no share exceeds its weight while the amount does not exceed their sum.
 */
export function spread(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (amount <= 0 || total <= 0) return weights.map(() => 0);
  const big = BigInt(amount);
  const sum = BigInt(total);
  const shares: number[] = [];
  const remainders: { index: number; rest: bigint }[] = [];
  let given = 0;
  weights.forEach((w, index) => {
    const scaled = big * BigInt(w);
    const share = Number(scaled / sum);
    shares.push(share);
    given += share;
    remainders.push({ index, rest: scaled % sum });
  });
  remainders.sort((a, b) => (a.rest > b.rest ? -1 : a.rest < b.rest ? 1 : a.index - b.index));
  for (let k = 0; given < amount && k < remainders.length; k++) {
    const r = remainders[k];
    if (r === undefined) break;
    shares[r.index] = (shares[r.index] ?? 0) + 1;
    given++;
  }
  return shares;
}

/** amount x bp / 10000, rounded half up (non-negative inputs). */
export function percentOfPaise(amount: number, bp: number): number {
  return Number((BigInt(amount) * BigInt(bp) * 2n + 10_000n) / 20_000n);
}
