/**
 * The counter's function keys, anywhere on the counter screen (a dialog, being modal, keeps them
 * from the page behind it). The browser's own use of the key is prevented.
 */
import { useEffect, useRef } from 'react';

export type CounterKeys = Partial<Record<'F2' | 'F3' | 'F4' | 'F8', () => void>>;

export function useCounterKeys(keys: CounterKeys): void {
  const current = useRef(keys);
  useEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]') !== null) return;
      const action = current.current[event.key as keyof CounterKeys];
      if (action === undefined) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
