/**
 * Access-review rows: the tenant's settings (frequency and time to answer), campaigns, and their
 * items (one per user-role grant). Every query filters by the tenant.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type {
  AccessReviewCampaignsTable,
  AccessReviewDecision,
  AccessReviewItemsTable,
} from '../../db/tables/security-audit.tables.js';
import type { ReviewFrequency } from './review-period.js';

export interface ReviewSettings {
  frequencyMonths: ReviewFrequency;
  dueDays: number;
}

export const defaultReviewSettings: ReviewSettings = { frequencyMonths: 3, dueDays: 14 };

export async function readSettings(db: Kysely<Database>, tenantId: string): Promise<ReviewSettings> {
  const row = await db
    .selectFrom('access_review_settings')
    .select(['frequency_months', 'due_days'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row === undefined
    ? defaultReviewSettings
    : { frequencyMonths: row.frequency_months as ReviewFrequency, dueDays: row.due_days };
}

export async function writeSettings(db: Kysely<Database>, tenantId: string, s: ReviewSettings, at: string) {
  const values = { frequency_months: s.frequencyMonths, due_days: s.dueDays, updated_at: at };
  await db
    .insertInto('access_review_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

/** The grants to review: every role of every active or invited user, with the role's name. */
export async function grantsToReview(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
    )
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'ur.tenant_id').onRef('u.id', '=', 'ur.user_id'),
    )
    .select(['ur.user_id', 'ur.role_id', 'ur.store_id', 'r.name'])
    .where('ur.tenant_id', '=', tenantId)
    .where('u.status', '!=', 'disabled')
    .orderBy('ur.user_id')
    .orderBy('r.name')
    .execute();
}

export async function openCampaign(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('access_review_campaigns')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export async function findCampaign(db: Kysely<Database>, tenantId: string, id: string) {
  return db
    .selectFrom('access_review_campaigns')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function campaignForPeriod(db: Kysely<Database>, tenantId: string, period: string) {
  return db
    .selectFrom('access_review_campaigns')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function listCampaigns(db: Kysely<Database>, tenantId: string, limit: number) {
  return db
    .selectFrom('access_review_campaigns')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function insertCampaign(db: Kysely<Database>, row: AccessReviewCampaignsTable) {
  await db.insertInto('access_review_campaigns').values(row).execute();
}

export async function insertItems(db: Kysely<Database>, rows: readonly AccessReviewItemsTable[]) {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('access_review_items')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function itemsOf(db: Kysely<Database>, tenantId: string, campaignId: string) {
  return db
    .selectFrom('access_review_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', campaignId)
    .orderBy('user_id')
    .orderBy('role_name')
    .orderBy('store_id')
    .execute();
}

export async function findItem(db: Kysely<Database>, tenantId: string, campaignId: string, id: string) {
  return db
    .selectFrom('access_review_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Records a decision on an undecided item; false when someone decided it first. */
export async function setDecision(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  decision: AccessReviewDecision,
  by: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('access_review_items')
    .set({ decision, decided_by: by, decided_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('decision', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Counts of a campaign's items by decision. */
export async function tally(db: Kysely<Database>, tenantId: string, campaignId: string) {
  const rows = await db
    .selectFrom('access_review_items')
    .select(['decision', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', campaignId)
    .groupBy('decision')
    .execute();
  const counts = { total: 0, confirmed: 0, removed: 0, pending: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    counts.total += n;
    if (r.decision === 'confirm') counts.confirmed += n;
    else if (r.decision === 'remove') counts.removed += n;
    else counts.pending += n;
  }
  return counts;
}
