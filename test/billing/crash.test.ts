/**
 * Crash safety, on each engine: a separate process issues invoices in a loop and is killed with
 * SIGKILL at a random moment (several times); afterwards every invoice is complete (lines,
 * payment, a stock movement per line, its audit entry), nothing half-written is left behind,
 * the numbers are consecutive, and the next sale takes the next number (no gap).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture, key, type BillingFixture } from './support/billing-fixture.js';
import { expectConsecutive, incompleteInvoices, orphans, startWorker } from './support/worker-process.js';
import type { TestDatabase } from '../support/engines.js';

const ROUNDS = 3;

/** Runs a looping worker until it has issued at least `minimum` invoices, then kills it. */
async function killMidCheckout(
  f: BillingFixture,
  database: TestDatabase,
  kek: string,
  minimum: number,
): Promise<number> {
  const child = startWorker(f, database, {
    kek,
    count: 0,
    clients: 2,
    variants: [f.items.shirt, f.items.kurta],
  });
  let issued = 0;
  let errors = '';
  child.stderr.on('data', (c: Buffer) => (errors += c.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      issued += (chunk.toString('utf8').match(/^issued /gm) ?? []).length;
      if (issued >= minimum) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${errors}`)));
  });
  // A random moment inside the next few checkouts, so the kill lands mid-transaction.
  await new Promise((r) => setTimeout(r, randomInt(1, 15)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
  return issued;
}

describeEachEngine('crash during checkout', (getDb, engine) => {
  it('a process killed mid-checkout leaves no partial invoice and no gap in the numbers', async () => {
    const kek = randomBytes(32).toString('base64');
    const f = await createBillingFixture(getDb().db, engine, { kek });
    let printed = 0;
    for (let round = 0; round < ROUNDS; round += 1)
      printed += await killMidCheckout(f, getDb(), kek, 20 + randomInt(20));
    const issued = await expectConsecutive(getDb().db, f);
    // Invoices committed but not yet printed when the kill came are still whole invoices.
    expect(issued).toBeGreaterThanOrEqual(printed);
    expect(await incompleteInvoices(getDb().db, f.tenant.tenantId)).toBe(0);
    expect(await orphans(getDb().db, f.tenant.tenantId)).toBe(0);
    const next = await f.billing.checkout.checkout(
      f.operator,
      {
        storeId: f.tenant.storeId,
        lines: [{ variantId: f.items.shirt, quantity: 1 }],
        payments: [{ method: 'cash', amountPaise: 105_000 }],
      },
      key(),
    );
    expect(next.number).toBe(`INV/26-27/${String(issued + 1).padStart(5, '0')}`);
  }, 180_000);
});
