/**
 * The salon's commands on a real data folder, on both engines (SQLite: the suite's database file
 * in the data folder; PostgreSQL: the suite's database through TIJORI_DATABASE_URL): `appointments list` prints the day's
 * appointments of a store in IST with the stylist, the service and the client by first name and
 * masked phone only; `salon commissions` prints each staff member's commission for a month and
 * whether it was paid out; bad dates, periods and store names are usage errors (exit 2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { withRuntime } from '../../src/cli/runtime.js';
import { addDays } from '../../src/domain/salon/prepaid.js';
import { istDateOf } from '../../src/domain/gst/index.js';
import { formatRupees } from '../../src/domain/money/money.js';
import { operatorActor } from '../../src/kernel/actor.js';
import { runTijori } from '../support/cli.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('salon CLI', (getDb) => {
  const root = mkdtempSync(join(tmpdir(), 'tijori-salon-cli-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let env: Record<string, string> = {};
  const tijori = (args: string[]) => runTijori(args, env);
  const tomorrow = addDays(istDateOf(new Date()), 1);
  const month = istDateOf(new Date()).slice(0, 7);
  let storeName = '';
  let totalPaise = 0;

  beforeAll(async () => {
    const location = getDb().location;
    const dataDir = location.sqlitePath === undefined ? join(root, 'data') : dirname(location.sqlitePath);
    env = {
      TIJORI_DATA_DIR: dataDir,
      ...(location.url === undefined ? {} : { TIJORI_DATABASE_URL: location.url }),
    };
    const init = await runTijori(
      [
        'init',
        '--business',
        'Demo Apparel',
        '--gstin',
        '24AAQCA8719H1ZC',
        '--state',
        '24',
        '--owner-email',
        'owner@example.com',
        '--non-interactive',
        '--demo',
      ],
      { ...env, TIJORI_OWNER_PASSWORD: 'lantern quiet monsoon teapot harbour' },
    );
    expect(init.code).toBe(0);
    await withRuntime(loadConfig(env), async ({ services, database }) => {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const store = await database.db.selectFrom('stores').select(['id', 'name']).executeTakeFirstOrThrow();
      storeName = store.name;
      const actor = operatorActor(tenant.id);
      const stylist = await services.identity.users.createAccount({
        tenantId: tenant.id,
        email: 'asha.stylist@example.com',
        displayName: 'Asha Verma',
        password: 'correct horse battery staple 4 tests',
        grants: [{ role: 'stylist', storeId: store.id }],
      });
      const haircut = await services.salon.services.create(actor, {
        name: 'Haircut',
        sac: '999721',
        pricePaise: 59_000,
        priceIncludesTax: true,
        durationMinutes: 45,
        staffIds: [stylist],
      });
      const meera = await services.billing.customers.create(actor, {
        name: 'Meera Iyer',
        phone: '9812345670',
        email: 'meera@example.test',
        creditLimitPaise: 0,
      });
      await services.salon.appointments.book(actor, {
        storeId: store.id,
        staffId: stylist,
        serviceId: haircut.id,
        customerId: meera.id,
        source: 'phone',
        startsAt: new Date(Date.parse(`${tomorrow}T10:00:00+05:30`)).toISOString(),
      });
      await services.salon.appointments.book(actor, {
        storeId: store.id,
        staffId: stylist,
        serviceId: haircut.id,
        customerId: null,
        source: 'phone',
        startsAt: new Date(Date.parse(`${tomorrow}T11:30:00+05:30`)).toISOString(),
      });
      await services.salon.commissions.setRule(actor, {
        role: 'stylist',
        servicePercent: 10,
        productPercent: 0,
      });
      await services.billing.checkout.checkout(
        actor,
        {
          storeId: store.id,
          customerId: meera.id,
          lines: [{ variantId: haircut.id, quantity: 1, staffIds: [stylist] }],
          payments: [{ method: 'cash', amountPaise: 59_000 }],
        },
        'salon-cli-haircut-1',
      );
      const today = istDateOf(new Date());
      const report = await services.salon.commissions.report(actor, {
        storeId: store.id,
        from: `${month}-01`,
        to: today,
      });
      totalPaise = report.totalPaise;
    });
  }, 180_000);

  it("appointments list prints the day's appointments with the client's first name and masked phone only", async () => {
    const run = await tijori(['appointments', 'list', '--date', tomorrow]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Appointments at ${storeName} on ${tomorrow} (IST):`);
    expect(lines[1]).toMatch(/^Time\s+Stylist\s+Service\s+Client\s+Status\s+Walk-in$/);
    expect(lines[2]).toMatch(/^10:00-10:45\s+Asha\s+Haircut\s+Meera 98xxxxxx70\s+booked$/);
    expect(lines[3]).toMatch(/^11:30-12:15\s+Asha\s+Haircut\s+Walk-in\s+booked$/);
    for (const secret of ['Iyer', '9812345670', '12345', 'meera@', 'Verma'])
      expect(run.stdout).not.toContain(secret);

    const empty = await tijori(['appointments', 'list', '--date', '2020-01-01']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe(`No appointments at ${storeName} on 2020-01-01.\n`);
    const sameStore = await tijori([
      'appointments',
      'list',
      '--date',
      tomorrow,
      '--store',
      `  ${storeName.toUpperCase()} `,
    ]);
    expect(sameStore.stdout).toBe(run.stdout);
  });

  it('salon commissions prints each staff member for a month, first names only', async () => {
    expect(totalPaise).toBeGreaterThan(0);
    const run = await tijori(['salon', 'commissions', '--period', month]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^Commissions at ${storeName}, ${month}-01 to ${month}-\\d\\d: not paid out yet\\.$`),
    );
    expect(lines[2]).toMatch(new RegExp(`^Asha\\s+Rs .*Rs ${formatRupees(totalPaise).replace('.', '\\.')}$`));
    expect(lines[3]).toMatch(new RegExp(`^Total\\s+Rs ${formatRupees(totalPaise).replace('.', '\\.')}$`));
    expect(run.stdout).not.toContain('Verma');
    const none = await tijori(['salon', 'commissions', '--period', '2020-02']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('2020-02-01 to 2020-02-29');
    expect(none.stdout).toContain('No commissions in this period.');
  });

  it('bad dates, periods and stores are usage errors naming what to give', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['appointments', 'list', '--date', '15-05-2026'], /--date must be a date as YYYY-MM-DD/],
      [['appointments', 'list', '--date', '2026-02-30'], /--date must be a date as YYYY-MM-DD/],
      [['appointments', 'list', '--date', tomorrow, '--store', 'Nowhere'], /No store named "Nowhere"/],
      [['salon', 'commissions', '--period', '2026-13'], /--period must be a month as YYYY-MM/],
      [['salon', 'commissions', '--period', '052026'], /--period must be a month as YYYY-MM/],
    ];
    for (const [args, message] of cases) {
      const run = await tijori([...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect((await tijori(['appointments', 'list'])).code).toBe(2);
  });
});
