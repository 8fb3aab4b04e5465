/**
 * The one way the app talks to the server: JSON over same-origin fetch under /api/v1. It sends the
 * session's CSRF token (kept in memory only) on state-changing requests, and recovers from the
 * answers that a person can fix without losing what is on screen:
 * - 401 (session expired or ended): asks the app to sign in again over the current screen, then
 *   repeats the request once; a 401 that names a field (a wrong one-time code or password typed
 *   in a form) is the person's input, not a lost session, and goes back to the form;
 * - 403 `reauthentication_required` (step-up): asks for the password, then repeats once;
 * - 403 with reason `csrf_token` (the page was reloaded, or another tab took a new token): fetches
 *   a fresh token and repeats once.
 * Everything else becomes an ApiError for the screen to show.
 */
import { ApiError, errorFromResponse } from './api-error';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How the app resolves an interruption; each resolves when the person has dealt with it. */
export interface RecoveryHandlers {
  /** The session is gone: sign in again (rejects when the person gives up). */
  signInAgain(): Promise<void>;
  /** A sensitive action needs the password again (rejects when cancelled). */
  confirmPassword(): Promise<void>;
  /** The session must pass or enrol a second factor first. */
  secondFactorNeeded(): void;
}

export interface RequestOptions {
  /** Do not try to recover from 401/step-up (sign-in and second-factor calls themselves). */
  noRecovery?: boolean;
  signal?: AbortSignal;
  /** Extra headers (`Idempotency-Key`). */
  headers?: Record<string, string>;
  /** Send the body as this text type (a CSV file) instead of JSON. */
  textType?: string;
}

const SAFE = new Set<Method>(['GET']);

let csrfToken: string | null = null;
let handlers: RecoveryHandlers | null = null;
let pendingSignIn: Promise<void> | null = null;
let pendingStepUp: Promise<void> | null = null;

/** Stores the session's CSRF token (from sign-in, second factor or GET /auth/csrf). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function hasCsrfToken(): boolean {
  return csrfToken !== null;
}

export function setRecoveryHandlers(next: RecoveryHandlers | null): void {
  handlers = next;
}

/** One shared prompt for all requests that fail at the same time. */
function once(kind: 'signIn' | 'stepUp', start: () => Promise<void>): Promise<void> {
  if (kind === 'signIn') {
    pendingSignIn ??= start().finally(() => (pendingSignIn = null));
    return pendingSignIn;
  }
  pendingStepUp ??= start().finally(() => (pendingStepUp = null));
  return pendingStepUp;
}

async function send(
  method: Method,
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = options.textType ?? 'application/json';
  if (!SAFE.has(method) && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  // A text body (a CSV file) goes as it is; everything else as JSON.
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  try {
    return await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(payload === undefined ? {} : { body: payload }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'the server cannot be reached; check the connection');
  }
}

/** Fetches a new CSRF token for the current session. */
export async function refreshCsrfToken(): Promise<void> {
  const response = await send('GET', '/auth/csrf', undefined);
  if (!response.ok) throw await errorFromResponse(response);
  setCsrfToken(((await response.json()) as { csrfToken: string }).csrfToken);
}

/**
 * Calls an API route that answers with a file (PDF, zip, CSV) and saves it under the name the
 * server gives, through a temporary object URL (nothing is kept in browser storage).
 */
export async function downloadFile(method: Method, path: string, body?: unknown): Promise<void> {
  let csrfRetried = false;
  for (;;) {
    const response = await send(method, path, body);
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.details?.reason === 'csrf_token' && !csrfRetried) {
        csrfRetried = true;
        await refreshCsrfToken();
        continue;
      }
      throw error;
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return;
  }
}

/** Calls the API; resolves with the parsed JSON body (undefined for 204). */
export async function api<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const response = await request(method, path, body, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file the API answers (an export): its contents and the name the server gave it. */
export async function apiFile(
  method: Method,
  path: string,
  body?: unknown,
): Promise<{ blob: Blob; filename: string; headers: Headers }> {
  const response = await request(method, path, body, {});
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download';
  return { blob: await response.blob(), filename, headers: response.headers };
}

/** Sends a request, recovering from what can be fixed on screen; resolves with a 2xx response. */
async function request(
  method: Method,
  path: string,
  body: unknown,
  options: RequestOptions,
): Promise<Response> {
  let csrfRetried = false;
  let recovered = false;
  for (;;) {
    const response = await send(method, path, body, options);
    if (response.ok) return response;
    const error = await errorFromResponse(response);
    const canRecover = handlers !== null && options.noRecovery !== true && !recovered;
    if (error.status === 401 && error.field === undefined && canRecover && handlers !== null) {
      const h = handlers;
      await once('signIn', () => h.signInAgain());
      recovered = true;
      continue;
    }
    if (error.code === 'reauthentication_required' && canRecover && handlers !== null) {
      const h = handlers;
      await once('stepUp', () => h.confirmPassword());
      recovered = true;
      continue;
    }
    if (error.details?.reason === 'csrf_token' && !csrfRetried) {
      csrfRetried = true;
      await refreshCsrfToken();
      continue;
    }
    if (error.code === 'mfa_required' && options.noRecovery !== true) handlers?.secondFactorNeeded();
    throw error;
  }
}
