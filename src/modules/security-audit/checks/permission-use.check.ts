/**
 * Roles holding permissions their holders never used in 90 days, judged from the audit trail:
 * each audited action shows the use of one permission (the table below). Permissions whose use
 * leaves no entry (reading lists and screens) cannot be judged and are listed as such, never
 * counted as unused. The owner role is left out: it holds every permission by design. A role is
 * judged once it and one of its holders are at least 90 days old (ADR 0012).
 */
import { sql } from 'kysely';
import { daysBefore, type SecurityCheck } from '../check.types.js';

/** Action prefix -> the permission its entry shows was used (longest prefix wins). */
export const actionPermissions: ReadonlyArray<readonly [prefix: string, permission: string]> = [
  ['invoice.issue', 'invoice.create'],
  ['invoice.void', 'invoice.void'],
  ['credit_note.', 'credit_note.create'],
  ['debit_note.', 'debit_note.create'],
  ['exchange.', 'credit_note.create'],
  ['discount.override', 'discount.override'],
  ['price.override', 'discount.override'],
  ['customer.pii.reveal', 'customer.pii.reveal'],
  ['customer.export', 'customer.export'],
  ['customer.', 'customer.write'],
  ['catalog.', 'catalog.manage'],
  ['stock.', 'catalog.manage'],
  ['report.sales', 'report.sales'],
  ['report.gst', 'report.gst'],
  ['report.gstr1', 'report.gst'],
  ['user.role.', 'user.manage'],
  ['user.', 'user.manage'],
  ['role.', 'role.manage'],
  ['audit.checkpoint', 'audit.checkpoint'],
  ['audit.', 'audit.read'],
  ['key.', 'keys.manage'],
  ['settings.', 'settings.manage'],
  ['monitoring.alert.acknowledge', 'monitoring.manage'],
  ['monitoring.alert.resolve', 'monitoring.manage'],
  ['monitoring.message.retry', 'monitoring.manage'],
  ['privacy.', 'privacy.manage'],
  ['incident.', 'incident.manage'],
  ['security_audit.run', 'security_audit.run'],
  ['security_audit.export', 'audit.read'],
  ['access_review.decide', 'access_review.decide'],
];

const byLength = [...actionPermissions].sort((a, b) => b[0].length - a[0].length);

/** The permission an audited action shows was used, if the action shows one. */
export function permissionOfAction(action: string): string | undefined {
  return byLength.find(([prefix]) => action.startsWith(prefix))?.[1];
}

const observable = new Set(actionPermissions.map(([, p]) => p));
const WINDOW_DAYS = 90;

export const unusedPermissionsCheck: SecurityCheck = {
  id: 'identity.unused-permissions',
  title: `Roles hold only permissions their holders used in ${String(WINDOW_DAYS)} days`,
  category: 'identity',
  severity: 'low',
  remediation:
    'Least privilege: make a custom role without the unused permissions (Roles) and move the people to it, or remove the role from people who do not need it.',
  async run(ctx) {
    const since = daysBefore(ctx.now, WINDOW_DAYS);
    const grants = await ctx.db
      .selectFrom('user_roles as ur')
      .innerJoin('roles as r', (j) =>
        j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
      )
      .innerJoin('users as u', (j) =>
        j.onRef('u.tenant_id', '=', 'ur.tenant_id').onRef('u.id', '=', 'ur.user_id'),
      )
      .select([
        'r.id as roleId',
        'r.name',
        'r.created_at as roleCreated',
        'ur.user_id',
        'u.created_at as userCreated',
      ])
      .where('ur.tenant_id', '=', ctx.tenantId)
      .where('u.status', '=', 'active')
      .where('r.name', '!=', 'owner')
      .execute();
    const permissions = await ctx.db
      .selectFrom('role_permissions')
      .select(['role_id', 'permission'])
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    const used = await ctx.db
      .selectFrom('audit_entries')
      .select(['actor_id', 'action'])
      .distinct()
      .where('tenant_id', '=', ctx.tenantId)
      .where('actor_type', '=', 'user')
      .where('outcome', '=', 'success')
      .where('occurred_at', '>=', since)
      .where(sql<boolean>`actor_id is not null`)
      .execute();
    const usedBy = new Map<string, Set<string>>();
    for (const row of used) {
      const permission = permissionOfAction(row.action);
      if (permission === undefined || row.actor_id === null) continue;
      usedBy.set(row.actor_id, (usedBy.get(row.actor_id) ?? new Set()).add(permission));
    }
    const roles = new Map<string, { name: string; judged: boolean; holders: Set<string> }>();
    for (const g of grants) {
      const role = roles.get(g.roleId) ?? { name: g.name, judged: false, holders: new Set<string>() };
      role.holders.add(g.user_id);
      if (g.roleCreated < since && g.userCreated < since) role.judged = true;
      roles.set(g.roleId, role);
    }
    const report = [];
    for (const [roleId, role] of roles) {
      if (!role.judged) continue;
      const held = permissions.filter((p) => p.role_id === roleId).map((p) => p.permission);
      const usedHere = new Set([...role.holders].flatMap((u) => [...(usedBy.get(u) ?? [])]));
      const unused = held.filter((p) => observable.has(p) && !usedHere.has(p)).sort();
      const notJudged = held.filter((p) => !observable.has(p)).sort();
      if (unused.length > 0)
        report.push({ roleId, role: role.name, holders: role.holders.size, unused, notJudged });
    }
    const evidence = {
      windowDays: WINDOW_DAYS,
      rolesJudged: [...roles.values()].filter((r) => r.judged).length,
      roles: report,
    };
    if (report.length === 0)
      return {
        status: 'pass',
        found: 'Every judged role used each permission whose use the audit trail shows.',
        evidence,
      };
    return {
      status: 'warn',
      found: `${String(report.length)} role(s) hold permissions nobody holding them used in ${String(WINDOW_DAYS)} days.`,
      evidence,
    };
  },
};
