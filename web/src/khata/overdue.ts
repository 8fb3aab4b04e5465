/**
 * What part of a customer's khata balance is overdue: payments and credits settle the oldest
 * credit sales first, and what is left of a sale older than the allowed days is overdue.
 */
export interface KhataEntry {
  kind: string;
  /** Positive adds to what the customer owes (a credit sale), negative reduces it. */
  amountPaise: number;
  createdAt: string;
}

export function overduePaise(entries: readonly KhataEntry[], now: Date, days = 30): number {
  const oldestFirst = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let credits = oldestFirst.filter((e) => e.amountPaise < 0).reduce((s, e) => s - e.amountPaise, 0);
  const cutoff = now.getTime() - days * 86_400_000;
  let overdue = 0;
  for (const sale of oldestFirst.filter((e) => e.amountPaise > 0)) {
    const settled = Math.min(credits, sale.amountPaise);
    credits -= settled;
    if (Date.parse(sale.createdAt) < cutoff) overdue += sale.amountPaise - settled;
  }
  return overdue;
}
