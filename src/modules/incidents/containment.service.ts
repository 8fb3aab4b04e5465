/**
 * Containment from the incident page: disable a user, revoke sessions (one user, one store, or
 * everyone but the caller), revoke API tokens, force a password reset, start rotations of data
 * keys, revoke a stolen device's sessions. Each runs through the identity or keys service in the
 * same transaction as its timeline event and audit entry (a key rotation commits on its own
 * first: it must be visible to every instance before they write with the new version). In a
 * drill nothing is changed: the action is recorded as simulated.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditDetailValue, AuditRecorder } from '../../kernel/audit.js';
import type { AccessRevocationService } from '../auth/revocation.service.js';
import type { UserService } from '../auth/user.service.js';
import type { KeyPurpose } from '../keys/field-crypto.types.js';
import type { RotationService } from '../keys/rotation.service.js';
import { lockIncident, type IncidentTimeline } from './incident-timeline.js';
import type { IncidentActor } from './incident.service.js';

export type ContainmentAction =
  | { action: 'disable_user'; userId: string }
  | { action: 'revoke_sessions'; scope: 'user'; userId: string }
  | { action: 'revoke_sessions'; scope: 'store'; storeId: string }
  | { action: 'revoke_sessions'; scope: 'all' }
  | { action: 'revoke_api_tokens'; tokenId?: string; userId?: string; all?: boolean }
  | { action: 'force_password_reset'; userId: string }
  | { action: 'rotate_keys'; purposes: KeyPurpose[] }
  | { action: 'revoke_device'; deviceId: string };

export type ContainmentResult = Record<string, AuditDetailValue>;

export interface ContainmentDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  timeline: IncidentTimeline;
  users: UserService;
  revocation: AccessRevocationService;
  rotation: RotationService;
}

/** The ids an action targets, for the timeline (pseudonymous ids only). */
function targetOf(a: ContainmentAction): Record<string, AuditDetailValue> {
  switch (a.action) {
    case 'disable_user':
    case 'force_password_reset':
      return { userId: a.userId };
    case 'revoke_sessions':
      return a.scope === 'user'
        ? { scope: 'user', userId: a.userId }
        : a.scope === 'store'
          ? { scope: 'store', storeId: a.storeId }
          : { scope: 'all' };
    case 'revoke_api_tokens':
      return a.tokenId !== undefined
        ? { tokenId: a.tokenId }
        : a.userId !== undefined
          ? { userId: a.userId }
          : { all: true };
    case 'rotate_keys':
      return { purposes: a.purposes };
    case 'revoke_device':
      return { deviceId: a.deviceId };
  }
}

export class ContainmentService {
  constructor(private readonly deps: ContainmentDeps) {}

  async contain(
    actor: IncidentActor,
    incidentId: string,
    action: ContainmentAction,
    note?: string,
  ): Promise<{ action: string; simulated: boolean; result: ContainmentResult }> {
    const incident = await lockIncident(this.deps.db, actor.tenantId, incidentId);
    if (incident.status === 'closed' || incident.status === 'reviewed')
      throw new AppError('conflict', 'the incident is closed');
    this.refuseSelf(actor, action);
    const simulated = incident.drill === 1;
    // A rotation commits first (see the header); the others share the record's transaction.
    const rotated =
      !simulated && action.action === 'rotate_keys' ? await this.rotate(actor, action.purposes) : undefined;
    return this.deps.db.transaction().execute(async (trx) => {
      await lockIncident(trx, actor.tenantId, incidentId);
      const result: ContainmentResult = simulated
        ? { simulated: true }
        : (rotated ?? (await this.perform(trx, actor, action)));
      const details = { action: action.action, ...targetOf(action), ...result, drill: simulated };
      const now = this.deps.clock.now().toISOString();
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, {
        kind: 'containment',
        details,
        note: note ?? null,
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.containment',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details,
      });
      return { action: action.action, simulated, result };
    });
  }

  /** The responder keeps their own access: locking oneself out mid-incident helps nobody. */
  private refuseSelf(actor: IncidentActor, a: ContainmentAction): void {
    const own =
      (a.action === 'disable_user' || a.action === 'force_password_reset') && a.userId === actor.userId;
    if (own) throw new AppError('conflict', 'you cannot do this to your own account here', 'userId');
  }

  private async perform(
    trx: Kysely<Database>,
    actor: IncidentActor,
    a: ContainmentAction,
  ): Promise<ContainmentResult> {
    const { users, revocation } = this.deps;
    const ctx = actor.audit;
    const caller = ctx.actor.sessionId === undefined ? {} : { exceptSessionId: ctx.actor.sessionId };
    switch (a.action) {
      case 'disable_user':
        await users.disableUser(actor, ctx, a.userId, trx);
        return { disabled: true };
      case 'revoke_sessions':
        if (a.scope === 'user')
          return { sessionsEnded: await users.revokeSessions(actor, ctx, a.userId, trx) };
        if (a.scope === 'store')
          return { sessionsEnded: await revocation.revokeStoreSessions(ctx, a.storeId, caller, trx) };
        return { sessionsEnded: await revocation.revokeAllSessions(ctx, caller, trx) };
      case 'revoke_api_tokens': {
        const target =
          a.tokenId !== undefined
            ? { tokenId: a.tokenId }
            : a.userId !== undefined
              ? { userId: a.userId }
              : { all: true as const };
        return { tokensRevoked: await revocation.revokeApiTokens(ctx, target, trx) };
      }
      case 'force_password_reset':
        return { sessionsEnded: await revocation.forcePasswordReset(ctx, a.userId, trx) };
      case 'revoke_device':
        return { sessionsEnded: await revocation.revokeDeviceSessions(ctx, a.deviceId, trx) };
      case 'rotate_keys':
        throw new AppError('internal', 'rotations are started before the record');
    }
  }

  private async rotate(actor: IncidentActor, purposes: readonly KeyPurpose[]): Promise<ContainmentResult> {
    const started: string[] = [];
    const running: string[] = [];
    for (const purpose of [...new Set(purposes)]) {
      try {
        const rotation = await this.deps.rotation.start(actor.tenantId, purpose, actor.audit);
        started.push(rotation.id);
      } catch (error) {
        // A rotation of this key already under way does the same job.
        if (error instanceof AppError && error.code === 'conflict') running.push(purpose);
        else throw error;
      }
    }
    return { rotationsStarted: started, alreadyRunning: running };
  }
}
