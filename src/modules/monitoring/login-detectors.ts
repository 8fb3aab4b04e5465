/**
 * Detectors over the login attempt log: brute force on one account, password spraying from one
 * network, a sign-in from a new device or network, and a sign-in outside business hours. Each
 * looks at the attempts that arrived since its last run and at the window around them; thresholds
 * come from the tenant's settings (the installation's for attempts on unknown accounts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LoginAttemptsTable } from '../../db/tables/login-attempts.tables.js';
import { INSTALLATION_CHAIN } from '../../kernel/audit.js';
import type { Detection } from './alert.service.js';
import { outsideBusinessHours, type MonitoringSettings } from './monitoring-settings.js';

type Attempt = LoginAttemptsTable;
type SettingsOf = (tenantId: string) => Promise<MonitoringSettings>;

const FAILED: ReadonlyArray<Attempt['outcome']> = ['failure', 'throttled'];
const minutesBefore = (at: string, minutes: number) =>
  new Date(new Date(at).getTime() - minutes * 60_000).toISOString();

/** The newest attempt per key, so each subject is judged once per run at its latest evidence. */
function latestBy<K>(attempts: readonly Attempt[], key: (a: Attempt) => K): Map<K, Attempt> {
  const out = new Map<K, Attempt>();
  for (const a of attempts) {
    const current = out.get(key(a));
    if (current === undefined || a.created_at >= current.created_at) out.set(key(a), a);
  }
  return out;
}

/** Brute force: at least N failed or throttled attempts on one account within the window. */
export async function detectBruteForce(
  db: Kysely<Database>,
  fresh: readonly Attempt[],
  settingsOf: SettingsOf,
): Promise<Detection[]> {
  const found: Detection[] = [];
  for (const [accountKey, last] of latestBy(
    fresh.filter((a) => FAILED.includes(a.outcome)),
    (a) => a.account_key,
  )) {
    const tenantId = last.tenant_id ?? INSTALLATION_CHAIN;
    const rule = (await settingsOf(tenantId)).bruteForce;
    const row = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_key', '=', accountKey)
      .where('outcome', 'in', FAILED)
      .where('created_at', '>', minutesBefore(last.created_at, rule.windowMinutes))
      .where('created_at', '<=', last.created_at)
      .executeTakeFirstOrThrow();
    const failures = Number(row.n);
    if (failures < rule.failures) continue;
    found.push({
      tenantId,
      detector: 'brute_force',
      severity: 'high',
      ...(last.user_id === null
        ? { subjectType: 'account' as const, subjectId: accountKey.slice(0, 16) }
        : { subjectType: 'user' as const, subjectId: last.user_id }),
      details: { failures, threshold: rule.failures, windowMinutes: rule.windowMinutes },
      at: last.created_at,
    });
  }
  return found;
}

/**
 * Password spraying: from one network, failures on many accounts that were not followed by a
 * success on the same account (staff who mistype and then get in are not an attack). Judged per
 * tenant on its accounts, and installation-wide on all accounts, known or not.
 */
export async function detectSpraying(
  db: Kysely<Database>,
  fresh: readonly Attempt[],
  settingsOf: SettingsOf,
): Promise<Detection[]> {
  const found: Detection[] = [];
  const installation = (await settingsOf(INSTALLATION_CHAIN)).spraying;
  for (const [network, last] of latestBy(
    fresh.filter((a) => FAILED.includes(a.outcome)),
    (a) => a.source_network,
  )) {
    const rows = await db
      .selectFrom('login_attempts')
      .select(['tenant_id', 'account_key', 'outcome', 'created_at'])
      .where('source_network', '=', network)
      .where('created_at', '>', minutesBefore(last.created_at, installation.windowMinutes))
      .where('created_at', '<=', last.created_at)
      .execute();
    const failedAccounts = new Map<string, string | null>();
    for (const r of rows) if (FAILED.includes(r.outcome)) failedAccounts.set(r.account_key, r.tenant_id);
    for (const r of rows) if (r.outcome === 'success') failedAccounts.delete(r.account_key);
    const perTenant = new Map<string, number>();
    for (const tenant of failedAccounts.values())
      if (tenant !== null) perTenant.set(tenant, (perTenant.get(tenant) ?? 0) + 1);
    const judged: Array<[string, number, MonitoringSettings['spraying']]> = [
      [INSTALLATION_CHAIN, failedAccounts.size, installation],
    ];
    for (const [tenantId, accounts] of perTenant)
      judged.push([tenantId, accounts, (await settingsOf(tenantId)).spraying]);
    for (const [tenantId, accounts, rule] of judged)
      if (accounts >= rule.accounts)
        found.push({
          tenantId,
          detector: 'password_spraying',
          severity: 'high',
          subjectType: 'network',
          subjectId: network,
          details: { accounts, threshold: rule.accounts, windowMinutes: rule.windowMinutes },
          at: last.created_at,
        });
  }
  return found;
}

/**
 * A successful sign-in from a device or a network the user has not signed in from within the
 * look-back. A user's very first sign-in has nothing to compare with and raises nothing.
 */
export async function detectNewDevice(
  db: Kysely<Database>,
  fresh: readonly Attempt[],
  settingsOf: SettingsOf,
  isOwner: (tenantId: string, userId: string) => Promise<boolean>,
): Promise<Detection[]> {
  const found: Detection[] = [];
  for (const a of fresh) {
    if (a.outcome !== 'success' || a.tenant_id === null || a.user_id === null) continue;
    const rule = (await settingsOf(a.tenant_id)).newDevice;
    if (!rule.enabled) continue;
    const history = await db
      .selectFrom('login_attempts')
      .select(['device_id', 'source_network'])
      .where('tenant_id', '=', a.tenant_id)
      .where('user_id', '=', a.user_id)
      .where('outcome', '=', 'success')
      .where('created_at', '>', minutesBefore(a.created_at, rule.lookbackDays * 1440))
      .where('created_at', '<', a.created_at)
      .execute();
    if (history.length === 0) continue;
    const newDevice = a.device_id !== null && !history.some((h) => h.device_id === a.device_id);
    const newNetwork = !history.some((h) => h.source_network === a.source_network);
    if (!newDevice && !newNetwork) continue;
    const owner = await isOwner(a.tenant_id, a.user_id);
    found.push({
      tenantId: a.tenant_id,
      detector: 'new_device',
      severity: owner ? 'high' : 'medium',
      subjectType: 'user',
      subjectId: a.user_id,
      details: { newDevice, newNetwork, lookbackDays: rule.lookbackDays },
      at: a.created_at,
      ...(owner ? { notifyUserId: a.user_id } : {}),
    });
  }
  return found;
}

/** A successful sign-in outside the shop's business hours (India Standard Time). */
export async function detectOffHours(
  fresh: readonly Attempt[],
  settingsOf: SettingsOf,
): Promise<Detection[]> {
  const found: Detection[] = [];
  for (const a of fresh) {
    if (a.outcome !== 'success' || a.tenant_id === null || a.user_id === null) continue;
    const hours = (await settingsOf(a.tenant_id)).businessHours;
    if (!hours.enabled || !outsideBusinessHours(new Date(a.created_at), hours)) continue;
    found.push({
      tenantId: a.tenant_id,
      detector: 'off_hours',
      severity: 'medium',
      subjectType: 'user',
      subjectId: a.user_id,
      details: { businessHours: `${hours.start}-${hours.end} IST` },
      at: a.created_at,
    });
  }
  return found;
}
