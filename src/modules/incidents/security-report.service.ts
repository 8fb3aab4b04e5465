/**
 * Reports from the public page: anyone can report a suspected breach or a security problem, with
 * no account. A report goes to the business named by a GSTIN on its bills (or the only business
 * of the installation; otherwise to the operator), is sealed to that business's key (the public
 * page can write it, only the shop's side can open it), throttled per network, recorded, and
 * raised as an alert. Staff read it (recorded), close it, or promote it to an incident.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SecurityReportsTable } from '../../db/tables/incidents.tables.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { INSTALLATION_CHAIN, type AuditRecorder } from '../../kernel/audit.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { AlertService } from '../monitoring/alert.service.js';
import type { PublicSeal } from './incident-crypto.js';
import type { IncidentActor, IncidentService } from './incident.service.js';
import type { IncidentInput } from './incident.schemas.js';
import { admitPublic, publicContext } from './public-intake.js';

export const reportCategories = ['data_breach', 'phishing', 'vulnerability', 'lost_device', 'other'] as const;
export type ReportCategory = (typeof reportCategories)[number];

/** The incident category a report suggests. */
const incidentCategoryOf: Record<ReportCategory, string> = {
  data_breach: 'data_breach',
  phishing: 'identity_theft_phishing',
  vulnerability: 'application_attack',
  lost_device: 'lost_or_stolen_device',
  other: 'unauthorised_access',
};

export interface ReportInput {
  category: ReportCategory;
  description: string;
  contact?: string | undefined;
  shopGstin?: string | undefined;
}

export interface ReportView {
  id: string;
  category: string;
  receivedAt: string;
  status: SecurityReportsTable['status'];
  incidentId: string | null;
  handledBy: string | null;
  handledAt: string | null;
}

const view = (r: SecurityReportsTable): ReportView => ({
  id: r.id,
  category: r.category,
  receivedAt: r.received_at,
  status: r.status,
  incidentId: r.incident_id,
  handledBy: r.handled_by,
  handledAt: r.handled_at,
});

export class SecurityReportService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      seal: PublicSeal;
      alerts: AlertService;
      throttle: LoginThrottle;
      incidents: IncidentService;
    },
  ) {}

  /** Takes a report from the public page; returns its reference. */
  async submit(input: ReportInput, ip: string): Promise<{ reference: string; receivedAt: string }> {
    await admitPublic(this.deps.throttle, 'report', ip);
    const tenantId = await this.recipientOf(input.shopGstin);
    const id = newId();
    const sealed = await this.deps.seal.seal(tenantId, `security_reports|${id}`, {
      description: input.description,
      contact: input.contact ?? null,
    });
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('security_reports')
        .values({
          tenant_id: tenantId,
          id,
          category: input.category,
          sealed,
          received_at: now,
          status: 'new',
          incident_id: null,
          handled_by: null,
          handled_at: null,
        })
        .execute();
      await this.deps.audit.record(trx, publicContext(tenantId, ip), {
        action: 'security_report.receive',
        objectType: 'security_report',
        objectId: id,
        outcome: 'success',
        details: {
          category: input.category,
          withContact: input.contact !== undefined,
          length: input.description.length,
        },
      });
    });
    await this.deps.alerts.raise({
      tenantId,
      detector: 'security_report',
      severity: input.category === 'data_breach' ? 'high' : 'medium',
      subjectType: 'report',
      subjectId: id,
      details: { category: input.category },
      at: now,
    });
    return { reference: id.slice(0, 8).toUpperCase(), receivedAt: now };
  }

  async list(
    actor: Pick<IncidentActor, 'tenantId'>,
    status?: SecurityReportsTable['status'],
  ): Promise<ReportView[]> {
    let q = this.deps.db.selectFrom('security_reports').selectAll().where('tenant_id', '=', actor.tenantId);
    if (status !== undefined) q = q.where('status', '=', status);
    return (await q.orderBy('received_at', 'desc').limit(200).execute()).map(view);
  }

  /** One report, opened (the reading is recorded: it may hold the reporter's contact). */
  async read(
    actor: IncidentActor,
    id: string,
  ): Promise<ReportView & { description: string; contact: string | null }> {
    const row = await this.load(this.deps.db, actor.tenantId, id);
    const opened = await this.deps.seal.open<{ description: string; contact: string | null }>(
      actor.tenantId,
      `security_reports|${id}`,
      row.sealed,
    );
    await this.deps.audit.record(this.deps.db, actor.audit, {
      action: 'security_report.read',
      objectType: 'security_report',
      objectId: id,
      outcome: 'success',
    });
    return { ...view(row), ...opened };
  }

  /** Opens an incident from the report (the report's arrival is when the shop became aware). */
  async promote(actor: IncidentActor, id: string, input: Partial<IncidentInput>): Promise<string> {
    const row = await this.load(this.deps.db, actor.tenantId, id);
    if (row.status !== 'new') throw new AppError('conflict', `the report is already ${row.status}`);
    return this.deps.db.transaction().execute(async (trx) => {
      const incidentId = await this.deps.incidents.create(
        actor,
        {
          ...input,
          title: input.title ?? 'Reported by a member of the public',
          category: input.category ?? incidentCategoryOf[row.category as ReportCategory],
          severity: input.severity ?? 'medium',
          awareAt: input.awareAt ?? row.received_at,
        },
        { reportId: id, detectedAt: row.received_at },
        trx,
      );
      await this.handle(trx, actor, id, 'promoted', incidentId);
      return incidentId;
    });
  }

  async close(actor: IncidentActor, id: string): Promise<ReportView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.load(trx, actor.tenantId, id);
      if (row.status !== 'new') throw new AppError('conflict', `the report is already ${row.status}`);
      await this.handle(trx, actor, id, 'closed', null);
    });
    return view(await this.load(this.deps.db, actor.tenantId, id));
  }

  private async handle(
    trx: Kysely<Database>,
    actor: IncidentActor,
    id: string,
    status: 'promoted' | 'closed',
    incidentId: string | null,
  ): Promise<void> {
    await trx
      .updateTable('security_reports')
      .set({
        status,
        incident_id: incidentId,
        handled_by: actor.userId,
        handled_at: this.deps.clock.now().toISOString(),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await this.deps.audit.record(trx, actor.audit, {
      action: `security_report.${status === 'promoted' ? 'promote' : 'close'}`,
      objectType: 'security_report',
      objectId: id,
      outcome: 'success',
      details: incidentId === null ? {} : { incidentId },
    });
  }

  /** The business a report is for: by a GSTIN of one of its stores, or the only business here. */
  private async recipientOf(gstin: string | undefined): Promise<string> {
    if (gstin !== undefined) {
      const store = await this.deps.db
        .selectFrom('stores')
        .select('tenant_id')
        .where('gstin', '=', gstin.trim().toUpperCase())
        .executeTakeFirst();
      if (store !== undefined) return store.tenant_id;
    }
    const tenants = await this.deps.db
      .selectFrom('tenants')
      .select('id')
      .where('status', '=', 'active')
      .limit(2)
      .execute();
    return tenants.length === 1 && tenants[0] !== undefined ? tenants[0].id : INSTALLATION_CHAIN;
  }

  private async load(db: Kysely<Database>, tenantId: string, id: string): Promise<SecurityReportsTable> {
    const row = await db
      .selectFrom('security_reports')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('report');
    return row;
  }
}
