/**
 * The server's price of the cart as it stands: GST per line, round-off, the exact total, and
 * whether a discount needs a manager. Asked again shortly after every change (the previous
 * question is cancelled), so the totals on screen are always what checkout will bill; while a
 * newer answer is on its way the last one stays on screen, marked pending.
 */
import { useEffect, useState } from 'react';
import { billingApi, type InvoiceQuote, type SaleRequest } from '../api/billing.api';
import type { Cart } from './cart';

export interface QuoteState {
  quote: InvoiceQuote | null;
  error: unknown;
  /** A newer answer is on its way (the one shown may be stale). */
  pending: boolean;
}

const DELAY_MS = 120;

/**
 * The request a cart makes (without payments), or null when there is nothing to price. An
 * exchange sells to the original invoice's customer (`customerId`).
 */
export function saleOf(cart: Cart, customerId?: string | null): SaleRequest | null {
  if (cart.storeId === null || cart.lines.length === 0) return null;
  return {
    storeId: cart.storeId,
    customerId: customerId === undefined ? (cart.customer?.id ?? null) : customerId,
    lines: cart.lines.map((l) => ({
      variantId: l.itemId,
      quantity: l.quantity,
      ...(l.discountPaise > 0 ? { discountPaise: l.discountPaise } : {}),
      ...(l.batchId === undefined ? {} : { batchId: l.batchId }),
    })),
    ...(cart.approval === null ? {} : { approvalId: cart.approval.approvalId }),
    ...offersOf(cart),
    ...supplyOf(cart),
  };
}

/** An export's or SEZ supply's kind and details (a regular sale sends neither). */
function supplyOf(cart: Cart): Pick<SaleRequest, 'supplyType' | 'export'> {
  const { type, export: e } = cart.supply;
  if (type === 'regular') return {};
  if (type === 'sez-with-payment' || type === 'sez-without-payment') return { supplyType: type };
  const given = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const optional = {
    portCode: given(e.portCode),
    shippingBillNumber: given(e.shippingBillNumber),
    shippingBillDate: given(e.shippingBillDate),
    currency: given(e.currency),
  };
  return {
    supplyType: type,
    export: {
      countryCode: e.countryCode.trim(),
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    },
  };
}

/** The sale's offer choices, only those made (an empty request stays as it was). */
function offersOf(cart: Cart): Pick<SaleRequest, 'offers'> {
  const { couponCodes, skip, force } = cart.offers;
  if (couponCodes.length + skip.length + force.length === 0) return {};
  return {
    offers: {
      ...(couponCodes.length > 0 ? { couponCodes: [...couponCodes] } : {}),
      ...(skip.length > 0 ? { skip: [...skip] } : {}),
      ...(force.length > 0 ? { force: [...force] } : {}),
    },
  };
}

export function useQuote(cart: Cart, customerId?: string | null): QuoteState {
  const [answer, setAnswer] = useState<{ for: string; quote: InvoiceQuote | null; error: unknown }>({
    for: '',
    quote: null,
    error: null,
  });
  const sale = saleOf(cart, customerId);
  const body = sale === null ? null : JSON.stringify(sale);
  useEffect(() => {
    if (body === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      billingApi.quote(JSON.parse(body) as SaleRequest, controller.signal).then(
        (quote) => setAnswer({ for: body, quote, error: null }),
        (error: unknown) => {
          if (!controller.signal.aborted) setAnswer({ for: body, quote: null, error });
        },
      );
    }, DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body]);
  if (body === null) return { quote: null, error: null, pending: false };
  const current = answer.for === body;
  return { quote: answer.quote, error: current ? answer.error : null, pending: !current };
}
