/**
 * Split tender at the counter (pure): one amount per method, what is still to pay and the change
 * due, checked as the server checks them (only cash gives change; UPI, card and credit together
 * may not exceed the bill; everything together must cover it). Amounts are integer paise.
 */
import type { PaymentInput } from '../api/billing.api';

export interface Tender {
  /** Cash handed over (change comes back from it). */
  cashPaise: number;
  upiPaise: number;
  upiReference: string;
  cardPaise: number;
  cardLast4: string;
  cardReference: string;
  /** On the customer's account. */
  creditPaise: number;
}

export const emptyTender: Tender = {
  cashPaise: 0,
  upiPaise: 0,
  upiReference: '',
  cardPaise: 0,
  cardLast4: '',
  cardReference: '',
  creditPaise: 0,
};

export type TenderProblem =
  'non-cash-exceeds' | 'short' | 'upi-reference' | 'card-last4' | 'card-reference' | 'credit-limit';

export interface TenderSummary {
  /** Everything handed over or charged. */
  paidPaise: number;
  /** Still to pay (0 once covered). */
  remainingPaise: number;
  changePaise: number;
  /** The first thing to fix before the bill can be issued, or null. */
  problem: TenderProblem | null;
}

const REFERENCE = /^[A-Za-z0-9/-]{4,40}$/;

/** The state of a tender against a bill; `creditAvailablePaise` is null without a customer. */
export function summarize(totalPaise: number, t: Tender, creditAvailablePaise: number | null): TenderSummary {
  const nonCash = t.upiPaise + t.cardPaise + t.creditPaise;
  const paidPaise = nonCash + t.cashPaise;
  const remainingPaise = Math.max(totalPaise - paidPaise, 0);
  const changePaise = t.cashPaise > 0 ? Math.max(paidPaise - totalPaise, 0) : 0;
  let problem: TenderProblem | null = null;
  if (nonCash > totalPaise) problem = 'non-cash-exceeds';
  else if (t.creditPaise > 0 && (creditAvailablePaise === null || t.creditPaise > creditAvailablePaise))
    problem = 'credit-limit';
  else if (t.upiPaise > 0 && !REFERENCE.test(t.upiReference.trim())) problem = 'upi-reference';
  else if (t.cardPaise > 0 && !/^\d{4}$/.test(t.cardLast4)) problem = 'card-last4';
  else if (t.cardPaise > 0 && !REFERENCE.test(t.cardReference.trim())) problem = 'card-reference';
  else if (paidPaise < totalPaise) problem = 'short';
  return { paidPaise, remainingPaise, changePaise, problem };
}

/** The tender as the API's payments, in a fixed order. */
export function paymentsOf(t: Tender): PaymentInput[] {
  const payments: PaymentInput[] = [];
  if (t.upiPaise > 0)
    payments.push({ method: 'upi', amountPaise: t.upiPaise, reference: t.upiReference.trim() });
  if (t.cardPaise > 0)
    payments.push({
      method: 'card',
      amountPaise: t.cardPaise,
      last4: t.cardLast4,
      reference: t.cardReference.trim(),
    });
  if (t.creditPaise > 0) payments.push({ method: 'credit', amountPaise: t.creditPaise });
  if (t.cashPaise > 0) payments.push({ method: 'cash', amountPaise: t.cashPaise });
  return payments;
}

/** What is left to pay by one method once the others are counted (for "the rest" buttons). */
export function restFor(
  totalPaise: number,
  t: Tender,
  method: 'cashPaise' | 'upiPaise' | 'cardPaise' | 'creditPaise',
) {
  const others = t.cashPaise + t.upiPaise + t.cardPaise + t.creditPaise - t[method];
  return Math.max(totalPaise - others, 0);
}
