/**
 * Scope analysis: for a suspect (an account, a device, an API token, a session, or a data key)
 * and a time window, which customers' personal data was revealed, exported or is readable with
 * the key. Reveals name their customer and fields in the audit trail; exports name their manifest
 * of customers; a key's customers come from what it encrypts (key-exposure.ts). The result (ids
 * and data categories, never contact details) is saved with the incident, the incident's data
 * categories grow by what was found, and the analysis is on the timeline and in the audit trail.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { dataCategoryCodes } from './incident-categories.js';
import { lockIncident, type IncidentTimeline } from './incident-timeline.js';
import type { IncidentActor } from './incident.service.js';
import { parseList } from './incident.views.js';
import { customersUnderKey, type Exposure } from './key-exposure.js';

export type SuspectType = 'user' | 'device' | 'api_token' | 'session' | 'key';

export interface ScopeRequest {
  suspect: { type: SuspectType; id: string; version?: number };
  /** Required except for keys (data at rest has no window). */
  from?: string;
  to?: string;
}

export interface ScopeView {
  id: string;
  suspectType: string;
  suspectId: string;
  keyVersion: number | null;
  from: string | null;
  to: string | null;
  entriesExamined: number;
  customers: number;
  categories: Record<string, number>;
  /** Exports in the window recorded without a list of the people in them. */
  unlistedExports: number;
  createdAt: string;
}

/** The devices, sessions and tokens, newest first, each with the person they belong to. */
export interface SuspectChoices {
  devices: { id: string; userId: string; lastSeenAt: string }[];
  sessions: { id: string; userId: string; startedAt: string; lastSeenAt: string }[];
  tokens: { id: string; userId: string; name: string; createdAt: string }[];
}

/** How many of each kind of suspect the picker offers. */
const CHOICES = 200;
const PAGE = 5000;
const CHUNK = 500;

interface AccessEntry {
  seq: number;
  action: string;
  object_id: string | null;
  details: string;
}

export class ScopeService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      timeline: IncidentTimeline;
    },
  ) {}

  async analyse(actor: IncidentActor, incidentId: string, request: ScopeRequest): Promise<ScopeView> {
    const { db } = this.deps;
    await lockIncident(db, actor.tenantId, incidentId);
    const window = this.window(request);
    const found =
      request.suspect.type === 'key'
        ? {
            ...(await customersUnderKey(db, actor.tenantId, request.suspect.id, request.suspect.version)),
            unlisted: 0,
          }
        : await this.fromTrail(actor.tenantId, request.suspect, window);
    const categories = countCategories(found.exposure);
    const now = this.deps.clock.now().toISOString();
    const view: ScopeView = {
      id: newId(),
      suspectType: request.suspect.type,
      suspectId: request.suspect.id,
      keyVersion: request.suspect.version ?? null,
      from: window?.from ?? null,
      to: window?.to ?? null,
      entriesExamined: found.examined,
      customers: found.exposure.size,
      categories,
      unlistedExports: found.unlisted,
      createdAt: now,
    };
    await db.transaction().execute(async (trx) => {
      const incident = await lockIncident(trx, actor.tenantId, incidentId);
      await trx
        .insertInto('incident_scopes')
        .values({
          tenant_id: actor.tenantId,
          id: view.id,
          incident_id: incidentId,
          suspect_type: view.suspectType,
          suspect_id: view.suspectId,
          key_version: view.keyVersion,
          window_from: view.from,
          window_to: view.to,
          entries_examined: view.entriesExamined,
          customer_count: view.customers,
          category_counts: JSON.stringify({ ...categories, unlistedExports: found.unlisted }),
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
      const rows = [...found.exposure].map(([customerId, cats]) => ({
        tenant_id: actor.tenantId,
        scope_id: view.id,
        incident_id: incidentId,
        customer_id: customerId,
        categories: JSON.stringify([...cats].sort()),
      }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await trx
          .insertInto('incident_affected_customers')
          .values(rows.slice(i, i + CHUNK))
          .execute();
      const known = new Set([...parseList(incident.data_categories), ...Object.keys(categories)]);
      await trx
        .updateTable('incidents')
        .set({
          data_categories: JSON.stringify(dataCategoryCodes.filter((c) => known.has(c))),
          updated_at: now,
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', incidentId)
        .execute();
      const details = {
        scopeId: view.id,
        suspectType: view.suspectType,
        suspectId: view.suspectId,
        customers: view.customers,
        categories: Object.entries(categories).map(([c, n]) => `${c}:${String(n)}`),
        unlistedExports: found.unlisted,
      };
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, { kind: 'scope', details });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.scope',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details,
      });
    });
    return view;
  }

  /**
   * What a scope analysis can be asked about, for picking from a list instead of typing an id:
   * the devices and sessions staff signed in with (newest first, each with its person) and the
   * API tokens. People's names and customers come from their own modules' searches.
   */
  async suspectChoices(actor: Pick<IncidentActor, 'tenantId'>): Promise<SuspectChoices> {
    const { db } = this.deps;
    const [devices, sessions, tokens] = await Promise.all([
      db
        .selectFrom('sessions')
        .select(['device_id', 'user_id', (eb) => eb.fn.max('last_seen_at').as('last_seen_at')])
        .where('tenant_id', '=', actor.tenantId)
        .where('device_id', 'is not', null)
        .groupBy(['device_id', 'user_id'])
        .orderBy('last_seen_at', 'desc')
        .limit(CHOICES)
        .execute(),
      db
        .selectFrom('sessions')
        .select(['id', 'user_id', 'created_at', 'last_seen_at'])
        .where('tenant_id', '=', actor.tenantId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(CHOICES)
        .execute(),
      db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'name', 'created_at'])
        .where('tenant_id', '=', actor.tenantId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(CHOICES)
        .execute(),
    ]);
    return {
      devices: devices.map((d) => ({
        id: d.device_id ?? '',
        userId: d.user_id,
        lastSeenAt: String(d.last_seen_at),
      })),
      sessions: sessions.map((r) => ({
        id: r.id,
        userId: r.user_id,
        startedAt: r.created_at,
        lastSeenAt: r.last_seen_at,
      })),
      tokens: tokens.map((r) => ({ id: r.id, userId: r.user_id, name: r.name, createdAt: r.created_at })),
    };
  }

  async list(actor: Pick<IncidentActor, 'tenantId'>, incidentId: string): Promise<ScopeView[]> {
    await lockIncident(this.deps.db, actor.tenantId, incidentId);
    const rows = await this.deps.db
      .selectFrom('incident_scopes')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('incident_id', '=', incidentId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => {
      const { unlistedExports, ...categories } = JSON.parse(r.category_counts) as Record<string, number>;
      return {
        id: r.id,
        suspectType: r.suspect_type,
        suspectId: r.suspect_id,
        keyVersion: r.key_version,
        from: r.window_from,
        to: r.window_to,
        entriesExamined: Number(r.entries_examined),
        customers: Number(r.customer_count),
        categories,
        unlistedExports: unlistedExports ?? 0,
        createdAt: r.created_at,
      };
    });
  }

  /** The affected customers of the incident (ids and categories), a page at a time. */
  async affected(
    actor: Pick<IncidentActor, 'tenantId'>,
    incidentId: string,
    page: { after?: string; limit: number },
  ): Promise<Array<{ customerId: string; categories: string[] }>> {
    await lockIncident(this.deps.db, actor.tenantId, incidentId);
    let q = this.deps.db
      .selectFrom('incident_affected_customers')
      .select('customer_id')
      .distinct()
      .where('tenant_id', '=', actor.tenantId)
      .where('incident_id', '=', incidentId);
    if (page.after !== undefined) q = q.where('customer_id', '>', page.after);
    const ids = (await q.orderBy('customer_id').limit(page.limit).execute()).map((r) => r.customer_id);
    if (ids.length === 0) return [];
    const rows = await this.deps.db
      .selectFrom('incident_affected_customers')
      .select(['customer_id', 'categories'])
      .where('tenant_id', '=', actor.tenantId)
      .where('incident_id', '=', incidentId)
      .where('customer_id', 'in', ids)
      .execute();
    const merged = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const r of rows) for (const c of parseList(r.categories)) merged.get(r.customer_id)?.add(c);
    return [...merged].map(([customerId, cats]) => ({ customerId, categories: [...cats].sort() }));
  }

  private window(request: ScopeRequest): { from: string; to: string } | null {
    if (request.suspect.type === 'key') return null;
    if (request.from === undefined) throw invalid('from', 'give the start of the window');
    if (request.to === undefined) throw invalid('to', 'give the end of the window');
    const from = new Date(request.from);
    const to = new Date(request.to);
    if (from.getTime() >= to.getTime()) throw invalid('to', 'must be after the start of the window');
    return { from: from.toISOString(), to: to.toISOString() };
  }

  /** Reveals and exports of customers' personal data by the suspect within the window. */
  private async fromTrail(
    tenantId: string,
    suspect: ScopeRequest['suspect'],
    window: { from: string; to: string } | null,
  ): Promise<{ exposure: Exposure; examined: number; unlisted: number }> {
    const { db } = this.deps;
    const tokens =
      suspect.type === 'user'
        ? (
            await db
              .selectFrom('api_tokens')
              .select('id')
              .where('tenant_id', '=', tenantId)
              .where('user_id', '=', suspect.id)
              .execute()
          ).map((t) => t.id)
        : [];
    const exposure: Exposure = new Map();
    let examined = 0;
    let unlisted = 0;
    for (let after = 0; ;) {
      let q = db
        .selectFrom('audit_entries')
        .select(['seq', 'action', 'object_id', 'details'])
        .where('tenant_id', '=', tenantId)
        .where('object_type', '=', 'customer')
        .where('outcome', '=', 'success')
        .where((eb) =>
          eb.or([eb('action', '=', 'customer.pii.reveal'), eb('action', '=', 'customer.pii.export')]),
        )
        .where('seq', '>', after);
      if (window !== null) q = q.where('occurred_at', '>=', window.from).where('occurred_at', '<', window.to);
      q = q.where((eb) => {
        if (suspect.type === 'device') return eb('device_id', '=', suspect.id);
        if (suspect.type === 'session') return eb('session_id', '=', suspect.id);
        if (suspect.type === 'api_token')
          return eb.and([eb('actor_type', '=', 'api_token'), eb('actor_id', '=', suspect.id)]);
        const asUser = eb.and([eb('actor_type', '=', 'user'), eb('actor_id', '=', suspect.id)]);
        return tokens.length === 0
          ? asUser
          : eb.or([asUser, eb.and([eb('actor_type', '=', 'api_token'), eb('actor_id', 'in', tokens)])]);
      });
      const entries: AccessEntry[] = await q.orderBy('seq').limit(PAGE).execute();
      for (const entry of entries) unlisted += await this.collect(tenantId, entry, exposure);
      examined += entries.length;
      if (entries.length < PAGE) break;
      after = Number(entries[entries.length - 1]?.seq);
    }
    return { exposure, examined, unlisted };
  }

  /** Adds one entry's customers; returns 1 for an export that lists nobody. */
  private async collect(tenantId: string, entry: AccessEntry, exposure: Exposure): Promise<number> {
    const details = JSON.parse(entry.details) as { field?: unknown; fields?: unknown };
    const fields = (
      Array.isArray(details.fields)
        ? (details.fields as unknown[]).map(String)
        : typeof details.field === 'string'
          ? details.field.split(',')
          : []
    ).filter((f) => (dataCategoryCodes as readonly string[]).includes(f));
    const note = (customerId: string) => {
      const set = exposure.get(customerId) ?? new Set<string>();
      for (const f of fields) set.add(f);
      exposure.set(customerId, set);
    };
    if (entry.action.endsWith('.reveal')) {
      if (entry.object_id !== null) note(entry.object_id);
      return 0;
    }
    if (entry.object_id === null) return 1;
    const listed = await this.deps.db
      .selectFrom('audit_export_subjects')
      .select('subject_id')
      .where('tenant_id', '=', tenantId)
      .where('export_id', '=', entry.object_id)
      .execute();
    for (const s of listed) note(s.subject_id);
    return listed.length === 0 ? 1 : 0;
  }
}

function countCategories(exposure: Exposure): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cats of exposure.values()) for (const c of cats) out[c] = (out[c] ?? 0) + 1;
  return out;
}
