/** The first-run wizard's public API (no session yet: the one-time setup code is the credential). */
import type { MissingDetails as MissingDetailsView } from '../../../src/modules/setup/missing-details.service';
import { api } from './api-client';

export type MissingDetails = MissingDetailsView;
/** A detail an owner may give later (the address cannot wait). */
export type SkippableDetail = 'phone' | 'email' | 'logo' | 'upiVpa';

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
  /** What the shop's stores and the shop lack (an owner only); with skipped ones for the settings. */
  missingDetails: (includeSkipped: boolean) =>
    api<MissingDetails>('GET', `/setup/missing-details${includeSkipped ? '?include=skipped' : ''}`),
  /** Leaves details for later: `storeId` null for the shop-wide UPI id. */
  skipDetails: (storeId: string | null, details: readonly SkippableDetail[]) =>
    api<void>('POST', '/setup/missing-details/skips', { storeId, details }),
};
