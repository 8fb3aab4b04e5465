/**
 * The Aadhaar vault (server: /api/v1): the shop's setting and, per customer, the masked view,
 * saving, removing and revealing behind a reason (and a recent password). The number goes only in
 * request bodies and is never kept in the browser beyond the screen.
 */
import type { AadhaarView } from '../../../src/modules/agri/aadhaar-vault.service';
import type { RevealReasonCategory } from './customers.api';
import { api } from './api-client';

export type { AadhaarView };

const id = (value: string) => encodeURIComponent(value);

export const vaultApi = {
  settings: () => api<{ vaultEnabled: boolean }>('GET', '/agri/aadhaar-vault'),
  setEnabled: (enabled: boolean) => api<{ vaultEnabled: boolean }>('PUT', '/agri/aadhaar-vault', { enabled }),
  view: (customerId: string) => api<AadhaarView>('GET', `/customers/${id(customerId)}/aadhaar`),
  save: (customerId: string, number: string) =>
    api<AadhaarView>('PUT', `/customers/${id(customerId)}/aadhaar`, { number }),
  remove: (customerId: string) => api<void>('DELETE', `/customers/${id(customerId)}/aadhaar`),
  reveal: (customerId: string, reason: { category: RevealReasonCategory; text: string }) =>
    api<{ number: string }>('POST', `/customers/${id(customerId)}/aadhaar/reveal`, { reason }),
};
