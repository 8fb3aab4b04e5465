/** The first-run wizard's public API (no session yet: the one-time setup code is the credential). */
import { api } from './api-client';

export interface SetupRequest {
  code: string;
  businessName: string;
  tradeName?: string;
  negativeStock?: 'allow' | 'refuse';
  gstin: string;
  addressLine: string;
  city: string;
  pin: string;
  phone?: string;
  email?: string;
  upiVpa?: string;
  /** The shop's logo for A4 bills (PNG or JPEG `data:` URL). */
  logo?: string;
  ownerName?: string;
  ownerEmail: string;
  ownerPassword: string;
  demo?: boolean;
}

export const setupApi = {
  state: () => api<{ setupCompleted: boolean }>('GET', '/setup/state', undefined, { noRecovery: true }),
  create: (body: SetupRequest) =>
    api<{ tenantId: string; ownerId: string; demo: boolean }>('POST', '/setup', body, { noRecovery: true }),
};
