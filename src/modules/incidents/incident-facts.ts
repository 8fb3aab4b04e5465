/**
 * Gathers what notices say about an incident: the business and the stores concerned, the
 * incident as recorded, the affected customers found, the containment done (from the timeline),
 * the notices given to customers, and the contact from the plan.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { stateName } from '../../domain/gst/states.js';
import { categoryOf } from './incident-categories.js';
import type { IncidentText } from './incident-crypto.js';
import { lockIncident } from './incident-timeline.js';
import { affectedSummary, incidentReference, parseList } from './incident.views.js';
import type { IncidentPlanService } from './ir-plan.service.js';
import type { NoticeFacts } from './notice-drafts.js';

export class IncidentFacts {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      text: IncidentText;
      plan: IncidentPlanService;
    },
  ) {}

  async gather(tenantId: string, incidentId: string, deadline: string): Promise<NoticeFacts> {
    const { db } = this.deps;
    const row = await lockIncident(db, tenantId, incidentId);
    const scopes = await db
      .selectFrom('incident_scopes')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    return {
      business: await this.business(tenantId, parseList(row.store_ids)),
      incident: {
        reference: incidentReference(Number(row.number)),
        title: row.title,
        category: categoryOf(row.category),
        severity: row.severity,
        status: row.status,
        awareAt: row.aware_at,
        detectedAt: row.detected_at,
        description: await this.deps.text.open(
          { tenantId, table: 'incidents', column: 'description_enc', rowId: incidentId },
          row.description_enc,
        ),
        drill: row.drill === 1,
      },
      affected: scopes === undefined ? null : await affectedSummary(db, tenantId, incidentId),
      dataCategories: parseList(row.data_categories),
      measures: await this.measures(tenantId, incidentId),
      intimations: await this.intimations(tenantId, incidentId),
      contact: await this.deps.plan.contact(tenantId),
      deadline,
    };
  }

  /** The business, its GSTINs and the stores concerned (all when none were named). */
  async business(tenantId: string, storeIds: readonly string[] = []) {
    const tenant = await this.deps.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    let q = this.deps.db
      .selectFrom('stores')
      .select(['name', 'gstin', 'state_code'])
      .where('tenant_id', '=', tenantId);
    if (storeIds.length > 0) q = q.where('id', 'in', storeIds);
    const stores = await q.orderBy('name').execute();
    return {
      name: tenant?.name ?? 'the business',
      gstins: [...new Set(stores.map((s) => s.gstin))],
      stores: stores.map((s) => `${s.name}, ${stateName(s.state_code)}`),
    };
  }

  /** Containment actions on the timeline: code -> times (simulated ones count in a drill). */
  private async measures(tenantId: string, incidentId: string): Promise<Record<string, number>> {
    const events = await this.deps.db
      .selectFrom('incident_events')
      .select('details')
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'containment')
      .execute();
    const out: Record<string, number> = {};
    for (const e of events) {
      const action = String((JSON.parse(e.details) as { action?: unknown }).action);
      out[action] = (out[action] ?? 0) + 1;
    }
    return out;
  }

  /** Notices to affected customers: channel -> messages. */
  private async intimations(tenantId: string, incidentId: string): Promise<Record<string, number>> {
    const rows = await this.deps.db
      .selectFrom('incident_customer_notices')
      .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .groupBy('channel')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
  }
}
