/**
 * A shop for privacy tests: the real services and app (identity test app) on the suite's database,
 * a tenant with a store profile, a small catalogue with stock, customers made through the billing
 * service, sales through checkout, and the operator actor. Fake people only.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../../src/config/config.js';
import type { KeyProvider } from '../../../src/crypto/key-provider.js';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { operatorActor, type ServiceActor } from '../../../src/kernel/actor.js';
import type { CheckoutInput, DocumentView } from '../../../src/modules/billing/checkout.schemas.js';
import type { CustomerInput } from '../../../src/modules/customers/customer.schemas.js';
import { createTenant, type TenantFixture } from '../../support/factories.js';
import { buildIdentityTestApp, seedRoles, type IdentityTestApp } from '../../support/identity.js';

export interface PrivacyShop {
  t: IdentityTestApp;
  tenant: TenantFixture;
  operator: ServiceActor;
  /** Rs 2,400 + 5% apparel (taxable 2,400.00 a piece). */
  kurta: string;
  /** Rs 1,050 inclusive of 5% apparel. */
  shirt: string;
  customer(input: Partial<CustomerInput> & { name: string }): Promise<string>;
  sell(
    customerId: string | null,
    lines: CheckoutInput['lines'],
    payments?: CheckoutInput['payments'],
  ): Promise<DocumentView>;
  close(): Promise<void>;
}

export async function createPrivacyShop(
  database: DatabaseHandle,
  settings: Partial<Record<keyof Config, unknown>> = {},
  keyProvider?: KeyProvider,
  at?: string,
): Promise<PrivacyShop> {
  const t = await buildIdentityTestApp(database, settings, ...(keyProvider ? [keyProvider] : []));
  if (at !== undefined) t.clock.set(at);
  const tenant = await createTenant(database.db, { name: 'Fake Fabrics' });
  await seedRoles(database.db, tenant.tenantId);
  const operator = operatorActor(tenant.tenantId);
  const billing = t.services.billing;
  await billing.settings.updateStoreProfile(operator, tenant.storeId, {
    legalName: 'Fake Fabrics Private Limited',
    addressLine1: 'Shop 4, Test Road',
    city: 'Ahmedabad',
    pincode: '380009',
  });
  const suffix = randomBytes(3).toString('hex');
  const item = async (name: string, hsnSac: string, pricePaise: number, inclusive: boolean) =>
    (
      await billing.items.createItem(operator, {
        kind: 'goods',
        name: `${name} ${suffix}`,
        hsnSac,
        uqc: 'PCS',
        rateCategory: 'apparel',
        priceIncludesTax: inclusive,
        variants: [{ pricePaise }],
      })
    ).variants[0]?.id ?? '';
  const kurta = await item('Linen kurta', '6211', 240_000, false);
  const shirt = await item('Cotton shirt', '6205', 105_000, true);
  await billing.stock.adjust(operator, {
    storeId: tenant.storeId,
    reason: 'opening',
    lines: [kurta, shirt].map((variantId) => ({ variantId, quantity: 500 })),
  });
  return {
    t,
    tenant,
    operator,
    kurta,
    shirt,
    async customer(input) {
      return (await billing.customers.create(operator, { creditLimitPaise: 10_000_000, ...input })).id;
    },
    async sell(customerId, lines, payments) {
      return billing.checkout.checkout(
        operator,
        {
          storeId: tenant.storeId,
          customerId,
          lines,
          payments: payments ?? [{ method: 'cash', amountPaise: 100_000_000 }],
        },
        `sale-${randomBytes(8).toString('hex')}`,
      );
    },
    close: () => t.close(),
  };
}

/** Collects an async iterable of text chunks. */
export async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}
