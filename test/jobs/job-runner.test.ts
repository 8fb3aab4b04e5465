/**
 * The shared job runner with two instances on one database (two connections, as two servers would
 * have): each due job runs exactly once, a running job is not started again elsewhere, a crashed
 * instance's job is taken over when its lease expires, and a failure is retried sooner.
 */
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logging/logger.js';
import { JobRunner, type JobDefinition } from '../../src/modules/jobs/job-runner.js';
import { describeEachEngine } from '../support/engines.js';

const logger = createLogger({ level: 'silent' });

describeEachEngine('job runner', (getDb) => {
  // Each test starts at the same instant on a clock of its own.
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock('2026-06-01T00:00:00.000Z');
  });
  let second: DatabaseHandle;
  const runners: JobRunner[] = [];
  const runner = (db: DatabaseHandle, id: string, jobs: JobDefinition[]) => {
    const r = new JobRunner(db.db, clock, logger, { instanceId: id });
    for (const j of jobs) r.register(j);
    runners.push(r);
    return r;
  };

  beforeAll(() => {
    const { url, sqlitePath } = getDb().location;
    second = openDatabase(url === undefined ? { sqlitePath: sqlitePath ?? '' } : { url });
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    await second.close();
  });

  it('runs each due job once per due time across two instances', async () => {
    const ranOn: string[] = [];
    const job = (instance: string): JobDefinition => ({
      name: 'count-minutes',
      intervalMs: 60_000,
      async run() {
        ranOn.push(instance);
        await new Promise((r) => setTimeout(r, 5));
      },
    });
    const a = runner(getDb(), 'a', [job('a')]);
    const b = runner(second, 'b', [job('b')]);
    for (let minute = 0; minute < 12; minute += 1) {
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      clock.advance(60_000);
    }
    expect(ranOn.length).toBe(12);
    const status = (await a.status()).find((s) => s.name === 'count-minutes');
    expect(status).toMatchObject({ runs: 12, lastOutcome: 'success', runningOn: null });
  });

  it('does not start a running job elsewhere; takes it over when the lease of a crashed instance expires', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const slow: JobDefinition = {
      name: 'slow-job',
      intervalMs: 60_000,
      leaseMs: 120_000,
      async run() {
        runs += 1;
        if (runs === 1) await new Promise<void>((r) => (release = r));
      },
    };
    const a = runner(getDb(), 'a2', [slow]);
    const b = runner(second, 'b2', [slow]);
    const stuck = a.tick();
    // The first run has started (and hangs) once it is counted, however busy the machine.
    await vi.waitFor(() => expect(runs).toBe(1), { timeout: 10_000, interval: 20 });
    clock.advance(61_000);
    expect(await b.tick()).toEqual([]);
    // Instance a stops renewing (a crash); once its lease runs out, b runs the job.
    clock.advance(120_000);
    expect(await b.tick()).toEqual(['slow-job']);
    expect(runs).toBe(2);
    release();
    await stuck;
    const status = (await b.status()).find((s) => s.name === 'slow-job');
    expect(status?.runs).toBe(2);
    expect(status?.runningOn).toBeNull();
  });

  it('retries a failed job sooner and keeps its error without personal data', async () => {
    let calls = 0;
    const flaky: JobDefinition = {
      name: 'flaky-job',
      intervalMs: 3600_000,
      retryMs: 30_000,
      run() {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('could not mail ravi@example.com')) : Promise.resolve();
      },
    };
    const a = runner(getDb(), 'a3', [flaky]);
    await a.tick();
    let status = (await a.status()).find((s) => s.name === 'flaky-job');
    expect(status).toMatchObject({ lastOutcome: 'failure', lastError: 'Error: could not mail [redacted]' });
    expect(Date.parse(status?.nextRunAt ?? '') - clock.now().getTime()).toBe(30_000);
    clock.advance(30_000);
    expect(await a.tick()).toContain('flaky-job');
    status = (await a.status()).find((s) => s.name === 'flaky-job');
    expect(status?.lastOutcome).toBe('success');
    expect(await a.runNow('flaky-job')).toBe(true);
    expect(calls).toBe(3);
  });
});
