/**
 * The one application error type. Services throw it with a stable code; the HTTP edge maps codes
 * to statuses and the CLI maps them to exit codes. Messages are safe to show: they never hold
 * personal data, secrets or SQL.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'mfa_required'
  | 'reauthentication_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'rate_limited'
  | 'decryption_failed'
  | 'key_unavailable'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`body.phone`, `lines.2.quantity`). */
    readonly field?: string,
    /** Extra safe details for clients (never personal data). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Shorthand for a validation failure that names the field. */
export function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', message, field);
}

/** "Not found or no access": one answer for both so that a refusal does not reveal existence. */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}
