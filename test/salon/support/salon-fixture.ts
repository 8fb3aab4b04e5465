/**
 * A salon for tests: the billing fixture's shop (Gujarat, 12:00 IST on 15 May 2026) with salon
 * billing over it, a stylist, a second stylist, a cashier and a manager, a haircut, a hair spa,
 * a colour service and a shampoo on the shelf, and a client.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../../src/db/database.js';
import type { Database } from '../../../src/db/schema.js';
import type { ServiceActor } from '../../../src/kernel/actor.js';
import { createSalon, type Salon } from '../../../src/modules/salon/salon.module.js';
import type { PackagePlanInput } from '../../../src/modules/salon/salon.schemas.js';
import { RevealGate } from '../../../src/modules/auth/step-up.policy.js';
import {
  createBillingFixture,
  key,
  userActor,
  type BillingFixture,
} from '../../billing/support/billing-fixture.js';
import { tableAuditRecorder } from '../../billing/support/table-audit.js';
import type { TestDatabase } from '../../support/engines.js';

export interface SalonFixture extends BillingFixture {
  salon: Salon;
  asha: ServiceActor;
  ravi: ServiceActor;
  cashier: ServiceActor;
  manager: ServiceActor;
  haircut: string;
  spa: string;
  colour: string;
  shampoo: string;
  client: string;
}

export async function createSalonFixture(db: Kysely<Database>, engine: Engine): Promise<SalonFixture> {
  const f = await createBillingFixture(db, engine, { tenantName: 'Glow Salon' });
  const salon = createSalon({
    db,
    clock: f.clock,
    audit: tableAuditRecorder,
    cipher: f.keys.cipher,
    checkout: f.billing.checkout,
    creditNotes: f.billing.creditNotes,
    documents: f.billing.documents,
    reveal: new RevealGate(tableAuditRecorder, f.clock),
  });
  const asha = await userActor(f, 'stylist');
  const ravi = await userActor(f, 'stylist');
  const cashier = await userActor(f, 'cashier');
  const manager = await userActor(f, 'manager');
  const staff = [asha.userId ?? '', ravi.userId ?? ''];
  const service = async (name: string, pricePaise: number, durationMinutes: number) =>
    (
      await salon.services.create(f.operator, {
        name: `${name} ${randomBytes(2).toString('hex')}`,
        sac: '999721',
        pricePaise,
        priceIncludesTax: true,
        durationMinutes,
        staffIds: staff,
      })
    ).id;
  const haircut = await service('Haircut', 31_500, 45);
  const spa = await service('Hair spa', 525_000, 90);
  const colour = await service('Global colour', 210_000, 120);
  const shampoo =
    (
      await f.billing.items.createItem(f.operator, {
        kind: 'goods',
        name: `Keratin shampoo ${randomBytes(2).toString('hex')}`,
        hsnSac: '3305',
        uqc: 'PCS',
        rateCategory: 'gst-18',
        priceIncludesTax: true,
        variants: [{ pricePaise: 590_000 }],
      })
    ).variants[0]?.id ?? '';
  await f.billing.stock.adjust(f.operator, {
    storeId: f.tenant.storeId,
    reason: 'opening',
    lines: [{ variantId: shampoo, quantity: 50 }],
  });
  const client = (
    await f.billing.customers.create(f.operator, {
      name: 'Meera Iyer',
      phone: '9812345670',
      creditLimitPaise: 0,
    })
  ).id;
  return { ...f, salon, asha, ravi, cashier, manager, haircut, spa, colour, shampoo, client };
}

/** A new client (phone numbers differ per call). */
export async function newClient(f: SalonFixture, name = 'Kavya Rao'): Promise<string> {
  const phone = `98${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return (await f.billing.customers.create(f.operator, { name, phone, creditLimitPaise: 0 })).id;
}

/** The actor with a re-authentication just now (a manager's reveal needs one). */
export function steppedUp(f: SalonFixture, actor: ServiceActor): ServiceActor {
  if (actor.auth === undefined) return actor;
  return { ...actor, auth: { ...actor.auth, reauthenticatedAt: f.clock.now() } };
}

/** A package plan: six haircuts for Rs 1,680 valid 90 days, refundable, unless told otherwise. */
export function packagePlan(f: SalonFixture, plan: Partial<PackagePlanInput> & { name: string }) {
  return f.salon.prepaid.createPackagePlan(f.operator, {
    serviceId: f.haircut,
    sessions: 6,
    pricePaise: 168_000,
    validityDays: 90,
    transferable: false,
    refundable: true,
    ...plan,
  });
}

/** Loads `client`'s wallet: `paidPaise` paid for `valuePaise` of value, valid a year. */
export function loadWallet(
  f: SalonFixture,
  client: string,
  paidPaise: number,
  valuePaise: number,
  method: 'cash' | 'upi' | 'card' = 'upi',
) {
  return f.salon.prepaid.loadWallet(f.cashier, {
    customerId: client,
    paidPaise,
    valuePaise,
    method,
    validityDays: 365,
  });
}

/** A new client buys a package of `plan` at the counter, paying its price in cash. */
export async function sellPackage(
  f: SalonFixture,
  plan: { id: string; pricePaise: number },
  staffIds?: string[],
) {
  const client = await newClient(f);
  const sold = await f.salon.checkout.checkout(
    f.cashier,
    {
      storeId: f.tenant.storeId,
      customerId: client,
      lines: [{ packagePlanId: plan.id, ...(staffIds === undefined ? {} : { staffIds }) }],
      payments: [{ method: 'cash', amountPaise: plan.pricePaise }],
    },
    key(),
  );
  return { client, sold, packageId: sold.salon.packages[0]?.packageId ?? '' };
}

/**
 * Whether `needle` is anywhere in the database: SQLite, the database file and its write-ahead log
 * byte for byte; PostgreSQL, every row of every table as text.
 */
export async function rawDatabaseContains(handle: TestDatabase, needle: string): Promise<boolean> {
  const path = handle.location.sqlitePath;
  if (path !== undefined) {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(handle.db);
    const files = [path, `${path}-wal`].filter((p) => existsSync(p));
    return files.some((p) => readFileSync(p).includes(Buffer.from(needle, 'utf8')));
  }
  const tables = await sql<{
    tablename: string;
  }>`select tablename from pg_tables where schemaname = 'public'`.execute(handle.db);
  for (const { tablename } of tables.rows) {
    const hit = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(tablename)} t where t::text like ${`%${needle}%`}`.execute(
      handle.db,
    );
    if ((hit.rows[0]?.n ?? 0) > 0) return true;
  }
  return false;
}
