/**
 * The shapes of the people views the API returns (GET /auth/me, GET /users, GET /stores). Plain
 * types without imports, so the web app's API client uses the same definitions.
 */

export interface SecondFactors {
  totp: boolean;
  passkeys: number;
}

export interface Profile {
  userId: string;
  tenantId: string;
  tenantName: string;
  displayName: string;
  emailMasked: string;
  roles: string[];
  permissions: string[];
  mfaSatisfied: boolean;
  mfaRequired: boolean;
  factors: SecondFactors;
}

export interface DirectoryEntry {
  userId: string;
  displayName: string;
  emailMasked: string;
  status: 'active' | 'invited' | 'disabled';
  grants: Array<{ role: string; storeId: string }>;
  factors: SecondFactors;
  mfaRequired: boolean;
  createdAt: string;
  lastActiveAt: string | null;
}

export interface StoreView {
  id: string;
  name: string;
  stateCode: string;
  gstin: string;
}
