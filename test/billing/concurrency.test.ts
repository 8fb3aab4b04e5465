/**
 * Invoice numbers under real concurrency, on each engine: 8 clients issuing invoices at once
 * through the checkout service, spread over two OS processes with their own connections (so
 * SQLite writers contend through its file lock, and PostgreSQL sessions through the counter's
 * row lock), produce consecutive numbers with no gap and no duplicate, and complete invoices.
 * The suite issues 150 per client (1,200 in all: every client still overlaps the others for the
 * whole run); `TIJORI_NUMBERING_INVOICES=1000` runs the original 8,000-invoice soak.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { createBillingFixture } from './support/billing-fixture.js';
import {
  expectConsecutive,
  finished,
  incompleteInvoices,
  orphans,
  startWorker,
} from './support/worker-process.js';

const PROCESSES = 2;
const CLIENTS_PER_PROCESS = 4;
const INVOICES_PER_CLIENT = Number(process.env['TIJORI_NUMBERING_INVOICES'] ?? 150);

describeEachEngine('invoice numbering under concurrency', (getDb, engine) => {
  it('8 concurrent clients issuing invoices at once produce consecutive numbers, no gap, no duplicate', async () => {
    const kek = randomBytes(32).toString('base64');
    const f = await createBillingFixture(getDb().db, engine, { kek });
    const workers = Array.from({ length: PROCESSES }, () =>
      startWorker(f, getDb(), {
        kek,
        count: INVOICES_PER_CLIENT,
        clients: CLIENTS_PER_PROCESS,
        variants: [f.items.shirt, f.items.kurta, f.items.jacket, f.items.seeds],
      }),
    );
    await Promise.all(workers.map(finished));
    const issued = await expectConsecutive(getDb().db, f);
    expect(issued).toBe(PROCESSES * CLIENTS_PER_PROCESS * INVOICES_PER_CLIENT);
    expect(await incompleteInvoices(getDb().db, f.tenant.tenantId)).toBe(0);
    expect(await orphans(getDb().db, f.tenant.tenantId)).toBe(0);
  }, 300_000);
});
