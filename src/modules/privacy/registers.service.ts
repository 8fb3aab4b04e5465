/**
 * The processor (vendor) register and the staff training register. Processors: who receives
 * personal data on the shop's behalf (payment gateway, SMS and email providers, hosting, backup),
 * which data, where, contract and DPA status and review dates. Training: courses with their
 * renewal period and the roles that must take them; completions per person; the register shows
 * each person's status per required course (done, due soon, overdue, never). Every change is
 * audited (ids and codes only).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/ist-date.js';
import { newId } from '../../domain/ids.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { loadGrants } from '../auth/account.repository.js';

export const processorServices = [
  'payment_gateway',
  'sms',
  'email',
  'whatsapp',
  'hosting',
  'backup',
  'other',
] as const;
export const contractStatuses = ['signed', 'pending', 'none'] as const;
export const dpaStatuses = ['signed', 'pending', 'not_required', 'none'] as const;

export interface ProcessorInput {
  name: string;
  service: (typeof processorServices)[number];
  purpose: string;
  dataCategories: string[];
  location: string;
  contractStatus: (typeof contractStatuses)[number];
  dpaStatus: (typeof dpaStatuses)[number];
  dpaSignedOn?: string | null;
  lastReviewedOn?: string | null;
  nextReviewOn?: string | null;
  notes?: string | null;
}

export interface ProcessorView extends Required<ProcessorInput> {
  id: string;
  reviewOverdue: boolean;
  updatedAt: string;
}

interface Deps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
}

export class ProcessorRegister {
  constructor(private readonly deps: Deps) {}

  async list(tenantId: string): Promise<ProcessorView[]> {
    const today = istDateOf(this.deps.clock.now());
    const rows = await this.deps.db
      .selectFrom('processors')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      service: r.service as ProcessorInput['service'],
      purpose: r.purpose,
      dataCategories: JSON.parse(r.data_categories) as string[],
      location: r.location,
      contractStatus: r.contract_status as ProcessorInput['contractStatus'],
      dpaStatus: r.dpa_status as ProcessorInput['dpaStatus'],
      dpaSignedOn: r.dpa_signed_on,
      lastReviewedOn: r.last_reviewed_on,
      nextReviewOn: r.next_review_on,
      notes: r.notes,
      reviewOverdue: r.next_review_on !== null && r.next_review_on < today,
      updatedAt: r.updated_at,
    }));
  }

  /** Adds a processor (id absent) or replaces one. */
  async save(ctx: AuditContext, input: ProcessorInput, id?: string): Promise<ProcessorView> {
    const now = this.deps.clock.now().toISOString();
    const values = {
      name: input.name,
      service: input.service,
      purpose: input.purpose,
      data_categories: JSON.stringify(input.dataCategories),
      location: input.location,
      contract_status: input.contractStatus,
      dpa_status: input.dpaStatus,
      dpa_signed_on: input.dpaSignedOn ?? null,
      last_reviewed_on: input.lastReviewedOn ?? null,
      next_review_on: input.nextReviewOn ?? null,
      notes: input.notes ?? null,
      updated_at: now,
    };
    const processorId = id ?? newId();
    await this.deps.db.transaction().execute(async (trx) => {
      if (id === undefined)
        await trx
          .insertInto('processors')
          .values({ tenant_id: ctx.tenantId, id: processorId, created_at: now, ...values })
          .execute();
      else {
        const result = await trx
          .updateTable('processors')
          .set(values)
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw notFound('processor');
      }
      await this.deps.audit.record(trx, ctx, {
        action: id === undefined ? 'privacy.processor.add' : 'privacy.processor.update',
        objectType: 'processor',
        objectId: processorId,
        outcome: 'success',
        details: { service: input.service, dpaStatus: input.dpaStatus, contractStatus: input.contractStatus },
      });
    });
    const saved = (await this.list(ctx.tenantId)).find((p) => p.id === processorId);
    if (saved === undefined) throw notFound('processor');
    return saved;
  }

  async remove(ctx: AuditContext, id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('processors')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound('processor');
      await this.deps.audit.record(trx, ctx, {
        action: 'privacy.processor.remove',
        objectType: 'processor',
        objectId: id,
        outcome: 'success',
      });
    });
  }
}

export interface CourseView {
  id: string;
  title: string;
  renewMonths: number;
  requiredRoles: string[];
}

export type TrainingStatus = 'done' | 'due_soon' | 'overdue' | 'never';

export interface TrainingRow {
  userId: string;
  roles: string[];
  courseId: string;
  courseTitle: string;
  completedOn: string | null;
  dueOn: string | null;
  status: TrainingStatus;
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export class TrainingRegister {
  constructor(private readonly deps: Deps) {}

  async courses(tenantId: string): Promise<CourseView[]> {
    const rows = await this.deps.db
      .selectFrom('training_courses')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('title')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      renewMonths: r.renew_months,
      requiredRoles: JSON.parse(r.required_roles) as string[],
    }));
  }

  async addCourse(
    ctx: AuditContext,
    input: { title: string; renewMonths: number; requiredRoles: string[] },
  ): Promise<CourseView> {
    const id = newId();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('training_courses')
        .values({
          tenant_id: ctx.tenantId,
          id,
          title: input.title,
          renew_months: input.renewMonths,
          required_roles: JSON.stringify(input.requiredRoles),
          created_at: this.deps.clock.now().toISOString(),
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'privacy.training.course.add',
        objectType: 'training_course',
        objectId: id,
        outcome: 'success',
      });
    });
    return { id, ...input };
  }

  /** Records that a member of staff completed a course on a date; the next one is due after the renewal period. */
  async recordCompletion(
    ctx: AuditContext,
    input: { courseId: string; userId: string; completedOn: string },
  ): Promise<void> {
    const { db } = this.deps;
    const course = await db
      .selectFrom('training_courses')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', input.courseId)
      .executeTakeFirst();
    if (course === undefined) throw notFound('course');
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (user === undefined) throw notFound('user');
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('training_completions')
        .values({
          tenant_id: ctx.tenantId,
          id,
          course_id: input.courseId,
          user_id: input.userId,
          completed_on: input.completedOn,
          due_on: course.renew_months > 0 ? addMonths(input.completedOn, course.renew_months) : null,
          recorded_by: ctx.actor.id,
          recorded_at: this.deps.clock.now().toISOString(),
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'privacy.training.complete',
        objectType: 'user',
        objectId: input.userId,
        outcome: 'success',
        details: { courseId: input.courseId, completedOn: input.completedOn },
      });
    });
  }

  /** Each active member of staff against each course their roles require. */
  async register(tenantId: string): Promise<TrainingRow[]> {
    const { db } = this.deps;
    const today = istDateOf(this.deps.clock.now());
    const soon = addMonths(today, 1);
    const courses = await this.courses(tenantId);
    const users = await db
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
    const completions = await db
      .selectFrom('training_completions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('completed_on', 'desc')
      .execute();
    const out: TrainingRow[] = [];
    for (const { id: userId } of users) {
      const roles = (await loadGrants(db, tenantId, userId)).roles;
      for (const course of courses) {
        if (course.requiredRoles.length > 0 && !course.requiredRoles.some((r) => roles.includes(r))) continue;
        const last = completions.find((c) => c.user_id === userId && c.course_id === course.id);
        const dueOn = last?.due_on ?? null;
        const status: TrainingStatus =
          last === undefined
            ? 'never'
            : dueOn === null
              ? 'done'
              : dueOn < today
                ? 'overdue'
                : dueOn <= soon
                  ? 'due_soon'
                  : 'done';
        out.push({
          userId,
          roles: [...roles],
          courseId: course.id,
          courseTitle: course.title,
          completedOn: last?.completed_on ?? null,
          dueOn,
          status,
        });
      }
    }
    return out;
  }
}
