/**
 * Shared or generic accounts. Two signs: an account that signs in from many devices within 30
 * days (one login passed around the shop: the device id is the pseudonymous long-lived cookie
 * each browser carries, recorded with every sign-in), and an account whose name or email is a
 * role or a place rather than a person (`counter1@`, `Cashier`, `billing@`). Many people signing
 * in on one shared counter PC, each with their own account, is the right practice and is only
 * shown as evidence (ADR 0012). Names are decrypted to be judged and never reported.
 */
import type { FieldRef } from '../../keys/field-crypto.types.js';
import { daysBefore, type SecurityCheck } from '../check.types.js';

export const MAX_DEVICES = 3;
const WINDOW_DAYS = 30;

/** Words that name a role, a place or a team rather than a person. */
const GENERIC =
  /^(admin|administrator|billing|cashier|counter|desk|frontdesk|reception|shop|store|sales|staff|team|office|accounts?|manager|pos|till|test|user|guest|info|owner|salon)[\s._-]*\d*$/i;

/** True when a display name or an email's local part looks like a role rather than a person. */
export function looksGeneric(value: string): boolean {
  const local = value.includes('@') ? value.slice(0, value.lastIndexOf('@')) : value;
  return GENERIC.test(local.trim());
}

export const sharedAccountsCheck: SecurityCheck = {
  id: 'identity.shared-accounts',
  title: 'No shared or generic accounts',
  category: 'identity',
  severity: 'medium',
  remediation:
    'Give every person their own account (Users, Invite) and disable shared ones: the audit trail can only say who did what when each login belongs to one person. Several people may use one counter PC, each signing in as themselves.',
  async run(ctx) {
    const since = daysBefore(ctx.now, WINDOW_DAYS);
    const logins = await ctx.db
      .selectFrom('login_attempts')
      .select(['user_id', 'device_id'])
      .distinct()
      .where('tenant_id', '=', ctx.tenantId)
      .where('outcome', 'in', ['success', 'mfa_success'])
      .where('created_at', '>=', since)
      .where('user_id', 'is not', null)
      .where('device_id', 'is not', null)
      .execute();
    const devicesOf = new Map<string, Set<string>>();
    const usersOn = new Map<string, Set<string>>();
    for (const l of logins) {
      if (l.user_id === null || l.device_id === null) continue;
      devicesOf.set(l.user_id, (devicesOf.get(l.user_id) ?? new Set()).add(l.device_id));
      usersOn.set(l.device_id, (usersOn.get(l.device_id) ?? new Set()).add(l.user_id));
    }
    const manyDevices = [...devicesOf.entries()]
      .filter(([, devices]) => devices.size > MAX_DEVICES)
      .map(([userId, devices]) => ({ userId, devices: devices.size }));
    const accounts = await ctx.db
      .selectFrom('user_accounts as a')
      .innerJoin('users as u', (j) =>
        j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
      )
      .select(['a.user_id', 'a.email_enc', 'a.name_enc'])
      .where('a.tenant_id', '=', ctx.tenantId)
      .where('u.status', '=', 'active')
      .execute();
    const generic: string[] = [];
    for (const a of accounts) {
      const ref = (column: string): FieldRef => ({
        tenantId: ctx.tenantId,
        table: 'user_accounts',
        column,
        rowId: a.user_id,
      });
      const name = await ctx.cipher.decrypt(ref('name_enc'), a.name_enc);
      const email = await ctx.cipher.decrypt(ref('email_enc'), a.email_enc);
      if (looksGeneric(name) || looksGeneric(email)) generic.push(a.user_id);
    }
    const sharedDevices = [...usersOn.values()].filter((users) => users.size > 1).length;
    const evidence = {
      windowDays: WINDOW_DAYS,
      deviceLimit: MAX_DEVICES,
      accountsOnManyDevices: manyDevices,
      genericAccounts: generic,
      devicesUsedBySeveralAccounts: sharedDevices,
    };
    const flagged = new Set([...manyDevices.map((m) => m.userId), ...generic]);
    if (flagged.size === 0) return { status: 'pass', found: 'No account looks shared or generic.', evidence };
    return {
      status: 'warn',
      found: `${String(flagged.size)} account(s) look shared or generic (${String(manyDevices.length)} on more than ${String(MAX_DEVICES)} devices in ${String(WINDOW_DAYS)} days, ${String(generic.length)} with a generic name).`,
      evidence,
    };
  },
};
