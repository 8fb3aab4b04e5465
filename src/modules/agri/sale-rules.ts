/**
 * What the counter must know of the agri inputs in its cart before the sale (issue 17): the
 * dealer licences the cart's categories are sold under, with where each stands today (a missing,
 * expired or not yet valid licence refuses the sale; one expiring soon is a warning), and which
 * lines are subsidised fertiliser (the PoS transaction reference and bags are then asked for).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { authorizeStore } from '../auth/access.policy.js';
import { licenceKinds, variantRules, type LicenceKind } from './batch.repository.js';
import type { LicenceService, LicenceState } from './licence.service.js';

export interface SaleLicence {
  kind: LicenceKind;
  /** `missing`: the store has none on record. */
  state: LicenceState | 'missing';
  number: string | null;
  validFrom: string | null;
  validUntil: string | null;
  daysLeft: number | null;
  /** The cart's variants sold under it. */
  variantIds: string[];
}

export interface SaleRules {
  licences: SaleLicence[];
  /** Subsidised fertiliser lines: `bagged` when the item is counted in bags (its quantity is the bags). */
  subsidised: { variantId: string; bagged: boolean }[];
}

export async function saleRules(
  db: Kysely<Database>,
  licences: LicenceService,
  actor: ServiceActor,
  storeId: string,
  variantIds: readonly string[],
): Promise<SaleRules> {
  await authorizeStore(db, actor, 'invoice.create', storeId);
  const rules = await variantRules(db, actor.tenantId, variantIds);
  const held = await licences.forStore(actor.tenantId, storeId);
  const needed = licenceKinds.flatMap((kind): SaleLicence[] => {
    const of = [...rules.values()].filter((r) => r.licenceKind === kind).map((r) => r.variantId);
    if (of.length === 0) return [];
    const licence = held.find((l) => l.kind === kind);
    return [
      licence === undefined
        ? {
            kind,
            state: 'missing',
            number: null,
            validFrom: null,
            validUntil: null,
            daysLeft: null,
            variantIds: of,
          }
        : {
            kind,
            state: licence.state,
            number: licence.number,
            validFrom: licence.validFrom,
            validUntil: licence.validUntil,
            daysLeft: licence.daysLeft,
            variantIds: of,
          },
    ];
  });
  const subsidised = [...rules.values()]
    .filter((r) => r.subsidised)
    .map((r) => ({ variantId: r.variantId, bagged: r.uqc === 'BAG' }));
  return { licences: needed, subsidised };
}
