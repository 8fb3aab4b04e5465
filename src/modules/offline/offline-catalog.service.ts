/**
 * What the counter keeps to sell offline (issue 21): the store's printed details, the pricing
 * policy and the shop's rate corrections (so the counter prices with the same GST engine as
 * checkout), and every variant still sold with its price. No customer data: offline sales are
 * walk-in sales. The counter stores this encrypted under its counter key and refreshes it in the
 * background while online.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RateEntry } from '../../domain/gst/rate-table.types.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { authorizeStore } from '../auth/access.policy.js';
import type { BillingContextCache } from '../billing/billing-context.js';
import { loadRateOverrides } from '../billing/billing-settings.repository.js';
import { pricingPolicyOf, describeVariant } from '../billing/cart.builder.js';
import { requireSupplierAddress } from '../billing/supplier-address.policy.js';
import { listSellable } from '../catalog/item.repository.js';

/** Most variants a counter keeps (a shop beyond it sells the rest online only). */
export const MAX_OFFLINE_VARIANTS = 20_000;

export interface OfflineCatalog {
  generatedAt: string;
  store: {
    storeId: string;
    name: string;
    gstin: string;
    stateCode: string;
    registration: 'regular' | 'composition';
    addressLine1: string;
    city: string;
    pincode: string;
  };
  policy: ReturnType<typeof pricingPolicyOf>;
  rateEntries: RateEntry[];
  items: {
    variantId: string;
    barcode: string | null;
    sku: string | null;
    name: string;
    hsnSac: string;
    rateCategory: string;
    uqc: string;
    pricePaise: number;
    priceIncludesTax: boolean;
  }[];
  /** True when the shop has more variants than a counter keeps. */
  truncated: boolean;
}

export class OfflineCatalogService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly context: BillingContextCache,
  ) {}

  async snapshot(actor: ServiceActor, storeId: string): Promise<OfflineCatalog> {
    const profile = await this.context.profile(actor.tenantId, storeId);
    await authorizeStore(this.db, actor, 'invoice.create', storeId);
    requireSupplierAddress(profile);
    const [settings, rateEntries, rows] = await Promise.all([
      this.context.settings(actor.tenantId),
      loadRateOverrides(this.db, actor.tenantId),
      listSellable(this.db, actor.tenantId, MAX_OFFLINE_VARIANTS + 1),
    ]);
    return {
      generatedAt: this.clock.now().toISOString(),
      store: {
        storeId,
        name: profile.tradeName ?? profile.legalName,
        gstin: profile.gstin,
        stateCode: profile.stateCode,
        registration: profile.registration,
        addressLine1: profile.addressLine1,
        city: profile.city,
        pincode: profile.pincode,
      },
      policy: pricingPolicyOf(settings),
      rateEntries,
      items: rows.slice(0, MAX_OFFLINE_VARIANTS).map((row) => ({
        variantId: row.id,
        barcode: row.barcode,
        sku: row.sku,
        name: describeVariant(row),
        hsnSac: row.hsn_sac,
        rateCategory: row.rate_category,
        uqc: row.uqc,
        pricePaise: row.price,
        priceIncludesTax: row.price_includes_tax === 1,
      })),
      truncated: rows.length > MAX_OFFLINE_VARIANTS,
    };
  }
}
