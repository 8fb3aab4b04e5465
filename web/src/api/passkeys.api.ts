/**
 * Passkeys (WebAuthn) through @simplewebauthn/browser, the counterpart of the server's
 * @simplewebauthn/server: registration, second factor and passwordless sign-in. The library is
 * loaded on first use so the counter screen does not carry it.
 */
import { api, setCsrfToken } from './api-client';
import type { SessionIssued } from './auth.api';

interface Options<T> {
  challengeId: string;
  options: T;
}

async function browserLib() {
  return import('@simplewebauthn/browser');
}

/** Whether this browser can use passkeys at all. */
export async function passkeysSupported(): Promise<boolean> {
  return (await browserLib()).browserSupportsWebAuthn();
}

export async function registerPasskey(): Promise<void> {
  const { startRegistration } = await browserLib();
  const { challengeId, options } = await api<Options<Parameters<typeof startRegistration>[0]['optionsJSON']>>(
    'POST',
    '/auth/passkeys/register/options',
  );
  const credential = await startRegistration({ optionsJSON: options });
  const issued = await api<SessionIssued & { id: string }>('POST', '/auth/passkeys/register', {
    challengeId,
    credential,
  });
  setCsrfToken(issued.csrfToken);
}

async function authenticate(optionsPath: string, verifyPath: string): Promise<SessionIssued> {
  const { startAuthentication } = await browserLib();
  const { challengeId, options } = await api<
    Options<Parameters<typeof startAuthentication>[0]['optionsJSON']>
  >('POST', optionsPath, undefined, { noRecovery: true });
  const credential = await startAuthentication({ optionsJSON: options });
  const issued = await api<SessionIssued>(
    'POST',
    verifyPath,
    { challengeId, credential },
    { noRecovery: true },
  );
  setCsrfToken(issued.csrfToken);
  return issued;
}

/** The second step of sign-in with a passkey. */
export function verifyWithPasskey(): Promise<SessionIssued> {
  return authenticate('/auth/mfa/passkey/options', '/auth/mfa/passkey/verify');
}

/** Passwordless sign-in with a passkey (it carries user verification). */
export function signInWithPasskey(): Promise<SessionIssued> {
  return authenticate('/auth/passkeys/login/options', '/auth/passkeys/login');
}
