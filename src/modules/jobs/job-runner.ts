/**
 * The shared job runner for periodic work (checkpoints, detectors, retention, deliveries, key
 * rotation, and later privacy and self-audit jobs). Each job has a row in `scheduled_jobs`; an
 * instance runs a due job only after claiming it with one conditional UPDATE that sets a lease
 * (owner and expiry). That UPDATE is atomic on both engines (PostgreSQL re-checks the condition
 * under the row lock; SQLite has one writer), so of several instances exactly one runs the job per
 * due time. A running job's lease is extended while it works; a crashed instance's lease expires
 * and another instance takes the job over.
 *
 * The runner is a system path (ADR 0064): it claims jobs and starts them in the system scope,
 * since a job may serve every business; a job's per-business work enters that business's tenant
 * scope itself (`forEachActiveTenant`, tenant-work.ts).
 */
import { asSystem } from '../../db/tenant-scope.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../logging/logger.js';
import { scrubText } from '../../logging/redact.js';

export interface JobContext {
  /** When the run started (the runner's clock). */
  readonly startedAt: Date;
}

export interface JobDefinition {
  /** A stable kebab-case name, the job's key in `scheduled_jobs`. */
  readonly name: string;
  readonly intervalMs: number;
  /** How long a claim holds without renewal (renewed every third of it while the job runs). */
  readonly leaseMs?: number;
  /** After a failure, try again this soon (never later than the interval). */
  readonly retryMs?: number;
  /** Delay of the very first run after the job is first registered in a database. */
  readonly initialDelayMs?: number;
  run(context: JobContext): Promise<void>;
}

export interface JobRunnerOptions {
  /** How often the runner looks for due jobs. */
  tickMs?: number;
  /** A name for this instance in leases (defaults to a random id). */
  instanceId?: string;
}

export interface JobStatus {
  name: string;
  nextRunAt: string;
  runningOn: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: string | null;
  lastError: string | null;
  runs: number;
}

const DEFAULT_LEASE_MS = 10 * 60_000;

export class JobRunner {
  readonly instanceId: string;
  readonly #jobs = new Map<string, JobDefinition>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #tickMs: number;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<string[]> | undefined;
  #ensured = new Set<string>();
  #stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: JobRunnerOptions = {},
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.#tickMs = options.tickMs ?? 2_000;
  }

  /** Adds a job; names are unique. */
  register(job: JobDefinition): void {
    if (!/^[a-z][a-z0-9-]{1,63}$/.test(job.name)) throw new Error(`job name ${job.name} is not kebab-case`);
    if (this.#jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.#jobs.set(job.name, job);
  }

  get jobNames(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Starts looking for due jobs every tick (a server does this; CLI commands do not). */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#stopped = false;
    const loop = () => {
      this.#ticking ??= asSystem('job scheduler', () => this.tick(false)).finally(
        () => (this.#ticking = undefined),
      );
      void this.#ticking.catch((error: unknown) =>
        this.logger.error({ err: error }, 'job runner tick failed'),
      );
    };
    this.#timer = setInterval(loop, this.#tickMs);
    this.#timer.unref();
    loop();
  }

  /** Stops claiming and waits for the jobs this instance is running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking?.catch(() => undefined);
    await Promise.allSettled([...this.#running.values()]);
  }

  /**
   * One pass: claims and starts every due job. With `wait` (tests, commands) it resolves when they
   * have finished; the server's loop does not wait, so a long job does not hold up the others.
   */
  async tick(wait = true): Promise<string[]> {
    await this.ensureRows();
    const now = this.clock.now().toISOString();
    const due = await this.db
      .selectFrom('scheduled_jobs')
      .select('name')
      .where('next_run_at', '<=', now)
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
      .execute();
    const started: string[] = [];
    for (const { name } of due) {
      const job = this.#jobs.get(name);
      if (job === undefined || this.#running.has(name) || this.#stopped) continue;
      if (await this.claim(job, false)) {
        started.push(name);
        this.#launch(job);
      }
    }
    if (wait) await Promise.allSettled(started.map((name) => this.#running.get(name) ?? Promise.resolve()));
    return started;
  }

  /** Runs a job now whatever its schedule (still once: refused while another instance runs it). */
  runNow(name: string): Promise<boolean> {
    return asSystem('job scheduler', () => this.#runNow(name));
  }

  async #runNow(name: string): Promise<boolean> {
    const job = this.#jobs.get(name);
    if (job === undefined) throw new Error(`no job named ${name}`);
    await this.ensureRows();
    if (this.#running.has(name) || !(await this.claim(job, true))) return false;
    this.#launch(job);
    await this.#running.get(name);
    return true;
  }

  async status(): Promise<JobStatus[]> {
    await this.ensureRows();
    const rows = await this.db.selectFrom('scheduled_jobs').selectAll().orderBy('name').execute();
    return rows.map((r) => ({
      name: r.name,
      nextRunAt: r.next_run_at,
      runningOn: r.lease_owner,
      lastStartedAt: r.last_started_at,
      lastFinishedAt: r.last_finished_at,
      lastOutcome: r.last_outcome,
      lastError: r.last_error,
      runs: Number(r.runs),
    }));
  }

  private async ensureRows(): Promise<void> {
    for (const job of this.#jobs.values()) {
      if (this.#ensured.has(job.name)) continue;
      const first = new Date(this.clock.now().getTime() + (job.initialDelayMs ?? 0)).toISOString();
      await this.db
        .insertInto('scheduled_jobs')
        .values({ name: job.name, next_run_at: first, runs: 0 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      this.#ensured.add(job.name);
    }
  }

  /** The conditional UPDATE that makes this instance the only one running the job. */
  private async claim(job: JobDefinition, ignoreSchedule: boolean): Promise<boolean> {
    const now = this.clock.now();
    const at = now.toISOString();
    let query = this.db
      .updateTable('scheduled_jobs')
      .set((eb) => ({
        lease_owner: this.instanceId,
        lease_expires_at: new Date(now.getTime() + (job.leaseMs ?? DEFAULT_LEASE_MS)).toISOString(),
        last_started_at: at,
        runs: eb('runs', '+', 1),
      }))
      .where('name', '=', job.name)
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', at)]));
    if (!ignoreSchedule) query = query.where('next_run_at', '<=', at);
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  #launch(job: JobDefinition): void {
    // A failure to record the outcome (the database busy or gone) must not become an unhandled
    // rejection: the lease then simply expires and the job runs again.
    const run = this.#execute(job)
      .catch((error: unknown) => {
        this.logger.warn({ job: job.name, err: error }, 'could not record a scheduled job run');
      })
      .finally(() => this.#running.delete(job.name));
    this.#running.set(job.name, run);
  }

  async #execute(job: JobDefinition): Promise<void> {
    const startedAt = this.clock.now();
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const renew = setInterval(() => {
      void this.db
        .updateTable('scheduled_jobs')
        .set({ lease_expires_at: new Date(this.clock.now().getTime() + leaseMs).toISOString() })
        .where('name', '=', job.name)
        .where('lease_owner', '=', this.instanceId)
        .execute()
        .catch(() => undefined);
    }, leaseMs / 3);
    renew.unref();
    let outcome = 'success';
    let error: string | null = null;
    try {
      await job.run({ startedAt });
    } catch (e) {
      outcome = 'failure';
      error = scrubText(e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error').slice(0, 300);
      this.logger.error({ job: job.name, err: e }, 'scheduled job failed');
    } finally {
      clearInterval(renew);
    }
    const finished = this.clock.now();
    const next =
      outcome === 'success'
        ? Math.max(startedAt.getTime() + job.intervalMs, finished.getTime())
        : finished.getTime() + Math.min(job.retryMs ?? 60_000, job.intervalMs);
    await this.db
      .updateTable('scheduled_jobs')
      .set({
        lease_owner: null,
        lease_expires_at: null,
        last_finished_at: finished.toISOString(),
        last_outcome: outcome,
        last_error: error,
        next_run_at: new Date(next).toISOString(),
      })
      .where('name', '=', job.name)
      .where('lease_owner', '=', this.instanceId)
      .execute();
  }
}
