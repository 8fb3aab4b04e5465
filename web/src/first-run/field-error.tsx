/**
 * A form's own message for the field the server refused: the server names the field as its API
 * does (`body.pin`); the form shows the message under that field, labelled as the form labels it,
 * and links the input to it for screen readers.
 */
import { ApiError } from '../api/api-error';

/** The server's message when `error` concerns `field` (`pin` matches `body.pin`). */
export function messageFor(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError) || error.field === undefined) return null;
  const name = error.field.replace(/^body\./, '');
  if (name !== field && !name.startsWith(`${field}.`)) return null;
  // The API leads its message with its own name of the field; the form shows its label instead.
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** True when the error names one of the form's fields (so the general message is not repeated). */
export function namesAField(error: unknown, fields: readonly string[]): boolean {
  return fields.some((f) => messageFor(error, f) !== null);
}

export function FieldError({ id, label, message }: { id: string; label: string; message: string | null }) {
  if (message === null) return null;
  return (
    <p id={id} className="message message-error field-error" role="alert">
      {label}: {message}
    </p>
  );
}
