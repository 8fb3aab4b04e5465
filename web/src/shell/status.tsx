/** Messages that screen readers announce: errors (assertive) and confirmations (polite). */
import type { ReactNode } from 'react';
import { ApiError, describeError } from '../api/api-error';

export function ErrorMessage({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.code === 'cancelled') return null;
  return (
    <p className="message message-error" role="alert">
      {describeError(error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <p className="message message-ok" role="status">
      {children}
    </p>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status" aria-live="polite">
      …
    </p>
  );
}
