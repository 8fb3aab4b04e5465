/**
 * A form's own message for the field the server refused: the server names the field as its API
 * does (`body.pin`, `variants.2.barcode`); the form shows, under that field, a sentence in the
 * person's language naming the field as the form labels it (shell/error-text.ts), and links the
 * input to it for screen readers.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { errorText, type FieldLabels } from '../shell/error-text';

/** The server's refusal when `error` concerns `field` (`pin` matches `body.pin` and `pin.x`). */
export function messageFor(error: unknown, field: string): ApiError | null {
  if (!(error instanceof ApiError) || error.field === undefined) return null;
  const name = error.field.replace(/^body\./, '');
  if (name !== field && !name.startsWith(`${field}.`)) return null;
  return error;
}

/** True when the error names one of the form's fields (so the general message is not repeated). */
export function namesAField(error: unknown, fields: readonly string[]): boolean {
  return fields.some((f) => messageFor(error, f) !== null);
}

export function FieldError({
  id,
  label,
  message,
  labels,
}: {
  id: string;
  label: string;
  message: ApiError | null;
  /** Labels by the server's field path, for a field with parts (a grid row's barcode, price). */
  labels?: FieldLabels;
}) {
  const { t, i18n } = useTranslation();
  if (message === null || message.field === undefined) return null;
  const { sentence } = errorText(
    message,
    { t, exists: (key) => i18n.exists(key), language: i18n.language },
    labels ?? { [message.field]: label },
  );
  return (
    <p id={id} className="message message-error field-error" role="alert">
      {sentence}
    </p>
  );
}
