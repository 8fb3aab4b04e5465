/**
 * Spreads an amount over weights to the paisa: proportional shares rounded down, the paise left
 * over going one each to the largest remainders (ties: the earlier position). Reproducible, and
 * no share exceeds its weight while the amount does not exceed their sum.
 */
export function spread(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (amount <= 0 || total <= 0) return weights.map(() => 0);
  if (amount * total <= Number.MAX_SAFE_INTEGER) return spreadSmall(amount, weights, total);
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

/** The same with plain numbers, exact while amount x total stays below 2^53. */
function spreadSmall(amount: number, weights: readonly number[], total: number): number[] {
  const shares = new Array<number>(weights.length);
  const rests = new Array<number>(weights.length);
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const scaled = amount * (weights[i] ?? 0);
    const share = Math.floor(scaled / total);
    shares[i] = share;
    rests[i] = scaled - share * total;
    given += share;
  }
  if (given < amount) {
    const n = weights.length;
    if (total * n <= Number.MAX_SAFE_INTEGER) {
      // Largest remainder first, ties the earlier position: one number per position, sorted natively.
      const order = new Float64Array(n);
      for (let i = 0; i < n; i++) order[i] = (rests[i] ?? 0) * n + (n - 1 - i);
      order.sort();
      for (let k = n - 1; given < amount && k >= 0; k--, given++) {
        const i = n - 1 - ((order[k] ?? 0) % n);
        shares[i] = (shares[i] ?? 0) + 1;
      }
    } else {
      const order = weights.map((_, i) => i).sort((a, b) => (rests[b] ?? 0) - (rests[a] ?? 0) || a - b);
      for (let k = 0; given < amount && k < order.length; k++, given++) {
        const i = order[k] ?? 0;
        shares[i] = (shares[i] ?? 0) + 1;
      }
    }
  }
  return shares;
}

/** amount x bp / 10000, rounded half up (non-negative inputs). */
export function percentOfPaise(amount: number, bp: number): number {
  const scaled = amount * bp;
  if (scaled <= Number.MAX_SAFE_INTEGER) return Math.floor((scaled * 2 + 10_000) / 20_000);
  return Number((BigInt(amount) * BigInt(bp) * 2n + 10_000n) / 20_000n);
}
