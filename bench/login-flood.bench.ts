/**
 * Legitimate sign-in latency while a flood of failed sign-ins runs (issue: identity and access).
 * One app (real services, the default argon2id of RFC 9106: 64 MiB / t=3 / p=4, SQLite) driven in-process with
 * `inject`. The baseline is the same legitimate sign-in measured first without a flood; then a
 * flood sends 1,000 wrong-password attempts per second from many /24 networks, half against
 * known accounts and half against random unknown emails, while the legitimate user keeps
 * signing in. Reports p50/p99 of both, and how many argon2 computations the flood caused.
 * TIJORI_BENCH_FLOOD_SECONDS sets the flood's length (default 20); TIJORI_BENCH_ARGON2=floor
 * runs the same with the baseline's floor (19 MiB / t=2 / p=1, the default before RFC 9106's), so
 * the two can be compared on the same machine at the same time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig } from '../src/config/config.js';
import { loadEnvKeyProvider } from '../src/crypto/env.key-provider.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { systemClock } from '../src/domain/clock.js';
import { buildApp, type App } from '../src/http/app.js';
import { createLogger } from '../src/logging/logger.js';
import { createServices } from '../src/services.js';
import { createTenant } from '../test/support/factories.js';
import { seedRoles } from '../test/support/identity.js';
import { median, percentile, type BenchReport } from './harness.js';

const FLOOD_PER_SECOND = 1000;
const LEGIT_PAUSE_MS = 100;

interface Credentials {
  email: string;
  password: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs the legitimate user in repeatedly until `until` (performance.now()), returning latencies. */
async function legitimateLogins(app: App, user: Credentials, until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (performance.now() < until) {
    const t0 = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: user,
      remoteAddress: '192.168.77.5',
    });
    if (res.statusCode !== 200) throw new Error(`legitimate login failed: ${res.statusCode} ${res.body}`);
    latencies.push(performance.now() - t0);
    await sleep(LEGIT_PAUSE_MS);
  }
  return latencies;
}

/** Sends FLOOD_PER_SECOND wrong-password attempts per second until `until`. */
async function flood(app: App, targets: Credentials[], until: number) {
  const statuses = new Map<number, number>();
  const inflight = new Set<Promise<unknown>>();
  let sent = 0;
  const tick = 100;
  while (performance.now() < until) {
    const t0 = performance.now();
    for (let i = 0; i < (FLOOD_PER_SECOND * tick) / 1000; i += 1) {
      sent += 1;
      const email =
        sent % 2 === 0 ? (targets[sent % targets.length]?.email ?? '') : `x${String(sent)}@spray.example`;
      const ip = `${String(10 + (sent % 200))}.${String((sent >> 3) % 250)}.${String(sent % 250)}.7`;
      const p = app
        .inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: 'Winter2026!' },
          remoteAddress: ip,
        })
        .then((r) => statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1));
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await sleep(Math.max(0, tick - (performance.now() - t0)));
  }
  await Promise.all([...inflight]);
  return { sent, statuses };
}

export async function run(): Promise<BenchReport> {
  const seconds = Number(process.env.TIJORI_BENCH_FLOOD_SECONDS ?? 20);
  const dir = mkdtempSync(join(tmpdir(), 'tijori-bench-login-'));
  const database = openDatabase({ sqlitePath: join(dir, 'tijori.db') });
  await migrateToLatest(database);
  const floor = process.env.TIJORI_BENCH_ARGON2 === 'floor';
  const config = buildConfig({
    dataDir: dir,
    publicUrl: 'https://shop.test',
    ...(floor ? { argon2MemoryKib: 19_456, argon2Iterations: 2, argon2Parallelism: 1 } : {}),
  });
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
  try {
    await app.ready();
    const tenant = await createTenant(database.db);
    await seedRoles(database.db, tenant.tenantId);
    const make = async (i: number): Promise<Credentials> => {
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

    const quiet = await legitimateLogins(app, legit, performance.now() + 5_000);
    const hasher = services.identity.deps.hasher;
    const hashesBefore = hasher.computations;
    const started = performance.now();
    const until = started + seconds * 1000;
    const [underFlood, attack] = await Promise.all([
      legitimateLogins(app, legit, until),
      flood(app, targets, until),
    ]);
    const elapsedS = (performance.now() - started) / 1000;
    const floodHashes = hasher.computations - hashesBefore - underFlood.length;
    const p99 = percentile(underFlood, 99);
    return {
      benchmark: floor ? 'login-flood-floor' : 'login-flood',
      title: `Legitimate sign-in under a flood of failed sign-ins (argon2id ${String(config.argon2MemoryKib / 1024)} MiB, t=${String(config.argon2Iterations)}, p=${String(config.argon2Parallelism)})`,
      measurements: [],
      ratios: [
        {
          name: 'legitimate sign-in p50 under the flood / without it',
          value: median(underFlood) / median(quiet),
        },
        { name: 'legitimate sign-in p99 under the flood (seconds)', value: p99 / 1000, aim: '< 1' },
      ],
      figures: {
        'legitimate sign-in without a flood: p50 / p99 ms': `${median(quiet).toFixed(1)} / ${percentile(quiet, 99).toFixed(1)} (${String(quiet.length)} sign-ins)`,
        'legitimate sign-in under the flood: p50 / p99 / max ms': `${median(underFlood).toFixed(1)} / ${p99.toFixed(1)} / ${Math.max(...underFlood).toFixed(1)} (${String(underFlood.length)} sign-ins)`,
        'slowest legitimate sign-in under the flood': `number ${String(underFlood.indexOf(Math.max(...underFlood)) + 1)} of ${String(underFlood.length)}`,
        'flood: failed attempts sent': attack.sent,
        'flood: rate achieved (attempts/s)': attack.sent / elapsedS,
        'flood: answers by status': [...attack.statuses.entries()]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${String(status)}: ${String(count)}`)
          .join(', '),
        'flood: argon2 computations it caused': floodHashes,
      },
      notes: [
        'Half the flood guesses passwords of 20 real accounts, half sprays unknown emails; sources rotate over 200 x 250 /24 networks. Throttling is decided before the hash, and unknown emails wait like a hash without computing one, so the flood costs a few argon2 computations instead of one per attempt; the hash queue runs sign-ins on accounts without recent failures first.',
        "The slowest legitimate sign-in is usually the first one: it meets the flood's opening burst (100 attempts in its first 100 ms, the first guess on each target account among them).",
        'The flood and the server share one process on a 2-core machine (inject, no sockets), so the flood also competes for the CPU with the sign-ins it measures.',
      ],
    };
  } finally {
    await app.close();
    await services.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
