/** The credit note a return would make, priced by the server as the quantities are chosen. */
import { useEffect, useState } from 'react';
import { billingApi, type CreditNoteQuote, type ReturnRequestLine } from '../api/billing.api';

export function useReturnQuote(invoiceId: string | null, lines: readonly ReturnRequestLine[]) {
  const [state, setState] = useState<{ quote: CreditNoteQuote | null; error: unknown; for: string }>({
    quote: null,
    error: null,
    for: '',
  });
  const body = invoiceId === null || lines.length === 0 ? null : JSON.stringify({ invoiceId, lines });
  useEffect(() => {
    if (body === null) return;
    let live = true;
    const request = JSON.parse(body) as { invoiceId: string; lines: ReturnRequestLine[] };
    const timer = setTimeout(() => {
      billingApi.quoteReturn(request.invoiceId, request.lines).then(
        (quote) => live && setState({ quote, error: null, for: body }),
        (error: unknown) => live && setState({ quote: null, error, for: body }),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [body]);
  const current = body !== null && state.for === body;
  return {
    quote: current ? state.quote : null,
    error: current ? state.error : null,
    pending: body !== null && !current,
  };
}
