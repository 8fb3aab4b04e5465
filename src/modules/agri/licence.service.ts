/**
 * A store's dealer licences (issue 17): pesticide (Insecticides Rules 1971, r.10), fertiliser
 * (Fertiliser Control Order 1985, cl.8) and seed (Seeds Control Order 1983, cl.3) numbers with
 * their validity. Bills of items of those categories print the licence; a sale of a category
 * whose licence is missing or has expired is refused; the self-audit reports licences that have
 * expired or expire within 30 days.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { addDays, daysBetween } from '../../domain/agri/season.js';
import { formatIndianDate, istDateOf } from '../../domain/gst/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { authorizeStore } from '../auth/access.policy.js';
import { licenceKinds, type LicenceKind } from './batch.repository.js';

export interface LicenceInput {
  number: string;
  validFrom?: string | null;
  validUntil: string;
}

/** Where a licence stands on the shop's IST date. */
export type LicenceState = 'valid' | 'expiring' | 'expired' | 'not-yet-valid';

/** Days before its end a licence is reported as expiring soon (settings, counter, self-audit). */
export const LICENCE_WARN_DAYS = 30;

export interface LicenceView {
  kind: LicenceKind;
  number: string;
  validFrom: string | null;
  validUntil: string;
  /** Expired on the shop's IST date: sales of its categories are refused. */
  expired: boolean;
  state: LicenceState;
  /** Days from today to its last valid day (negative: expired that many days ago). */
  daysLeft: number;
}

/** Why a sale of a licensed category is refused (`details.reason` of the refusal). */
export type LicenceRefusal = 'licence-missing' | 'licence-expired' | 'licence-not-yet-valid';

export function licenceState(
  licence: { validFrom: string | null; validUntil: string },
  today: string,
): LicenceState {
  if (licence.validUntil < today) return 'expired';
  if (licence.validFrom !== null && licence.validFrom > today) return 'not-yet-valid';
  return daysBetween(today, licence.validUntil) <= LICENCE_WARN_DAYS ? 'expiring' : 'valid';
}

const WHAT: Readonly<Record<LicenceKind, string>> = {
  pesticide: 'pesticide (insecticide) licence',
  fertiliser: 'fertiliser licence',
  seed: 'seed licence',
};

export class LicenceService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async list(actor: ServiceActor, storeId: string): Promise<LicenceView[]> {
    await authorizeStore(this.db, actor, 'invoice.read', storeId);
    const store = await this.db
      .selectFrom('stores')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', storeId)
      .executeTakeFirst();
    if (store === undefined) throw notFound('store');
    return this.forStore(actor.tenantId, storeId);
  }

  /** The store's licences in kind order (for bills and the settings page). */
  async forStore(tenantId: string, storeId: string): Promise<LicenceView[]> {
    const today = istDateOf(this.clock.now());
    const rows = await this.db
      .selectFrom('dealer_licences')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('store_id', '=', storeId)
      .execute();
    return licenceKinds.flatMap((kind) => {
      const r = rows.find((x) => x.kind === kind);
      if (r === undefined) return [];
      const dates = { validFrom: r.valid_from, validUntil: r.valid_until };
      return [
        {
          kind,
          number: r.number,
          ...dates,
          expired: r.valid_until < today,
          state: licenceState(dates, today),
          daysLeft: daysBetween(today, r.valid_until),
        },
      ];
    });
  }

  async set(
    actor: ServiceActor,
    storeId: string,
    kind: LicenceKind,
    input: LicenceInput,
  ): Promise<LicenceView> {
    await authorizeStore(this.db, actor, 'settings.manage', storeId);
    if (input.validFrom !== undefined && input.validFrom !== null && input.validFrom >= input.validUntil)
      throw new AppError(
        'validation_failed',
        'the licence must end after the day it was issued',
        'validUntil',
      );
    const now = this.clock.now().toISOString();
    const row = {
      number: input.number,
      valid_from: input.validFrom ?? null,
      valid_until: input.validUntil,
      updated_by: actor.userId,
      updated_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('dealer_licences')
        .values({ tenant_id: actor.tenantId, store_id: storeId, kind, ...row })
        .onConflict((oc) => oc.columns(['tenant_id', 'store_id', 'kind']).doUpdateSet(row))
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'store.licence',
        objectType: 'store',
        objectId: storeId,
        outcome: 'success',
        details: { kind, validFrom: input.validFrom ?? null, validUntil: input.validUntil },
      });
    });
    const view = (await this.forStore(actor.tenantId, storeId)).find((l) => l.kind === kind);
    if (view === undefined) throw notFound('licence');
    return view;
  }

  async remove(actor: ServiceActor, storeId: string, kind: LicenceKind): Promise<void> {
    await authorizeStore(this.db, actor, 'settings.manage', storeId);
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('dealer_licences')
        .where('tenant_id', '=', actor.tenantId)
        .where('store_id', '=', storeId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('licence');
      await this.audit.record(trx, actor.audit, {
        action: 'store.licence_removed',
        objectType: 'store',
        objectId: storeId,
        outcome: 'success',
        details: { kind },
      });
    });
  }

  /** Refuses a sale on `date` of a category needing a licence the store lacks or let expire. */
  async requireValid(
    trx: Kysely<Database>,
    tenantId: string,
    storeId: string,
    kind: LicenceKind,
    date: string,
    field: string,
  ): Promise<void> {
    const row = await trx
      .selectFrom('dealer_licences')
      .select(['valid_from', 'valid_until'])
      .where('tenant_id', '=', tenantId)
      .where('store_id', '=', storeId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    const refuse = (reason: LicenceRefusal, message: string, on?: string) =>
      new AppError('conflict', message, field, {
        reason,
        licence: kind,
        ...(on === undefined ? {} : { date: formatIndianDate(on) }),
      });
    if (row === undefined)
      throw refuse(
        'licence-missing',
        `this store has no ${WHAT[kind]} on record: add it in Settings before selling`,
      );
    if (row.valid_until < date)
      throw refuse(
        'licence-expired',
        `the store's ${WHAT[kind]} expired on ${formatIndianDate(row.valid_until)}: renew it before selling`,
        row.valid_until,
      );
    if (row.valid_from !== null && row.valid_from > date)
      throw refuse(
        'licence-not-yet-valid',
        `the store's ${WHAT[kind]} is valid only from ${formatIndianDate(row.valid_from)}`,
        row.valid_from,
      );
  }

  /** Licences (every store of a tenant) expired or expiring within `days`, for the self-audit. */
  async expiring(
    tenantId: string,
    days: number,
  ): Promise<{ storeId: string; kind: string; validUntil: string; expired: boolean }[]> {
    const today = istDateOf(this.clock.now());
    const rows = await this.db
      .selectFrom('dealer_licences')
      .select(['store_id', 'kind', 'valid_until'])
      .where('tenant_id', '=', tenantId)
      .where('valid_until', '<=', addDays(today, days))
      .orderBy('valid_until')
      .orderBy('store_id')
      .orderBy('kind')
      .execute();
    return rows.map((r) => ({
      storeId: r.store_id,
      kind: r.kind,
      validUntil: r.valid_until,
      expired: r.valid_until < today,
    }));
  }
}
