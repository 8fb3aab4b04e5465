/**
 * Identity tables: credentials, roles and their grants, sessions, second factors, API tokens,
 * invites, shop auth settings and the shared throttle counters. Secrets are stored only as hashes
 * (sessions, tokens, recovery codes, invites) or encrypted (emails, names, TOTP secrets).
 */
import type { Generated } from 'kysely';
import type { Instant } from './foundation.tables.js';

export interface UserAccountsTable {
  tenant_id: string;
  user_id: string;
  /** Installation-wide keyed index of the normalised email: sign-in finds the user without a tenant. */
  login_index: string;
  email_enc: string;
  name_enc: string;
  password_hash: string | null;
  /** The retired pepper the hash is under (ADR 0054); null: the current pepper. */
  pepper_id: Generated<string | null>;
  password_changed_at: Instant | null;
  /** 1: the user must set a new password before doing anything else (forced after a compromise). */
  password_reset_required: Generated<number>;
  created_at: Instant;
}

export interface PasswordHistoryTable {
  tenant_id: string;
  id: string;
  user_id: string;
  password_hash: string;
  created_at: Instant;
}

export interface RolesTable {
  tenant_id: string;
  id: string;
  name: string;
  builtin: number;
  created_at: Instant;
}

export interface RolePermissionsTable {
  tenant_id: string;
  role_id: string;
  permission: string;
}

export interface UserRolesTable {
  tenant_id: string;
  user_id: string;
  role_id: string;
  /** A store id, or `*` for a tenant-wide grant. */
  store_id: string;
}

export interface SessionsTable {
  tenant_id: string;
  id: string;
  user_id: string;
  secret_hash: string;
  csrf_hash: string;
  mfa_verified: number;
  created_at: Instant;
  last_seen_at: Instant;
  absolute_expires_at: Instant;
  reauthenticated_at: Instant | null;
  revoked_at: Instant | null;
  revoked_reason: string | null;
  /** The pseudonymous device id of the browser that signed in (its device cookie), when known. */
  device_id: string | null;
}

export interface TotpSecretsTable {
  tenant_id: string;
  user_id: string;
  secret_enc: string;
  /** The last accepted 30 s step: a code is accepted only for a later step (never twice). */
  last_step: number;
  confirmed_at: Instant | null;
  created_at: Instant;
}

export interface RecoveryCodesTable {
  tenant_id: string;
  id: string;
  user_id: string;
  code_hash: string;
  used_at: Instant | null;
  created_at: Instant;
}

export interface WebauthnCredentialsTable {
  tenant_id: string;
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  created_at: Instant;
}

export interface WebauthnChallengesTable {
  id: string;
  tenant_id: string | null;
  user_id: string | null;
  /** `register`, `second_factor` or `passwordless`. */
  purpose: string;
  challenge: string;
  expires_at: Instant;
}

export interface ApiTokensTable {
  tenant_id: string;
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  /** JSON array of permissions. */
  scopes: string;
  expires_at: Instant;
  revoked_at: Instant | null;
  created_at: Instant;
}

export interface InvitesTable {
  tenant_id: string;
  id: string;
  token_hash: string;
  role_id: string;
  store_id: string;
  created_by: string;
  expires_at: Instant;
  used_at: Instant | null;
  created_at: Instant;
  /** The owner invite's bound email, as the login index (`tijori tenants create`); null for staff. */
  login_index: string | null;
}

export interface TenantAuthSettingsTable {
  tenant_id: string;
  min_password_length: number;
  pci_mode: number;
  counter_idle_minutes: number;
  updated_at: Instant;
}

export interface AuthThrottleTable {
  /** `acct:<login index>` or `net:<network>`. */
  key: string;
  failures: number;
  next_allowed_at: Instant;
  updated_at: Instant;
}

export interface IdentityTables {
  user_accounts: UserAccountsTable;
  password_history: PasswordHistoryTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  totp_secrets: TotpSecretsTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
  api_tokens: ApiTokensTable;
  invites: InvitesTable;
  tenant_auth_settings: TenantAuthSettingsTable;
  auth_throttle: AuthThrottleTable;
}
