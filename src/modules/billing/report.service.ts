/**
 * Returns data for the accountant: GSTR-1 JSON for a GSTIN and month, and the sales register CSV
 * for a date range, both streamed from the database. Each export is recorded in the audit trail
 * (it carries buyers' GSTINs).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import { parseReturnPeriod } from '../../domain/numbering/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { buildGstr1 } from '../returns/gstr1.builder.js';
import { buildGstr3b, type Gstr3bJson } from '../returns/gstr3b.builder.js';
import { buildSalesRegisterCsv } from '../returns/sales-register.builder.js';
import { visibleStores, type ServiceActor } from '../../kernel/actor.js';
import type { DocumentCipher } from './document-crypto.js';
import { documentsByDate, gstr1Source } from './returns-source.js';
import { listStores } from './store.repository.js';

/** Longest sales-register range in one export. */
const MAX_REGISTER_DAYS = 366;

export class ReportService {
  constructor(
    private readonly deps: { db: Kysely<Database>; cipher: DocumentCipher; audit: AuditRecorder },
  ) {}

  /**
   * GSTR-1 for a month (`MMYYYY`). `gstin` may be left out when the tenant's stores share one.
   * The caller must see every store of that GSTIN (a return covers them all).
   */
  async gstr1(
    actor: ServiceActor,
    periodText: string,
    gstin?: string,
  ): Promise<{ gstin: string; chunks: AsyncIterable<string> }> {
    const { chosen, period } = await this.#returnScope(actor, periodText, gstin);
    await this.deps.audit.record(this.deps.db, actor.audit, {
      action: 'report.gstr1.export',
      objectType: 'gstr1',
      objectId: `${chosen}/${period.fp}`,
      outcome: 'success',
      details: { period: period.fp },
    });
    const source = gstr1Source(this.deps.db, this.deps.cipher, actor.tenantId, chosen, period);
    return { gstin: chosen, chunks: buildGstr1({ gstin: chosen, period: period.fp }, source) };
  }

  /**
   * GSTR-3B tables 3.1 and 3.2 for a month (`MMYYYY`), from the same documents as GSTR-1 of that
   * month. It holds no buyer's identity (3.2 is by state), so reading it is not audited.
   */
  async gstr3b(actor: ServiceActor, periodText: string, gstin?: string): Promise<Gstr3bJson> {
    const { chosen, period } = await this.#returnScope(actor, periodText, gstin);
    const source = gstr1Source(this.deps.db, this.deps.cipher, actor.tenantId, chosen, period);
    return buildGstr3b({ gstin: chosen, period: period.fp }, source);
  }

  /**
   * The GSTIN and month of a return. `gstin` may be left out when the tenant's stores share one.
   * The caller must see every store of that GSTIN (a return covers them all).
   */
  async #returnScope(
    actor: ServiceActor,
    periodText: string,
    gstin: string | undefined,
  ): Promise<{ chosen: string; period: ReturnType<typeof parseReturnPeriod> }> {
    const period = parseReturnPeriod(periodText, 'period');
    const stores = await listStores(this.deps.db, actor.tenantId);
    const gstins = [...new Set(stores.map((s) => s.gstin))];
    const chosen = gstin?.toUpperCase() ?? (gstins.length === 1 ? gstins[0] : undefined);
    if (chosen === undefined)
      throw invalid(
        'gstin',
        'the stores are registered under several GSTINs, each with its own return: choose one',
      );
    const covered = stores.filter((s) => s.gstin === chosen);
    if (covered.length === 0) throw notFound('GSTIN');
    const visible = visibleStores(actor);
    if (visible !== 'all' && covered.some((s) => !visible.includes(s.id))) throw notFound('GSTIN');
    return { chosen, period };
  }

  /** The sales register CSV for a date range (IST dates), optionally one store. */
  async salesRegister(
    actor: ServiceActor,
    range: { from: string; to: string; storeId?: string },
  ): Promise<AsyncIterable<string>> {
    if (range.to < range.from) throw invalid('to', 'must not be before from');
    const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
    if (days > MAX_REGISTER_DAYS) throw invalid('to', `export at most ${MAX_REGISTER_DAYS} days at once`);
    const visible = visibleStores(actor);
    let storeIds: readonly string[] | undefined = visible === 'all' ? undefined : visible;
    if (range.storeId !== undefined) {
      if (visible !== 'all' && !visible.includes(range.storeId)) throw notFound('store');
      storeIds = [range.storeId];
    }
    if (storeIds !== undefined && storeIds.length === 0)
      throw new AppError('forbidden', 'you are assigned to no store');
    await this.deps.audit.record(this.deps.db, actor.audit, {
      action: 'report.sales_register.export',
      objectType: 'sales_register',
      outcome: 'success',
      details: { from: range.from, to: range.to, storeId: range.storeId ?? null },
    });
    const docs = documentsByDate(this.deps.db, this.deps.cipher, {
      tenantId: actor.tenantId,
      from: range.from,
      to: range.to,
      ...(storeIds === undefined ? {} : { storeIds }),
    });
    return buildSalesRegisterCsv(docs);
  }
}
