/**
 * The salon's services: a catalog item of kind `services` (SAC, price, GST category
 * `salon-service`) with a duration and the staff who may perform it, created in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { insertItems } from '../catalog/item.repository.js';
import { itemRows } from '../catalog/item.rules.js';
import type { ServiceInput, ServicePatch } from './salon.schemas.js';
import { requireStaff } from './salon-staff.js';

export interface SalonServiceView {
  id: string;
  name: string;
  sac: string;
  pricePaise: number;
  priceIncludesTax: boolean;
  durationMinutes: number;
  staffIds: string[];
  active: boolean;
}

export class SalonServicesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async create(actor: ServiceActor, input: ServiceInput): Promise<SalonServiceView> {
    requireActorPermission(actor, 'salon.manage', 'setting up services');
    await requireStaff(this.db, actor.tenantId, input.staffIds, 'staffIds');
    const now = this.clock.now().toISOString();
    const rows = itemRows(
      actor.tenantId,
      [
        {
          kind: 'services',
          name: input.name,
          hsnSac: input.sac,
          uqc: 'OTH',
          rateCategory: 'salon-service',
          priceIncludesTax: input.priceIncludesTax,
          variants: [{ pricePaise: input.pricePaise }],
        },
      ],
      now,
    );
    const variantId = rows.variants[0]?.id ?? '';
    await this.db.transaction().execute(async (trx) => {
      await insertItems(trx, rows.items, rows.variants);
      await trx
        .insertInto('salon_services')
        .values({
          tenant_id: actor.tenantId,
          variant_id: variantId,
          duration_min: input.durationMinutes,
          active: 1,
          updated_at: now,
        })
        .execute();
      await this.#writeStaff(trx, actor.tenantId, variantId, input.staffIds);
      await this.audit.record(trx, actor.audit, {
        action: 'salon.service.create',
        objectType: 'item',
        objectId: variantId,
        outcome: 'success',
        details: { durationMinutes: input.durationMinutes, staff: input.staffIds.length },
      });
    });
    return this.get(actor, variantId);
  }

  async update(actor: ServiceActor, serviceId: string, patch: ServicePatch): Promise<SalonServiceView> {
    requireActorPermission(actor, 'salon.manage', 'setting up services');
    await this.get(actor, serviceId);
    if (patch.staffIds !== undefined) await requireStaff(this.db, actor.tenantId, patch.staffIds, 'staffIds');
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('salon_services')
        .set({
          updated_at: now,
          ...(patch.durationMinutes === undefined ? {} : { duration_min: patch.durationMinutes }),
          ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('variant_id', '=', serviceId)
        .execute();
      if (patch.staffIds !== undefined) {
        await trx
          .deleteFrom('salon_service_staff')
          .where('tenant_id', '=', actor.tenantId)
          .where('variant_id', '=', serviceId)
          .execute();
        await this.#writeStaff(trx, actor.tenantId, serviceId, patch.staffIds);
      }
      await this.audit.record(trx, actor.audit, {
        action: 'salon.service.update',
        objectType: 'item',
        objectId: serviceId,
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      });
    });
    return this.get(actor, serviceId);
  }

  async list(actor: ServiceActor, includeInactive = false): Promise<SalonServiceView[]> {
    return servicesOf(this.db, actor.tenantId, undefined, includeInactive);
  }

  async get(actor: ServiceActor, serviceId: string): Promise<SalonServiceView> {
    const [found] = await servicesOf(this.db, actor.tenantId, serviceId, true);
    if (found === undefined) throw notFound('service');
    return found;
  }

  async #writeStaff(trx: Kysely<Database>, tenantId: string, variantId: string, staffIds: readonly string[]) {
    if (staffIds.length === 0) return;
    await trx
      .insertInto('salon_service_staff')
      .values(staffIds.map((staffId) => ({ tenant_id: tenantId, variant_id: variantId, staff_id: staffId })))
      .execute();
  }
}

/** Services with their catalog price and staff, by name. */
export async function servicesOf(
  db: Kysely<Database>,
  tenantId: string,
  onlyId?: string,
  includeInactive = false,
): Promise<SalonServiceView[]> {
  let query = db
    .selectFrom('salon_services as s')
    .innerJoin('item_variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 's.tenant_id').onRef('v.id', '=', 's.variant_id'),
    )
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
    )
    .select([
      's.variant_id',
      's.duration_min',
      's.active',
      'v.price',
      'i.name',
      'i.hsn_sac',
      'i.price_includes_tax',
    ])
    .where('s.tenant_id', '=', tenantId);
  if (onlyId !== undefined) query = query.where('s.variant_id', '=', onlyId);
  if (!includeInactive) query = query.where('s.active', '=', 1);
  const rows = await query.orderBy('i.name').orderBy('s.variant_id').execute();
  if (rows.length === 0) return [];
  const staff = await db
    .selectFrom('salon_service_staff')
    .select(['variant_id', 'staff_id'])
    .where('tenant_id', '=', tenantId)
    .where(
      'variant_id',
      'in',
      rows.map((r) => r.variant_id),
    )
    .orderBy('staff_id')
    .execute();
  return rows.map((r) => ({
    id: r.variant_id,
    name: r.name,
    sac: r.hsn_sac,
    pricePaise: Number(r.price),
    priceIncludesTax: r.price_includes_tax === 1,
    durationMinutes: r.duration_min,
    staffIds: staff.filter((s) => s.variant_id === r.variant_id).map((s) => s.staff_id),
    active: r.active === 1,
  }));
}
