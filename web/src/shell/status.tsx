/**
 * Messages that screen readers announce: errors (assertive) and confirmations (polite). An error
 * is a sentence in the person's language naming the field as the form labels it (error-text.ts);
 * the server's own words follow only when they read as a sentence, marked as English.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { errorText, type FieldLabels } from './error-text';

export function ErrorMessage({ error, fields }: { error: unknown; fields?: FieldLabels }) {
  const { t, i18n } = useTranslation();
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.code === 'cancelled') return null;
  // A refusal with a known reason (details.reason) has its own words in every language (errorText).
  const { sentence, detail } = errorText(
    error,
    { t, exists: (key) => i18n.exists(key), language: i18n.language },
    fields,
  );
  return (
    <p className="message message-error" role="alert">
      {sentence}
      {detail === null ? null : (
        <>
          {' '}
          <span lang="en">({detail})</span>
        </>
      )}
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
