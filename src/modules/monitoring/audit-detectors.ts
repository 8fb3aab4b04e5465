/**
 * Detectors over the audit trail: bulk reveal or export of personal data above the actor's role
 * threshold, a role raised to admin or owner, two-step verification removed, second-factor codes
 * being guessed (the throttle refused an attempt), and a sale taking stock below zero. They read the
 * entries each tenant's chain gained since the last run.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AuditEntriesTable } from '../../db/tables/audit.tables.js';
import { loadGrants } from '../auth/account.repository.js';
import type { Detection } from './alert.service.js';
import type { MonitoringSettings } from './monitoring-settings.js';

type Entry = AuditEntriesTable;

const PII_ACCESS = /\.pii\.(reveal|export)$/;
const POWERFUL_ROLES = new Set(['admin', 'owner']);
const PRIVILEGE_ACTIONS = new Set(['user.role.grant', 'user.invite.accept']);
const MFA_REMOVAL = new Set(['auth.mfa.remove', 'auth.passkey.remove']);
/** Written by the second-factor throttle when it refuses an attempt (second-factor-throttle.ts). */
const SECOND_FACTOR_THROTTLED = 'auth.second_factor.throttled';
/** Written in a sale's transaction for each item its stock level took below zero. */
const STOCK_NEGATIVE = 'stock.negative';

function detailsOf(entry: Pick<Entry, 'details'>): Record<string, unknown> {
  try {
    return JSON.parse(entry.details) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** How many records an access entry touched: 1 for a reveal, the exported count for an export. */
function recordsTouched(entry: Pick<Entry, 'action' | 'details'>): number {
  if (entry.action.endsWith('.reveal')) return 1;
  const count = Number(detailsOf(entry).count ?? 1);
  return Number.isFinite(count) && count > 0 ? count : 1;
}

/** The threshold of the actor's most trusted role (API tokens and unknown roles: `otherRoles`). */
async function thresholdFor(
  db: Kysely<Database>,
  tenantId: string,
  entry: Entry,
  rule: MonitoringSettings['bulkAccess'],
): Promise<number> {
  if (entry.actor_type !== 'user' || entry.actor_id === null) return rule.otherRoles;
  const { roles } = await loadGrants(db, tenantId, entry.actor_id);
  const limits = roles.map((r) => rule.perRole[r]).filter((n): n is number => n !== undefined);
  return limits.length === 0 ? rule.otherRoles : Math.max(...limits);
}

export async function detectFromAudit(
  db: Kysely<Database>,
  tenantId: string,
  fresh: readonly Entry[],
  settings: MonitoringSettings,
): Promise<Detection[]> {
  const found: Detection[] = [];
  const accessByActor = new Map<string, Entry>();
  for (const e of fresh) {
    if (e.action === SECOND_FACTOR_THROTTLED && e.object_id !== null) {
      const { factor } = detailsOf(e);
      found.push({
        tenantId,
        detector: 'second_factor_guessing',
        severity: 'high',
        subjectType: 'user',
        subjectId: e.object_id,
        details: { factor: typeof factor === 'string' ? factor : 'totp', seq: e.seq },
        at: e.occurred_at,
      });
    }
    if (e.action === STOCK_NEGATIVE && e.object_id !== null) {
      const { level, storeId } = detailsOf(e);
      found.push({
        tenantId,
        detector: 'negative_stock',
        severity: 'medium',
        subjectType: 'variant',
        subjectId: e.object_id,
        details: {
          level: typeof level === 'number' ? level : 0,
          ...(typeof storeId === 'string' ? { storeId } : {}),
          seq: e.seq,
        },
        at: e.occurred_at,
      });
    }
    if (e.outcome !== 'success') continue;
    if (PII_ACCESS.test(e.action) && e.actor_id !== null) accessByActor.set(e.actor_id, e);
    const role = detailsOf(e).role;
    if (
      PRIVILEGE_ACTIONS.has(e.action) &&
      typeof role === 'string' &&
      POWERFUL_ROLES.has(role) &&
      e.object_id !== null
    )
      found.push({
        tenantId,
        detector: 'privilege_escalation',
        severity: 'high',
        subjectType: 'user',
        subjectId: e.object_id,
        details: { role, action: e.action, byActor: e.actor_id ?? 'system', seq: e.seq },
        at: e.occurred_at,
      });
    if (MFA_REMOVAL.has(e.action) && e.object_id !== null)
      found.push({
        tenantId,
        detector: 'mfa_removed',
        severity: 'high',
        subjectType: 'user',
        subjectId: e.object_id,
        details: { action: e.action, byActor: e.actor_id ?? 'system', seq: e.seq },
        at: e.occurred_at,
      });
  }
  const rule = settings.bulkAccess;
  for (const [actorId, last] of accessByActor) {
    const since = new Date(new Date(last.occurred_at).getTime() - rule.windowMinutes * 60_000).toISOString();
    const window = await db
      .selectFrom('audit_entries')
      .select(['action', 'details'])
      .where('tenant_id', '=', tenantId)
      .where('actor_id', '=', actorId)
      .where('occurred_at', '>', since)
      .where('occurred_at', '<=', last.occurred_at)
      .where((eb) => eb.or([eb('action', 'like', '%.pii.reveal'), eb('action', 'like', '%.pii.export')]))
      .where('outcome', '=', 'success')
      .execute();
    const records = window.reduce((sum, e) => sum + recordsTouched(e), 0);
    const threshold = await thresholdFor(db, tenantId, last, rule);
    if (records <= threshold) continue;
    found.push({
      tenantId,
      detector: 'bulk_pii_access',
      severity: 'high',
      subjectType: 'user',
      subjectId: last.actor_type === 'user' ? actorId : `token:${actorId}`,
      details: { records, threshold, windowMinutes: rule.windowMinutes },
      at: last.occurred_at,
    });
  }
  return found;
}
