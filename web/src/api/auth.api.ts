/** Sign-in, second factors, step-up, own password and sessions (server: /api/v1/auth/...). */
import type { Profile } from '../../../src/modules/auth/directory.types';
import { api, setCsrfToken } from './api-client';

export type { Profile, SecondFactors } from '../../../src/modules/auth/directory.types';

export interface SessionIssued {
  csrfToken: string;
  secondFactorRequired: boolean;
}

export interface OwnSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

const quiet = { noRecovery: true } as const;

function keep<T extends { csrfToken: string }>(issued: T): T {
  setCsrfToken(issued.csrfToken);
  return issued;
}

export const authApi = {
  me: () => api<Profile>('GET', '/auth/me', undefined, quiet),
  login: async (email: string, password: string) =>
    keep(await api<SessionIssued>('POST', '/auth/login', { email, password }, quiet)),
  logout: () => api<void>('POST', '/auth/logout', undefined, quiet),
  verifyTotp: async (code: string) =>
    keep(await api<SessionIssued>('POST', '/auth/mfa/verify', { code }, quiet)),
  verifyRecoveryCode: async (recoveryCode: string) =>
    keep(await api<SessionIssued>('POST', '/auth/mfa/verify', { recoveryCode }, quiet)),
  reauthenticate: (password: string) => api<void>('POST', '/auth/reauthenticate', { password }, quiet),
  startTotp: () => api<{ otpauthUri: string; qrDataUrl: string }>('POST', '/auth/mfa/totp/start'),
  confirmTotp: async (code: string) =>
    keep(await api<SessionIssued & { recoveryCodes: string[] }>('POST', '/auth/mfa/totp/confirm', { code })),
  removeTotp: () => api<void>('DELETE', '/auth/mfa/totp'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<void>('POST', '/auth/password', { currentPassword, newPassword }),
  sessions: () => api<{ sessions: OwnSession[] }>('GET', '/auth/sessions'),
  revokeSession: (id: string) => api<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  acceptInvite: (input: { token: string; email: string; displayName: string; password: string }) =>
    api<{ userId: string }>('POST', '/auth/invites/accept', input, quiet),
};
