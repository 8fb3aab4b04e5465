/**
 * What the API shows of an incident: its fields, the CERT-In type of its category, the statuses
 * it may move to, its regulatory clocks as countdowns at `now`, time to contain, and the affected
 * customers found by its scope analyses (counts only; ids on request).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncidentsTable, IncidentStatus } from '../../db/tables/incidents.tables.js';
import { categoryOf, nextStatuses } from './incident-categories.js';
import { regulatoryClocks, type ClockState, type NoticeFacts } from './regulatory-clocks.js';

export interface AffectedSummary {
  customers: number;
  /** Customers per data category. */
  categories: Record<string, number>;
}

export interface IncidentView {
  id: string;
  number: number;
  reference: string;
  title: string;
  category: string;
  certIn: { item: number; type: string };
  severity: string;
  status: IncidentStatus;
  nextStatuses: IncidentStatus[];
  drill: boolean;
  awareAt: string;
  detectedAt: string | null;
  ownerUserId: string | null;
  storeIds: string[];
  dataCategories: string[];
  euAffected: boolean;
  sourceAlertId: string | null;
  sourceReportId: string | null;
  containedAt: string | null;
  /** From awareness to containment. */
  timeToContainMs: number | null;
  closedAt: string | null;
  reviewedAt: string | null;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  clocks: ClockState[];
  affected: AffectedSummary;
}

export const incidentReference = (number: number): string => `INC-${String(number)}`;

/** The notices of some incidents, as the clocks need them. */
export async function noticeFacts(
  db: Kysely<Database>,
  tenantId: string,
  incidentIds: readonly string[],
): Promise<Map<string, NoticeFacts[]>> {
  const out = new Map<string, NoticeFacts[]>();
  if (incidentIds.length === 0) return out;
  const rows = await db
    .selectFrom('incident_notices')
    .select(['incident_id', 'authority', 'status', 'sent_at', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('incident_id', 'in', incidentIds)
    .execute();
  for (const r of rows)
    out.set(r.incident_id, [
      ...(out.get(r.incident_id) ?? []),
      { authority: r.authority, status: r.status, sentAt: r.sent_at, updatedAt: r.updated_at },
    ]);
  return out;
}

/** The union of every scope analysis of an incident: customers, and customers per category. */
export async function affectedSummary(
  db: Kysely<Database>,
  tenantId: string,
  incidentId: string,
): Promise<AffectedSummary> {
  const byCustomer = await affectedCategories(db, tenantId, incidentId);
  const categories: Record<string, number> = {};
  for (const cats of byCustomer.values()) for (const c of cats) categories[c] = (categories[c] ?? 0) + 1;
  return { customers: byCustomer.size, categories };
}

/** Each affected customer of an incident with the data categories exposed (across scopes). */
export async function affectedCategories(
  db: Kysely<Database>,
  tenantId: string,
  incidentId: string,
): Promise<Map<string, Set<string>>> {
  const rows = await db
    .selectFrom('incident_affected_customers')
    .select(['customer_id', 'categories'])
    .where('tenant_id', '=', tenantId)
    .where('incident_id', '=', incidentId)
    .execute();
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.customer_id) ?? new Set<string>();
    for (const c of JSON.parse(r.categories) as string[]) set.add(c);
    out.set(r.customer_id, set);
  }
  return out;
}

export const parseList = (json: string): string[] => JSON.parse(json) as string[];

export function incidentView(
  row: IncidentsTable,
  notices: readonly NoticeFacts[],
  affected: AffectedSummary,
  now: Date,
): IncidentView {
  const dataCategories = parseList(row.data_categories);
  const euAffected = row.eu_affected === 1;
  const category = categoryOf(row.category);
  return {
    id: row.id,
    number: Number(row.number),
    reference: incidentReference(Number(row.number)),
    title: row.title,
    category: row.category,
    certIn: category.certIn,
    severity: row.severity,
    status: row.status,
    nextStatuses: nextStatuses(row.status),
    drill: row.drill === 1,
    awareAt: row.aware_at,
    detectedAt: row.detected_at,
    ownerUserId: row.owner_user_id,
    storeIds: parseList(row.store_ids),
    dataCategories,
    euAffected,
    sourceAlertId: row.source_alert_id,
    sourceReportId: row.source_report_id,
    containedAt: row.contained_at,
    timeToContainMs:
      row.contained_at === null ? null : Date.parse(row.contained_at) - Date.parse(row.aware_at),
    closedAt: row.closed_at,
    reviewedAt: row.reviewed_at,
    resolution: row.resolution,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    clocks: regulatoryClocks({ awareAt: row.aware_at, euAffected, dataCategories }, notices, now),
    affected,
  };
}
