/**
 * The detectors job: reads what arrived since its cursors (login attempts by time, each audit
 * chain by sequence number), runs every detector over it and raises what they find. Attempts
 * younger than a few seconds wait for the next run, so a transaction still committing on another
 * instance is not skipped. Cursors live in the database: any instance can run the next pass.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { entriesAfter } from '../audit/audit.repository.js';
import { loadGrants } from '../auth/account.repository.js';
import type { AlertService, Detection } from './alert.service.js';
import { detectFromAudit } from './audit-detectors.js';
import { detectBruteForce, detectNewDevice, detectOffHours, detectSpraying } from './login-detectors.js';
import type { MonitoringSettings, MonitoringSettingsService } from './monitoring-settings.js';

const LAG_MS = 5_000;
const FIRST_LOOK_BACK_MS = 3600_000;
const BATCH = 5_000;
const LOGIN_CURSOR = 'login_attempts';
const auditCursor = (tenantId: string) => `audit:${tenantId}`;

export class MonitorService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      alerts: AlertService;
      settings: MonitoringSettingsService;
    },
  ) {}

  /** One pass of every detector; returns the detections raised (folded ones included). */
  async run(): Promise<Detection[]> {
    const cache = new Map<string, Promise<MonitoringSettings>>();
    const settingsOf = (tenantId: string) => {
      const hit = cache.get(tenantId) ?? this.deps.settings.get(tenantId);
      cache.set(tenantId, hit);
      return hit;
    };
    const found = [...(await this.loginPass(settingsOf)), ...(await this.auditPass(settingsOf))];
    for (const detection of found) await this.deps.alerts.raise(detection);
    return found;
  }

  private async loginPass(settingsOf: (t: string) => Promise<MonitoringSettings>): Promise<Detection[]> {
    const { db } = this.deps;
    const upTo = new Date(this.deps.clock.now().getTime() - LAG_MS).toISOString();
    const cursor =
      (await this.cursor(LOGIN_CURSOR)) ??
      `${new Date(Date.parse(upTo) - FIRST_LOOK_BACK_MS).toISOString()}|`;
    const [afterTime = '', afterId = ''] = cursor.split('|');
    const fresh = await db
      .selectFrom('login_attempts')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('created_at', '>', afterTime),
          eb.and([eb('created_at', '=', afterTime), eb('id', '>', afterId)]),
        ]),
      )
      .where('created_at', '<=', upTo)
      .orderBy('created_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (fresh.length === 0) return [];
    const isOwner = async (tenantId: string, userId: string) =>
      (await loadGrants(db, tenantId, userId)).roles.includes('owner');
    const found = [
      ...(await detectBruteForce(db, fresh, settingsOf)),
      ...(await detectSpraying(db, fresh, settingsOf)),
      ...(await detectNewDevice(db, fresh, settingsOf, isOwner)),
      ...(await detectOffHours(fresh, settingsOf)),
    ];
    const last = fresh[fresh.length - 1];
    if (last !== undefined) await this.saveCursor(LOGIN_CURSOR, `${last.created_at}|${last.id}`);
    return found;
  }

  private async auditPass(settingsOf: (t: string) => Promise<MonitoringSettings>): Promise<Detection[]> {
    const { db } = this.deps;
    const heads = await db.selectFrom('audit_heads').select(['tenant_id', 'seq']).execute();
    const cursors = new Map(
      (await db.selectFrom('monitor_cursors').selectAll().where('name', 'like', 'audit:%').execute()).map(
        (c) => [c.name, Number(c.position)],
      ),
    );
    const found: Detection[] = [];
    for (const head of heads) {
      const name = auditCursor(head.tenant_id);
      // A chain first seen is read from its last hour: older history is not replayed as alerts.
      let after = cursors.get(name);
      if (after === undefined) {
        after = await this.recentStart(head.tenant_id, Number(head.seq));
        await this.saveCursor(name, String(after));
      }
      if (Number(head.seq) <= after) continue;
      const fresh = await entriesAfter(db, head.tenant_id, after, BATCH);
      found.push(...(await detectFromAudit(db, head.tenant_id, fresh, await settingsOf(head.tenant_id))));
      const last = fresh[fresh.length - 1];
      if (last !== undefined) await this.saveCursor(name, String(last.seq));
    }
    return found;
  }

  private async recentStart(tenantId: string, headSeq: number): Promise<number> {
    const since = new Date(this.deps.clock.now().getTime() - FIRST_LOOK_BACK_MS).toISOString();
    const row = await this.deps.db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .where('tenant_id', '=', tenantId)
      .where('occurred_at', '>=', since)
      .executeTakeFirst();
    return row?.seq === null || row?.seq === undefined ? headSeq : Number(row.seq) - 1;
  }

  private async cursor(name: string): Promise<string | undefined> {
    const row = await this.deps.db
      .selectFrom('monitor_cursors')
      .select('position')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.position;
  }

  private async saveCursor(name: string, position: string): Promise<void> {
    await this.deps.db
      .insertInto('monitor_cursors')
      .values({ name, position })
      .onConflict((oc) => oc.column('name').doUpdateSet({ position }))
      .execute();
  }
}
