/**
 * Identity checks: people in roles that require two-step sign-in without a second factor,
 * accounts unused for 90 days, and more than two owners or admins.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { mfaRequiredRoles } from '../../auth/permissions.js';
import { daysBefore, type SecurityCheck } from '../check.types.js';

/** Active users holding any of the roles, with the roles they hold among them. */
export async function activeHolders(
  db: Kysely<Database>,
  tenantId: string,
  roles: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
    )
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'ur.tenant_id').onRef('u.id', '=', 'ur.user_id'),
    )
    .select(['ur.user_id', 'r.name'])
    .where('ur.tenant_id', '=', tenantId)
    .where('u.status', '=', 'active')
    .where('r.name', 'in', [...roles])
    .execute();
  const holders = new Map<string, string[]>();
  for (const row of rows) {
    const held = holders.get(row.user_id) ?? [];
    if (!held.includes(row.name)) held.push(row.name);
    holders.set(row.user_id, held);
  }
  return holders;
}

/** Users of the tenant with a confirmed TOTP or a passkey. */
async function usersWithSecondFactor(db: Kysely<Database>, tenantId: string): Promise<Set<string>> {
  const totp = await db
    .selectFrom('totp_secrets')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('confirmed_at', 'is not', null)
    .execute();
  const keys = await db
    .selectFrom('webauthn_credentials')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Set([...totp, ...keys].map((r) => r.user_id));
}

export const mfaCheck: SecurityCheck = {
  id: 'identity.mfa-missing',
  title: 'People in roles that require two-step sign-in have a second factor',
  category: 'identity',
  severity: 'high',
  remediation:
    'Each listed person must set up two-step sign-in (an authenticator app or a passkey) under My account; until then Tijori lets them do nothing else after signing in. If someone does not need the role, remove it (Users).',
  async run(ctx) {
    const holders = await activeHolders(ctx.db, ctx.tenantId, [...mfaRequiredRoles]);
    const enrolled = await usersWithSecondFactor(ctx.db, ctx.tenantId);
    const missing = [...holders.entries()].filter(([userId]) => !enrolled.has(userId));
    const evidence = {
      usersRequiringMfa: holders.size,
      withoutSecondFactor: missing.map(([userId, roles]) => ({ userId, roles: roles.sort() })),
    };
    if (missing.length === 0)
      return {
        status: 'pass',
        found: `All ${String(holders.size)} owner, admin and manager account(s) have a second factor.`,
        evidence,
      };
    return {
      status: 'fail',
      found: `${String(missing.length)} of ${String(holders.size)} owner, admin or manager account(s) have no second factor.`,
      evidence,
    };
  },
};

export const STALE_DAYS = 90;

/** The last sign-in or session activity of each user of the tenant. */
export async function lastActivity(db: Kysely<Database>, tenantId: string): Promise<Map<string, string>> {
  const [logins, sessions] = await Promise.all([
    db
      .selectFrom('login_attempts')
      .select(['user_id', (eb) => eb.fn.max('created_at').as('last')])
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'is not', null)
      .where('outcome', 'in', ['success', 'mfa_success'])
      .groupBy('user_id')
      .execute(),
    db
      .selectFrom('sessions')
      .select(['user_id', (eb) => eb.fn.max('last_seen_at').as('last')])
      .where('tenant_id', '=', tenantId)
      .groupBy('user_id')
      .execute(),
  ]);
  const last = new Map<string, string>();
  for (const row of [...logins, ...sessions]) {
    if (row.user_id === null || row.last === null) continue;
    const at = String(row.last);
    if ((last.get(row.user_id) ?? '') < at) last.set(row.user_id, at);
  }
  return last;
}

export const staleAccountsCheck: SecurityCheck = {
  id: 'identity.stale-accounts',
  title: `No active account has gone unused for ${String(STALE_DAYS)} days`,
  category: 'identity',
  severity: 'medium',
  remediation:
    'Disable the listed accounts (Users, Disable): that also ends their sessions. People who left must not keep a way in; an account needed again later can be enabled by inviting the person again.',
  async run(ctx) {
    const cutoff = daysBefore(ctx.now, STALE_DAYS);
    const users = await ctx.db
      .selectFrom('users')
      .select(['id', 'created_at'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('status', '=', 'active')
      .execute();
    const activity = await lastActivity(ctx.db, ctx.tenantId);
    const stale = users
      .map((u) => ({ userId: u.id, lastActiveAt: activity.get(u.id) ?? null, createdAt: u.created_at }))
      .filter((u) => (u.lastActiveAt ?? u.createdAt) < cutoff);
    const evidence = { activeAccounts: users.length, unusedSince: cutoff, stale };
    if (stale.length === 0)
      return {
        status: 'pass',
        found: `All ${String(users.length)} active account(s) were used in the last ${String(STALE_DAYS)} days.`,
        evidence,
      };
    return {
      status: 'fail',
      found: `${String(stale.length)} active account(s) have not been used for ${String(STALE_DAYS)} days or more.`,
      evidence,
    };
  },
};

export const MAX_PRIVILEGED = 2;

export const privilegedCountCheck: SecurityCheck = {
  id: 'identity.privileged-count',
  title: `At most ${String(MAX_PRIVILEGED)} owners or admins`,
  category: 'identity',
  severity: 'medium',
  remediation:
    'Every owner or admin can change roles, keys and settings. Keep two (one to stand in for the other) and give the rest the role their work needs, usually manager (Users, roles).',
  async run(ctx) {
    const holders = await activeHolders(ctx.db, ctx.tenantId, ['owner', 'admin']);
    const evidence = {
      privilegedAccounts: [...holders.entries()].map(([userId, roles]) => ({ userId, roles: roles.sort() })),
      limit: MAX_PRIVILEGED,
    };
    const found = `${String(holders.size)} active account(s) hold the owner or admin role.`;
    return { status: holders.size > MAX_PRIVILEGED ? 'fail' : 'pass', found, evidence };
  },
};
