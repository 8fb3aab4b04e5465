/**
 * Legitimate sign-in latency while a flood of failed sign-ins runs: `npx tsx bench/login-flood.bench.ts`.
 * One app (real services, baseline argon2id 19 MiB / t=2 / p=1, SQLite) driven in-process with
 * `inject`; the flood sends 1,000 wrong-password attempts per second from many /24 networks, half
 * against known accounts and half against random unknown emails. Reports p50/p99 of the
 * legitimate logins and how many argon2 computations the flood caused. Writes
 * bench/results/login-flood.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildConfig } from '../src/config/config.js';
import { loadEnvKeyProvider } from '../src/crypto/env.key-provider.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { systemClock } from '../src/domain/clock.js';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/logging/logger.js';
import { createServices } from '../src/services.js';
import { createTenant } from '../test/support/factories.js';
import { seedRoles } from '../test/support/identity.js';
import { percentile, repoRoot } from './harness.js';

const FLOOD_PER_SECOND = 1000;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const LEGIT_EVERY_MS = 250;

const dir = mkdtempSync(join(tmpdir(), 'tijori-bench-login-'));
const database = openDatabase({ sqlitePath: join(dir, 'tijori.db') });
await migrateToLatest(database);
const config = buildConfig({ dataDir: dir, publicUrl: 'https://shop.test' });
const logger = createLogger({ level: 'silent' });
const services = createServices({
  config,
  database,
  logger,
  clock: systemClock,
  keyProvider: loadEnvKeyProvider(randomBytes(32).toString('base64')),
});
const app = await buildApp({
  config,
  database,
  logger,
  guard: services.guard,
  apiRoutes: services.apiRoutes,
});
await app.ready();

const tenant = await createTenant(database.db);
await seedRoles(database.db, tenant.tenantId);
const make = async (i: number) => {
  const email = `staff${String(i)}@bench.example`;
  const password = `lantern ${randomBytes(5).toString('hex')} monsoon`;
  await services.identity.users.createAccount({
    tenantId: tenant.tenantId,
    email,
    displayName: 'Bench',
    password,
    grants: [{ role: 'cashier', storeId: '*' }],
  });
  return { email, password };
};
const legit = await make(0);
const targets = await Promise.all(Array.from({ length: 20 }, (_, i) => make(i + 1)));

const hasher = services.identity.deps.hasher;
const hashesBefore = hasher.computations;
const latencies: number[] = [];
const floodStatus = new Map<number, number>();
let floodSent = 0;
const inflight = new Set<Promise<unknown>>();
const started = performance.now();

const flood = async () => {
  const tick = 100;
  const perTick = (FLOOD_PER_SECOND * tick) / 1000;
  while (performance.now() - started < DURATION_S * 1000) {
    const t0 = performance.now();
    for (let i = 0; i < perTick; i += 1) {
      floodSent += 1;
      const known = floodSent % 2 === 0;
      const email = known
        ? (targets[floodSent % targets.length]?.email ?? '')
        : `x${String(floodSent)}@spray.example`;
      const ip = `${String(10 + (floodSent % 200))}.${String((floodSent >> 3) % 250)}.${String(floodSent % 250)}.7`;
      const p = app
        .inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: 'Winter2026!' },
          remoteAddress: ip,
        })
        .then((r) => floodStatus.set(r.statusCode, (floodStatus.get(r.statusCode) ?? 0) + 1));
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, tick - (performance.now() - t0))));
  }
};

const legitimate = async () => {
  while (performance.now() - started < DURATION_S * 1000) {
    const t0 = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: legit,
      remoteAddress: '192.168.77.5',
    });
    if (res.statusCode !== 200) throw new Error(`legitimate login failed: ${res.statusCode} ${res.body}`);
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, LEGIT_EVERY_MS));
  }
};

await Promise.all([flood(), legitimate()]);
await Promise.all([...inflight]);
const elapsedS = (performance.now() - started) / 1000;
const report = {
  benchmark: 'login-flood',
  date: new Date().toISOString(),
  cpus: cpus().length,
  node: process.version,
  durationS: Number(elapsedS.toFixed(1)),
  floodSent,
  floodRatePerS: Math.round(floodSent / elapsedS),
  floodStatuses: Object.fromEntries(floodStatus),
  floodHashComputations: hasher.computations - hashesBefore - latencies.length,
  legitimateLogins: latencies.length,
  legitimateP50Ms: Number(percentile(latencies, 50).toFixed(1)),
  legitimateP99Ms: Number(percentile(latencies, 99).toFixed(1)),
  legitimateMaxMs: Number(Math.max(...latencies).toFixed(1)),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
writeFileSync(join(repoRoot, 'bench', 'results', 'login-flood.json'), `${JSON.stringify(report, null, 2)}\n`);
await app.close();
await services.close();
await database.close();
rmSync(dir, { recursive: true, force: true });
