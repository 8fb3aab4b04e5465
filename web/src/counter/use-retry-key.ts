/**
 * An idempotency key for a document that is not held in the cart (a credit note, an exchange):
 * made on the first send and kept for every retry of the same request, so a repeated click or a
 * lost answer issues it once; anything different to send gets a new key.
 */
import { useState } from 'react';

export function useRetryKey(request: unknown): () => string {
  const body = JSON.stringify(request);
  const [state, setState] = useState<{ body: string; key: string | null }>({ body, key: null });
  if (state.body !== body) setState({ body, key: null });
  const key = state.body === body ? state.key : null;
  return () => {
    if (key !== null) return key;
    const made = crypto.randomUUID();
    setState({ body, key: made });
    return made;
  };
}
