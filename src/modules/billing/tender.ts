/**
 * Settles a bill's payments (pure): split tender across cash, UPI, card and credit; only cash
 * gives change; the payments must cover the total exactly once change is taken out.
 */
import { invalid } from '../../domain/app-error.js';
import { formatRupees } from '../../domain/money/index.js';
import type { PaymentInput } from './checkout.schemas.js';

/** A payment as recorded: the amount applied to the bill, and for cash what was handed over. */
export interface SettledPayment {
  readonly seq: number;
  readonly method: PaymentInput['method'];
  readonly amountPaise: number;
  readonly tenderedPaise: number | null;
  readonly changePaise: number;
  readonly reference: string | null;
  readonly cardLast4: string | null;
}

/** Checks the payments against the total and works out the change. */
export function settleTender(
  totalPaise: number,
  payments: readonly PaymentInput[],
  options: { hasCustomer: boolean },
): { payments: SettledPayment[]; changePaise: number; creditPaise: number } {
  const cashIndexes = payments.flatMap((p, i) => (p.method === 'cash' ? [i] : []));
  if (cashIndexes.length > 1) throw invalid(`payments.${cashIndexes[1]}`, 'take cash as one payment');
  payments.forEach((p, i) => {
    if (p.method === 'credit' && !options.hasCustomer)
      throw invalid(`payments.${i}.method`, 'a sale on credit needs a named customer');
  });
  const nonCash = payments.filter((p) => p.method !== 'cash').reduce((s, p) => s + p.amountPaise, 0);
  const cash = payments.filter((p) => p.method === 'cash').reduce((s, p) => s + p.amountPaise, 0);
  if (nonCash > totalPaise)
    throw invalid('payments', 'UPI, card and credit payments exceed the bill: only cash gives change');
  if (nonCash + cash < totalPaise)
    throw invalid(
      'payments',
      `the payments fall short of the total by Rs ${formatRupees(totalPaise - nonCash - cash)}`,
    );
  const change = nonCash + cash - totalPaise;
  const settled = payments.map((p, i): SettledPayment => ({
    seq: i + 1,
    method: p.method,
    amountPaise: p.method === 'cash' ? p.amountPaise - change : p.amountPaise,
    tenderedPaise: p.method === 'cash' ? p.amountPaise : null,
    changePaise: p.method === 'cash' ? change : 0,
    reference: p.method === 'upi' || p.method === 'card' ? p.reference : null,
    cardLast4: p.method === 'card' ? p.last4 : null,
  }));
  const credit = payments.filter((p) => p.method === 'credit').reduce((s, p) => s + p.amountPaise, 0);
  return { payments: settled, changePaise: change, creditPaise: credit };
}
