/**
 * What reviewers see: campaigns with their counts, and the items a reviewer may see, with the
 * person's name (staff names are decrypted for the people reviewing them, as in the staff
 * directory), the role and store, the person's last activity, and whether this reviewer may decide.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AccessReviewCampaignsTable } from '../../db/tables/security-audit.tables.js';
import { notFound } from '../../domain/app-error.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { lastActivity } from '../security-audit/checks/identity.checks.js';
import { mayDecide, mayView, reviewerOf, type Reviewer } from './access-review.policy.js';
import { findCampaign, itemsOf, listCampaigns, tally } from './access-review.repository.js';
import type { CampaignView, ItemView } from './access-review.types.js';

export type { CampaignView, ItemView } from './access-review.types.js';

export class AccessReviewViews {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  async reviewer(auth: AccessContext): Promise<Reviewer> {
    return reviewerOf(this.db, auth.tenantId, auth.userId, auth.roles, auth.permissions);
  }

  private async view(row: AccessReviewCampaignsTable): Promise<CampaignView> {
    return {
      id: row.id,
      period: row.period,
      trigger: row.trigger,
      status: row.status,
      createdAt: row.created_at,
      dueAt: row.due_at,
      closedAt: row.closed_at,
      escalatedAt: row.escalated_at,
      counts: await tally(this.db, row.tenant_id, row.id),
    };
  }

  async list(tenantId: string, limit: number): Promise<CampaignView[]> {
    const rows = await listCampaigns(this.db, tenantId, limit);
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async campaign(tenantId: string, id: string): Promise<CampaignView> {
    const row = await findCampaign(this.db, tenantId, id);
    if (row === undefined) throw notFound('access review');
    return this.view(row);
  }

  /** The campaign with the items the caller may see. */
  async detail(auth: AccessContext, id: string): Promise<{ campaign: CampaignView; items: ItemView[] }> {
    const campaign = await this.campaign(auth.tenantId, id);
    const reviewer = await this.reviewer(auth);
    const items = (await itemsOf(this.db, auth.tenantId, id)).filter((i) => mayView(reviewer, i));
    const userIds = [...new Set(items.map((i) => i.user_id))];
    const accounts =
      userIds.length === 0
        ? []
        : await this.db
            .selectFrom('user_accounts')
            .select(['user_id', 'name_enc'])
            .where('tenant_id', '=', auth.tenantId)
            .where('user_id', 'in', userIds)
            .execute();
    const names = new Map<string, string>();
    for (const a of accounts)
      names.set(
        a.user_id,
        await this.cipher.decrypt(
          { tenantId: auth.tenantId, table: 'user_accounts', column: 'name_enc', rowId: a.user_id },
          a.name_enc,
        ),
      );
    const stores = new Map(
      (
        await this.db
          .selectFrom('stores')
          .select(['id', 'name'])
          .where('tenant_id', '=', auth.tenantId)
          .execute()
      ).map((s) => [s.id, s.name]),
    );
    const activity = await lastActivity(this.db, auth.tenantId);
    return {
      campaign,
      items: items.map((i) => ({
        id: i.id,
        userId: i.user_id,
        userName: names.get(i.user_id) ?? null,
        role: i.role_name,
        storeId: i.store_id,
        storeName: i.store_id === '*' ? null : (stores.get(i.store_id) ?? null),
        reviewer: i.reviewer_scope === '*' ? 'owners' : 'store_managers',
        decision: i.decision,
        decidedBy: i.decided_by,
        decidedAt: i.decided_at,
        escalated: i.escalated_at !== null,
        lastActiveAt: activity.get(i.user_id) ?? null,
        mayDecide: campaign.status === 'open' && i.decision === null && mayDecide(reviewer, i),
      })),
    };
  }
}
