/**
 * Messages that screen readers announce: errors (assertive) and confirmations (polite). An error
 * shows the server's own words in English; in another language it leads with the translated
 * meaning of its code, and keeps the server's detail (marked as English) after it.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../api/api-error';

export function ErrorMessage({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.code === 'cancelled') return null;
  const detail = describeError(error);
  // A refusal with a known reason (details.reason) has its own words in every language.
  const reason = error instanceof ApiError ? error.details?.reason : undefined;
  if (typeof reason === 'string' && i18n.exists(`reasons.${reason}`))
    return (
      <p className="message message-error" role="alert">
        {t(`reasons.${reason}`)}
      </p>
    );
  const key = error instanceof ApiError ? `errors.${error.code}` : null;
  const translated = key !== null && i18n.language !== 'en' && i18n.exists(key) ? t(key) : null;
  return (
    <p className="message message-error" role="alert">
      {translated === null ? (
        detail
      ) : (
        <>
          {translated} <span lang="en">({detail})</span>
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
