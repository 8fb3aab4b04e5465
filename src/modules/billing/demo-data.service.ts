/**
 * Demo data: fills an empty shop with a sample apparel catalog (items with sizes and colours,
 * in-store barcodes, opening stock) and a few obviously fake customers, so a newcomer can make a
 * sale at once (`tijori init --demo`, or the box on the first-run page). Never touches a shop
 * that already has items.
 */
import { inStoreBarcode } from '../catalog/in-store-barcode.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { gstinCheckCharacter } from '../../domain/gst/index.js';
import type { ItemService } from '../catalog/item.service.js';
import type { StockService } from '../catalog/stock.service.js';
import type { CustomerService } from '../customers/customer.service.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { requireStore } from './store.repository.js';
import type { BillingSettingsService } from './billing-settings.service.js';
import { missingAddressParts } from './supplier-address.policy.js';

interface DemoItem {
  name: string;
  hsn: string;
  category: string;
  rupees: number;
  mrp: number;
  sizes: string[];
  colours: string[];
}

const ITEMS: readonly DemoItem[] = [
  {
    name: "Men's cotton shirt",
    hsn: '6205',
    category: 'apparel',
    rupees: 1049,
    mrp: 1299,
    sizes: ['S', 'M', 'L', 'XL'],
    colours: ['White', 'Sky blue'],
  },
  {
    name: "Women's printed kurta",
    hsn: '6211',
    category: 'apparel',
    rupees: 1899,
    mrp: 2199,
    sizes: ['S', 'M', 'L'],
    colours: ['Maroon', 'Teal'],
  },
  {
    name: 'Denim jeans',
    hsn: '6203',
    category: 'apparel',
    rupees: 2499,
    mrp: 2999,
    sizes: ['30', '32', '34', '36'],
    colours: ['Indigo'],
  },
  {
    name: 'Wool blend blazer',
    hsn: '6203',
    category: 'apparel',
    rupees: 5999,
    mrp: 6999,
    sizes: ['38', '40', '42'],
    colours: ['Charcoal'],
  },
  {
    name: 'Kids cotton T-shirt',
    hsn: '6109',
    category: 'apparel',
    rupees: 399,
    mrp: 499,
    sizes: ['2-3Y', '4-5Y', '6-7Y'],
    colours: ['Yellow', 'Green'],
  },
  {
    name: 'Cotton dupatta',
    hsn: '6214',
    category: 'apparel',
    rupees: 499,
    mrp: 599,
    sizes: ['Free'],
    colours: ['Mustard', 'Pink'],
  },
  {
    name: 'Silk saree',
    hsn: '5007',
    category: 'gst-5',
    rupees: 6499,
    mrp: 7499,
    sizes: ['Free'],
    colours: ['Red', 'Royal blue'],
  },
  {
    name: 'Sports shoes',
    hsn: '6404',
    category: 'footwear',
    rupees: 2999,
    mrp: 3499,
    sizes: ['7', '8', '9', '10'],
    colours: ['Black'],
  },
];

/** Opening stock of every demo variant. */
export const DEMO_STOCK = 20;

/** An EAN-13 in the GS1 in-store range (prefix 20), with its check digit. */
export const demoBarcode = inStoreBarcode;

export interface DemoSummary {
  items: number;
  variants: number;
  customers: number;
}

export class DemoDataService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      items: ItemService;
      stock: StockService;
      customers: CustomerService;
      settings: BillingSettingsService;
    },
  ) {}

  async fill(actor: ServiceActor, storeId: string): Promise<DemoSummary> {
    const { db } = this.deps;
    const store = await requireStore(db, actor.tenantId, storeId);
    const existing = await db
      .selectFrom('items')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .executeTakeFirst();
    if (existing !== undefined)
      throw new AppError(
        'conflict',
        'this shop already has items; demo data goes only into an empty catalog',
      );
    let code = 1;
    const variants: string[] = [];
    for (const item of ITEMS) {
      const created = await this.deps.items.createItem(actor, {
        kind: 'goods',
        name: item.name,
        hsnSac: item.hsn,
        uqc: 'PCS',
        rateCategory: item.category,
        priceIncludesTax: true,
        variants: item.sizes.flatMap((size) =>
          item.colours.map((colour) => ({
            size,
            colour,
            barcode: demoBarcode(code++),
            pricePaise: item.rupees * 100,
            mrpPaise: item.mrp * 100,
          })),
        ),
      });
      variants.push(...created.variants.map((v) => v.id));
    }
    await this.deps.stock.adjust(actor, {
      storeId,
      reason: 'opening',
      lines: variants.map((variantId) => ({ variantId, quantity: DEMO_STOCK })),
    });
    const state = store.state_code;
    await this.#completeStoreAddress(actor, storeId, store.address);
    const fakeGstin = `${state}AAACD0001D1Z`;
    const address = { line1: '1 Demo Market Road', city: 'Demo City', pincode: '110001', stateCode: state };
    const customers = [
      { name: 'Asha Demo', phone: '+91 90000 00001', creditLimitPaise: 500_000 },
      {
        name: 'Ravi Sample',
        phone: '+91 90000 00002',
        email: 'ravi.sample@example.com',
        creditLimitPaise: 0,
      },
      { name: 'Kiran Example', phone: '+91 90000 00003', address, creditLimitPaise: 200_000 },
      {
        name: 'Demo Traders',
        phone: '+91 90000 00004',
        gstin: `${fakeGstin}${gstinCheckCharacter(fakeGstin)}`,
        address,
        creditLimitPaise: 2_000_000,
      },
    ];
    for (const customer of customers) await this.deps.customers.create(actor, customer);
    return { items: ITEMS.length, variants: variants.length, customers: customers.length };
  }

  /**
   * A demo shop can sell at once: a store whose printed address is incomplete (Rule 46(a)) gets
   * the address typed at setup as its line and a sample city and PIN code, which the shop
   * corrects in its store settings. A complete address is left as it is.
   */
  async #completeStoreAddress(actor: ServiceActor, storeId: string, typed: string): Promise<void> {
    const profile = await this.deps.settings.storeProfile(actor, storeId);
    if (missingAddressParts(profile).length === 0) return;
    await this.deps.settings.updateStoreProfile(actor, storeId, {
      addressLine1: profile.addressLine1.trim() || typed.trim().slice(0, 100) || '1 Demo Market Road',
      city: profile.city.trim() || 'Demo City',
      pincode: /^[1-9][0-9]{5}$/.test(profile.pincode) ? profile.pincode : '110001',
    });
  }
}
