/**
 * Access reviews: periodic campaigns (quarterly by default) with one item per user-role grant,
 * each confirmed or removed by the store's managers or the owners. Every decision is recorded in
 * the audit trail; removing a role removes the grant and ends the user's sessions (through the
 * identity module) in the same transaction. Items left unanswered past the due date are escalated
 * to the owners with an alert. A campaign closes when every item is decided.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AccessReviewDecision, AccessReviewItemsTable } from '../../db/tables/security-audit.tables.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AccessContext } from '../../kernel/access-context.js';
import { systemContext, type AuditContext, type AuditRecorder } from '../../kernel/audit.js';
import type { RoleService } from '../auth/roles.service.js';
import type { Detection } from '../monitoring/alert.service.js';
import { activeOwners, mayDecide, reviewerScopeOf } from './access-review.policy.js';
import {
  campaignForPeriod,
  findCampaign,
  findItem,
  grantsToReview,
  insertCampaign,
  insertItems,
  openCampaign,
  readSettings,
  setDecision,
  tally,
  writeSettings,
  type ReviewSettings,
} from './access-review.repository.js';
import type { AccessReviewViews, CampaignView } from './access-review.views.js';
import { reviewPeriod } from './review-period.js';

export interface AccessReviewDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  roles: Pick<RoleService, 'revokeGrant'>;
  views: AccessReviewViews;
  raiseAlert?: (detection: Detection) => Promise<unknown>;
}

const DAY_MS = 86_400_000;

export class AccessReviewService {
  constructor(private readonly deps: AccessReviewDeps) {}

  async settings(tenantId: string): Promise<ReviewSettings> {
    return readSettings(this.deps.db, tenantId);
  }

  async updateSettings(ctx: AuditContext, settings: ReviewSettings): Promise<ReviewSettings> {
    await this.deps.db.transaction().execute(async (trx) => {
      await writeSettings(trx, ctx.tenantId, settings, this.deps.clock.now().toISOString());
      await this.deps.audit.record(trx, ctx, {
        action: 'settings.access_review.update',
        objectType: 'tenant',
        objectId: ctx.tenantId,
        outcome: 'success',
        details: { frequencyMonths: settings.frequencyMonths, dueDays: settings.dueDays },
      });
    });
    return settings;
  }

  /** Starts a campaign over every current grant; refused while another is open. */
  async start(
    ctx: AuditContext,
    trigger: 'schedule' | 'manual',
    createdBy: string | null,
  ): Promise<CampaignView> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const settings = await readSettings(db, ctx.tenantId);
    const id = newId();
    await db.transaction().execute(async (trx) => {
      if ((await openCampaign(trx, ctx.tenantId)) !== undefined)
        throw new AppError('conflict', 'an access review is already open; finish it first');
      const grants = await grantsToReview(trx, ctx.tenantId);
      const period = reviewPeriod(now, settings.frequencyMonths);
      await insertCampaign(trx, {
        tenant_id: ctx.tenantId,
        id,
        period,
        trigger,
        status: grants.length === 0 ? 'closed' : 'open',
        created_by: createdBy,
        created_at: now.toISOString(),
        due_at: new Date(now.getTime() + settings.dueDays * DAY_MS).toISOString(),
        closed_at: grants.length === 0 ? now.toISOString() : null,
        escalated_at: null,
      });
      const items: AccessReviewItemsTable[] = grants.map((g) => ({
        tenant_id: ctx.tenantId,
        id: newId(),
        campaign_id: id,
        user_id: g.user_id,
        role_id: g.role_id,
        role_name: g.name,
        store_id: g.store_id,
        reviewer_scope: reviewerScopeOf(g.name, g.store_id),
        decision: null,
        decided_by: null,
        decided_at: null,
        escalated_at: null,
      }));
      await insertItems(trx, items);
      await this.deps.audit.record(trx, ctx, {
        action: 'access_review.start',
        objectType: 'access_review',
        objectId: id,
        outcome: 'success',
        details: { period, trigger, items: items.length, dueDays: settings.dueDays },
      });
    });
    return this.deps.views.campaign(ctx.tenantId, id);
  }

  /**
   * Confirms or removes one grant. A removal takes the role away and ends the user's sessions in
   * the same transaction; the business always keeps an active owner.
   */
  async decide(
    auth: AccessContext,
    ctx: AuditContext,
    campaignId: string,
    itemId: string,
    decision: AccessReviewDecision,
  ): Promise<CampaignView> {
    const { db, clock } = this.deps;
    const reviewer = await this.deps.views.reviewer(auth);
    await db.transaction().execute(async (trx) => {
      const campaign = await findCampaign(trx, auth.tenantId, campaignId);
      const item = await findItem(trx, auth.tenantId, campaignId, itemId);
      if (campaign === undefined || item === undefined || !mayDecide(reviewer, item))
        throw notFound('review item');
      if (campaign.status !== 'open') throw new AppError('conflict', 'this access review is closed');
      if (item.decision !== null) throw new AppError('conflict', 'this item has already been decided');
      if (decision === 'remove' && item.role_name === 'owner')
        await this.keepAnOwner(trx, auth.tenantId, item);
      const at = clock.now().toISOString();
      if (!(await setDecision(trx, auth.tenantId, item.id, decision, auth.userId, at)))
        throw new AppError('conflict', 'this item has already been decided');
      const removal =
        decision === 'remove'
          ? await this.deps.roles.revokeGrant(trx, ctx, {
              userId: item.user_id,
              roleId: item.role_id,
              role: item.role_name,
              storeId: item.store_id,
              reason: 'access_review',
            })
          : undefined;
      await this.deps.audit.record(trx, ctx, {
        action: 'access_review.decide',
        objectType: 'access_review_item',
        objectId: item.id,
        outcome: 'success',
        details: {
          campaignId,
          decision,
          userId: item.user_id,
          role: item.role_name,
          store: item.store_id,
          escalated: item.escalated_at !== null,
          ...(removal === undefined
            ? {}
            : { grantRemoved: removal.removed, sessionsEnded: removal.sessionsEnded }),
        },
      });
      const counts = await tally(trx, auth.tenantId, campaignId);
      if (counts.pending === 0) {
        await trx
          .updateTable('access_review_campaigns')
          .set({ status: 'closed', closed_at: at })
          .where('tenant_id', '=', auth.tenantId)
          .where('id', '=', campaignId)
          .execute();
        await this.deps.audit.record(trx, ctx, {
          action: 'access_review.close',
          objectType: 'access_review',
          objectId: campaignId,
          outcome: 'success',
          details: { confirmed: counts.confirmed, removed: counts.removed },
        });
      }
    });
    return this.deps.views.campaign(auth.tenantId, campaignId);
  }

  /** The daily job: start each business's campaign for the period when due, escalate overdue items. */
  async runScheduled(): Promise<{ started: number; escalated: number }> {
    const { db, clock } = this.deps;
    const tenants = await db.selectFrom('tenants').select('id').where('status', '=', 'active').execute();
    let started = 0;
    let escalated = 0;
    for (const { id: tenantId } of tenants) {
      const ctx = systemContext(tenantId, 'access-review');
      const settings = await readSettings(db, tenantId);
      const period = reviewPeriod(clock.now(), settings.frequencyMonths);
      const open = await openCampaign(db, tenantId);
      if (open === undefined && (await campaignForPeriod(db, tenantId, period)) === undefined) {
        await this.start(ctx, 'schedule', null);
        started += 1;
      }
      escalated += await this.escalate(ctx);
    }
    return { started, escalated };
  }

  /** Escalates the open campaign's unanswered items once it is past due: to the owners, with an alert. */
  async escalate(ctx: AuditContext): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now().toISOString();
    const campaign = await openCampaign(db, ctx.tenantId);
    if (campaign === undefined || campaign.due_at > now) return 0;
    const count = await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('access_review_items')
        .set({ escalated_at: now })
        .where('tenant_id', '=', ctx.tenantId)
        .where('campaign_id', '=', campaign.id)
        .where('decision', 'is', null)
        .where('escalated_at', 'is', null)
        .executeTakeFirst();
      const n = Number(result.numUpdatedRows);
      if (n === 0) return 0;
      await trx
        .updateTable('access_review_campaigns')
        .set({ escalated_at: now })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', campaign.id)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'access_review.escalate',
        objectType: 'access_review',
        objectId: campaign.id,
        outcome: 'success',
        details: { items: n, dueAt: campaign.due_at },
      });
      return n;
    });
    if (count > 0)
      await this.deps.raiseAlert?.({
        tenantId: ctx.tenantId,
        detector: 'access_review_overdue',
        severity: 'medium',
        subjectType: 'access_review',
        subjectId: campaign.id,
        details: { pending: count, period: campaign.period },
        at: now,
      });
    return count;
  }

  private async keepAnOwner(
    trx: Kysely<Database>,
    tenantId: string,
    item: AccessReviewItemsTable,
  ): Promise<void> {
    const owners = await activeOwners(trx, tenantId);
    const others = owners.filter((o) => o !== item.user_id);
    const elsewhere = await trx
      .selectFrom('user_roles')
      .select('store_id')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', item.user_id)
      .where('role_id', '=', item.role_id)
      .where('store_id', '!=', item.store_id)
      .executeTakeFirst();
    if (others.length === 0 && elsewhere === undefined)
      throw new AppError('conflict', 'the business must keep an active owner: make someone else owner first');
  }
}
