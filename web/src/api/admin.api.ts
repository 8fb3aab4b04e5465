/** Back-office calls: staff, roles, stores, sign-in settings and keys (server: /api/v1/...). */
import { api } from './api-client';
import type { DirectoryEntry, StoreView } from '../../../src/modules/auth/directory.types';

export type StaffMember = DirectoryEntry;
export type Store = StoreView;

export interface Role {
  id: string;
  name: string;
  builtin: boolean;
  permissions: string[];
}

export interface SignInSettings {
  minPasswordLength: number;
  pciMode: boolean;
  counterIdleMinutes: number | null;
}

export interface KeyEntry {
  keyId: string;
  purpose: string;
  kind: string;
  version: number;
  algorithm: string;
  provider: string;
  status: string;
  createdAt: string;
  ageDays: number;
  rotateBy: string;
  overdue: boolean;
}

/** After a KEK rotation: who must still sign in before a retired pepper's deadline, by name. */
export interface PepperStatus {
  retired: Array<{ retiredAt: string; deadline: string; waiting: Array<{ userId: string; name: string }> }>;
  mustReset: Array<{ userId: string; name: string }>;
}

export interface RotationProgress {
  id: string;
  keyId: string;
  fromVersion: number;
  toVersion: number;
  status: 'running' | 'completed' | 'failed';
  rowsDone: number;
  rowsTotal: number;
}

const id = encodeURIComponent;

export const adminApi = {
  users: () => api<{ users: StaffMember[] }>('GET', '/users'),
  /** An invite only `email` can redeem. */
  invite: (role: string, storeId: string, email: string) =>
    api<{ token: string; expiresAt: string }>('POST', '/users/invites', { role, storeId, email }),
  disableUser: (userId: string) => api<void>('POST', `/users/${id(userId)}/disable`),
  endSessions: (userId: string) => api<{ ended: number }>('DELETE', `/users/${id(userId)}/sessions`),
  setGrant: (userId: string, grant: { role: string; storeId: string; granted: boolean }) =>
    api<void>('PUT', `/users/${id(userId)}/roles`, grant),
  roles: () => api<{ roles: Role[] }>('GET', '/roles'),
  createRole: (name: string, permissions: string[]) =>
    api<{ id: string }>('POST', '/roles', { name, permissions }),
  stores: () => api<{ stores: Store[] }>('GET', '/stores'),
  signInSettings: () => api<SignInSettings>('GET', '/settings/sign-in'),
  saveSignInSettings: (settings: {
    minPasswordLength: number;
    pciMode: boolean;
    counterIdleMinutes: number;
  }) => api<void>('PUT', '/settings/sign-in', settings),
  keys: () => api<{ keys: KeyEntry[] }>('GET', '/keys'),
  pepperStatus: () => api<PepperStatus>('GET', '/keys/pepper-status'),
  startRotation: (purpose: string) => api<RotationProgress>('POST', '/keys/rotations', { purpose }),
  rotation: (rotationId: string) => api<RotationProgress>('GET', `/keys/rotations/${id(rotationId)}`),
};
