/**
 * A shop for billing tests: real key services, the billing module over the test database with a
 * table-backed audit recorder, a Gujarat apparel store with a profile, a small catalog with stock,
 * and actors (the operator, or a user with a role in a store).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Engine } from '../../../src/db/database.js';
import type { Database } from '../../../src/db/schema.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { loadEnvKeyProvider } from '../../../src/crypto/env.key-provider.js';
import { createSigner, generateSigningKeyPair } from '../../../src/crypto/signing.js';
import type { AccessContext } from '../../../src/kernel/access-context.js';
import type { AuditRecorder } from '../../../src/kernel/audit.js';
import { loadGrants } from '../../../src/modules/auth/account.repository.js';
import { builtinRoles } from '../../../src/modules/auth/permissions.js';
import { operatorActor, type ServiceActor } from '../../../src/kernel/actor.js';
import { defaultKeyRingOptions } from '../../../src/modules/keys/key-ring.service.js';
import { createBilling, type Billing } from '../../../src/modules/billing/billing.module.js';
import { createTenant, createUser, type TenantFixture } from '../../support/factories.js';
import { createTestKeys, type TestKeys } from '../../support/keys.js';
import { createAuditTable, tableAuditRecorder } from './table-audit.js';

/** 12:00 IST on 15 May 2026 (GST 2.0 rates). */
export const SHOP_TIME = '2026-05-15T06:30:00.000Z';

export interface ShopItems {
  /** Apparel, Rs 1,050 inclusive of 5%: taxable 1,000.00. */
  shirt: string;
  /** Apparel, Rs 2,400 before tax (5%). */
  kurta: string;
  /** Apparel, Rs 2,600 before tax (18%). */
  jacket: string;
  /** Seeds for sowing (nil rated): a bill of supply. */
  seeds: string;
  /** Salon service (SAC 999721, 5%), inclusive. */
  haircut: string;
}

export interface BillingFixture {
  db: Kysely<Database>;
  engine: Engine;
  billing: Billing;
  keys: TestKeys;
  clock: ManualClock;
  tenant: TenantFixture;
  operator: ServiceActor;
  items: ShopItems;
}

export async function createBillingFixture(
  db: Kysely<Database>,
  engine: Engine,
  options: {
    tenantName?: string;
    gstin?: string;
    stateCode?: string;
    stock?: number;
    kek?: string;
    /** The recorder billing writes through (default: the table-backed one of billing tests). */
    audit?: (clock: ManualClock) => AuditRecorder;
    /** The installation's public address (bills then carry a verification QR code). */
    publicUrl?: string;
  } = {},
): Promise<BillingFixture> {
  await createAuditTable(db);
  const clock = new ManualClock(SHOP_TIME);
  // The product's key-cache settings (the keys suites shorten them to test rotation).
  const keys = createTestKeys(db, {
    clock,
    ring: defaultKeyRingOptions,
    ...(options.kek === undefined ? {} : { provider: loadEnvKeyProvider(options.kek) }),
  });
  const signer = createSigner(generateSigningKeyPair());
  const billing = createBilling({
    db,
    engine,
    clock,
    audit: options.audit?.(clock) ?? tableAuditRecorder,
    cipher: keys.cipher,
    signer: () => Promise.resolve(signer),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
  });
  const tenant = await createTenant(db, {
    name: options.tenantName ?? 'Sharma Garments',
    gstin: options.gstin ?? '24AAQCA8719H1ZC',
    stateCode: options.stateCode ?? '24',
  });
  const operator = operatorActor(tenant.tenantId);
  await billing.settings.updateStoreProfile(operator, tenant.storeId, {
    legalName: 'Sharma Garments Private Limited',
    addressLine1: 'Shop 4, CG Road',
    city: 'Ahmedabad',
    pincode: '380009',
  });
  const items = await createShopItems(billing, operator);
  const stock = options.stock ?? 100;
  await billing.stock.adjust(operator, {
    storeId: tenant.storeId,
    reason: 'opening',
    lines: [items.shirt, items.kurta, items.jacket, items.seeds].map((variantId) => ({
      variantId,
      quantity: stock,
    })),
  });
  return { db, engine, billing, keys, clock, tenant, operator, items };
}

async function createShopItems(billing: Billing, actor: ServiceActor): Promise<ShopItems> {
  const make = async (input: Parameters<Billing['items']['createItem']>[1]) =>
    (await billing.items.createItem(actor, input)).variants[0]?.id ?? '';
  const suffix = randomBytes(3).toString('hex');
  return {
    shirt: await make({
      kind: 'goods',
      name: `Cotton shirt ${suffix}`,
      hsnSac: '6205',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: true,
      variants: [{ pricePaise: 105_000, mrpPaise: 120_000, size: 'M', colour: 'Blue' }],
    }),
    kurta: await make({
      kind: 'goods',
      name: `Linen kurta ${suffix}`,
      hsnSac: '6211',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: false,
      variants: [{ pricePaise: 240_000 }],
    }),
    jacket: await make({
      kind: 'goods',
      name: `Wool jacket ${suffix}`,
      hsnSac: '6201',
      uqc: 'PCS',
      rateCategory: 'apparel',
      priceIncludesTax: false,
      variants: [{ pricePaise: 260_000 }],
    }),
    seeds: await make({
      kind: 'goods',
      name: `Wheat seeds ${suffix}`,
      hsnSac: '1001',
      uqc: 'KGS',
      rateCategory: 'seeds',
      priceIncludesTax: true,
      variants: [{ pricePaise: 6_000 }],
    }),
    haircut: await make({
      kind: 'services',
      name: `Haircut ${suffix}`,
      hsnSac: '999721',
      uqc: 'OTH',
      rateCategory: 'salon-service',
      priceIncludesTax: true,
      variants: [{ pricePaise: 31_500 }],
    }),
  };
}

/** A signed-in user's actor: a real user with the role in the store (or tenant-wide). */
export async function userActor(f: BillingFixture, role: string, storeId = '*'): Promise<ServiceActor> {
  const userId = await createUser(f.db, f.tenant.tenantId, { roles: [{ role, storeId }] });
  const grants = await loadGrants(f.db, f.tenant.tenantId, userId);
  const auth: AccessContext = {
    tenantId: f.tenant.tenantId,
    userId,
    actor: { type: 'user', id: userId },
    roles: [role],
    permissions: new Set(builtinRoles[role] ?? []),
    storeIds: storeId === '*' ? 'all' : grants.storeIds,
    mfaSatisfied: true,
  };
  return {
    tenantId: f.tenant.tenantId,
    audit: { tenantId: f.tenant.tenantId, actor: auth.actor, source: 'test' },
    auth,
    userId,
  };
}

/** A fresh idempotency key. */
export function key(): string {
  return `test-${randomBytes(8).toString('hex')}`;
}
