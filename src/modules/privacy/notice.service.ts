/**
 * Versions of the shop's privacy notice: what a customer is told before consenting (purposes,
 * rights, grievance contact). Consent records name the version shown. Until the shop publishes
 * its own, Tijori's built-in notice (version `tijori-1`) applies.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';

export const BUILTIN_NOTICE = {
  version: 'tijori-1',
  summary:
    'We keep your name, phone, email and address to bill you, keep your account and, only if you agree, ' +
    'to send offers by SMS, WhatsApp or email and run our loyalty programme. Invoices are kept for 72 ' +
    'months as GST law requires. You may see, export, correct or erase your data and withdraw consent ' +
    'at any time, at the counter or on our privacy request page.',
  publishedAt: '2026-01-01T00:00:00.000Z',
} as const;

export interface NoticeView {
  version: string;
  summary: string;
  publishedAt: string;
}

export class NoticeService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; audit: AuditRecorder }) {}

  /** The notice in force: the latest published, else the built-in one. */
  async current(tenantId: string, db: Kysely<Database> = this.deps.db): Promise<NoticeView> {
    const row = await db
      .selectFrom('privacy_notice_versions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('published_at', 'desc')
      .orderBy('version', 'desc')
      .executeTakeFirst();
    return row === undefined
      ? { ...BUILTIN_NOTICE }
      : { version: row.version, summary: row.summary, publishedAt: row.published_at };
  }

  async list(tenantId: string): Promise<NoticeView[]> {
    const rows = await this.deps.db
      .selectFrom('privacy_notice_versions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('published_at', 'desc')
      .execute();
    return [
      ...rows.map((r) => ({ version: r.version, summary: r.summary, publishedAt: r.published_at })),
      { ...BUILTIN_NOTICE },
    ];
  }

  /** Throws unless `version` is the built-in notice or one the shop published. */
  async require(tenantId: string, version: string, db: Kysely<Database> = this.deps.db): Promise<void> {
    if (version === BUILTIN_NOTICE.version) return;
    const row = await db
      .selectFrom('privacy_notice_versions')
      .select('version')
      .where('tenant_id', '=', tenantId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (row === undefined) throw invalid('noticeVersion', 'no privacy notice has this version');
  }

  /** Publishes a new version; versions never change once published. */
  async publish(ctx: AuditContext, input: { version: string; summary: string }): Promise<NoticeView> {
    const publishedAt = this.deps.clock.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('privacy_notice_versions')
        .select('version')
        .where('tenant_id', '=', ctx.tenantId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (exists !== undefined || input.version === BUILTIN_NOTICE.version)
        throw new AppError('conflict', 'this notice version exists: publish a new version', 'version');
      await trx
        .insertInto('privacy_notice_versions')
        .values({
          tenant_id: ctx.tenantId,
          version: input.version,
          summary: input.summary,
          published_at: publishedAt,
          published_by: ctx.actor.id,
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'privacy.notice.publish',
        objectType: 'privacy_notice',
        objectId: input.version,
        outcome: 'success',
      });
    });
    return { version: input.version, summary: input.summary, publishedAt };
  }
}
