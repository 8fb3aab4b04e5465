/**
 * What the access guard established about a caller (session cookie or API token): tenant, user,
 * roles, effective permissions, store scope and second-factor state. Part of the shared kernel:
 * services read it without depending on `http/`.
 */
import type { Actor } from './audit.js';

export interface AccessContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly actor: Actor;
  readonly sessionId?: string;
  readonly tokenId?: string;
  readonly roles: readonly string[];
  /** Effective permissions across the stores the user is assigned to. */
  readonly permissions: ReadonlySet<string>;
  /** Store ids the user may act in, per permission scope; `all` for tenant-wide roles. */
  readonly storeIds: ReadonlySet<string> | 'all';
  /** False while an MFA-required user has not enrolled or not passed the second factor. */
  readonly mfaSatisfied: boolean;
  /** When the user last re-entered a credential (step-up), if ever in this session. */
  readonly reauthenticatedAt?: Date;
}
