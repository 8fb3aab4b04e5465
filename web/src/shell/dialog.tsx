/**
 * A modal dialog on the native <dialog> element: the browser traps focus inside it, Escape
 * closes it, and the page behind becomes inert. Focus returns to where it was when it closes.
 * Opening focuses the element marked `data-autofocus` (React's `autoFocus` runs while the dialog
 * is still closed and hidden, so the browser would otherwise pick the first focusable element).
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  children: ReactNode;
  /** Called on Escape; omit for a dialog that must be answered. */
  onClose?: () => void;
  /** A wider dialog for tables and forms with several columns. */
  wide?: boolean;
}

export function Dialog({ title, children, onClose, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      dialog.close();
      returnTo?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose?.();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
