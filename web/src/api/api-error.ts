/** The server's error shape (`{ error: { code, message, field?, details?, requestId } }`) as a JS error. */
import type { ErrorCode } from '../../../src/domain/app-error';

/** The server's codes (one definition, shared), and the client's own: no network, or cancelled. */
export type ApiErrorCode = ErrorCode | 'network' | 'cancelled' | (string & {});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** The input field at fault (`body.email`), when the server named one. */
    readonly field?: string,
    readonly details?: Readonly<Record<string, unknown>>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    field?: string;
    details?: Record<string, unknown>;
    requestId?: string;
  };
}

/** Builds an ApiError from a failed response (its body may be anything). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's page): keep the status only.
  }
  const e = body.error ?? {};
  return new ApiError(
    response.status,
    e.code ?? (response.status >= 500 ? 'internal' : 'unknown'),
    e.message ?? `request failed (${String(response.status)})`,
    e.field,
    e.details,
    e.requestId,
  );
}

/** The message to show for an error, with the field it concerns when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
