/**
 * The audit trail as the auditor and owner use it: filtered pages of entries, exports in CSV and
 * JSON (each recorded), verification of a chain with stored and external checkpoints (recorded;
 * a broken chain raises an alert through the hook the composition root connects).
 */
import { textCell } from '../../domain/csv-cell.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AuditEntriesTable } from '../../db/tables/audit.tables.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { chainTenants, listEntries, type EntryFilter } from './audit.repository.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { verifyChain, type VerifyResult } from './audit-verify.js';
import { checkNote, splitNotes, type SignedCheckpoint } from './checkpoint-note.js';
import type { CheckpointService } from './checkpoint.service.js';

export interface EntryView {
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  sessionId: string | null;
  deviceId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  outcome: string;
  requestId: string | null;
  source: string | null;
  retention: string;
  details: Record<string, unknown>;
  hash: string;
}

export function entryView(r: AuditEntriesTable): EntryView {
  return {
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    sessionId: r.session_id,
    deviceId: r.device_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    outcome: r.outcome,
    requestId: r.request_id,
    source: r.source,
    retention: r.retention,
    details: JSON.parse(r.details) as Record<string, unknown>,
    hash: r.hash,
  };
}

export type ExportFormat = 'csv' | 'json';

/** A verification and whether its run could be recorded in the chain. */
export type VerifyRun = VerifyResult & { recorded: boolean };
export const MAX_EXPORT_ROWS = 100_000;

const csvColumns = [
  'seq',
  'occurred_at',
  'actor_type',
  'actor_id',
  'session_id',
  'device_id',
  'action',
  'object_type',
  'object_id',
  'outcome',
  'request_id',
  'source',
  'retention',
  'details',
  'hash',
] as const;

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
function csvField(value: string | number | null): string {
  return value === null ? '' : textCell(String(value));
}

/** Parsed external checkpoints with the problems found in the file itself. */
export interface ExternalCheckpoints {
  checkpoints: SignedCheckpoint[];
  problems: string[];
}

export interface AuditServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  checkpoints: CheckpointService;
  /** Called when a verification finds a problem (the monitoring module raises an alert). */
  onBroken?: (result: VerifyResult) => Promise<void>;
}

export class AuditService {
  constructor(private readonly deps: AuditServiceDeps) {}

  async list(
    tenantId: string,
    filter: EntryFilter,
    limit: number,
  ): Promise<{ entries: EntryView[]; nextBeforeSeq: number | null }> {
    const rows = await listEntries(this.deps.db, tenantId, filter, limit);
    const last = rows[rows.length - 1];
    return {
      entries: rows.map(entryView),
      nextBeforeSeq: rows.length === limit && last !== undefined ? last.seq : null,
    };
  }

  /** An export of the filtered entries (newest first), recorded with its format and size. */
  async export(
    ctx: AuditContext,
    filter: EntryFilter,
    format: ExportFormat,
  ): Promise<{ body: string; contentType: string; count: number; truncated: boolean }> {
    const rows: AuditEntriesTable[] = [];
    let before = filter.beforeSeq;
    while (rows.length < MAX_EXPORT_ROWS) {
      const page = await listEntries(this.deps.db, ctx.tenantId, { ...filter, beforeSeq: before }, 5000);
      rows.push(...page);
      if (page.length < 5000) break;
      before = page[page.length - 1]?.seq;
    }
    const truncated = rows.length > MAX_EXPORT_ROWS;
    const kept = rows.slice(0, MAX_EXPORT_ROWS);
    await this.deps.audit.record(this.deps.db, ctx, {
      action: 'audit.export',
      objectType: 'audit_chain',
      objectId: ctx.tenantId,
      outcome: 'success',
      details: { format, count: kept.length, truncated, filters: Object.keys(filter).sort() },
    });
    if (format === 'csv') {
      const lines = [csvColumns.join(',')];
      for (const r of kept) lines.push(csvColumns.map((c) => csvField(r[c])).join(','));
      return {
        body: `${lines.join('\r\n')}\r\n`,
        contentType: 'text/csv; charset=utf-8',
        count: kept.length,
        truncated,
      };
    }
    const latest = (await this.deps.checkpoints.list(ctx.tenantId, 1))[0];
    const body = JSON.stringify({
      tenantId: ctx.tenantId,
      exportedAt: this.deps.clock.now().toISOString(),
      filter,
      count: kept.length,
      truncated,
      entries: kept.map(entryView),
      latestCheckpoint: latest?.note ?? null,
    });
    return { body, contentType: 'application/json; charset=utf-8', count: kept.length, truncated };
  }

  /** Parses a file of checkpoints copied off the machine and checks each signature. */
  async parseExternal(text: string): Promise<ExternalCheckpoints> {
    const key = await this.deps.checkpoints.verifyKey();
    const out: ExternalCheckpoints = { checkpoints: [], problems: [] };
    const notes = splitNotes(text);
    if (notes.length === 0) out.problems.push('the checkpoint file holds no checkpoint');
    for (const note of notes) {
      const check = checkNote(note, key);
      if (check.ok) out.checkpoints.push(check.checkpoint);
      else
        out.problems.push(
          `an external checkpoint${check.checkpoint === undefined ? '' : ` (entry ${check.checkpoint.seq})`} is not valid: ${check.reason}`,
        );
    }
    return out;
  }

  /**
   * Verifies one chain, records the run in it, and reports a broken chain. A chain whose head was
   * damaged may refuse the record: the result is still returned, with `recorded: false`.
   */
  async verify(ctx: AuditContext, external: readonly SignedCheckpoint[] = []): Promise<VerifyRun> {
    const key = await this.deps.checkpoints.verifyKey();
    const mine = external.filter((c) => c.tenantId === ctx.tenantId);
    const result = await verifyChain(this.deps.db, ctx.tenantId, key, mine);
    const first = result.problems[0];
    let recorded = true;
    try {
      await this.deps.audit.record(this.deps.db, ctx, {
        action: 'audit.verify',
        objectType: 'audit_chain',
        objectId: ctx.tenantId,
        outcome: result.ok ? 'success' : 'failure',
        details: {
          entries: result.entriesChecked,
          lastSeq: result.lastSeq,
          problems: result.problems.length + result.moreProblems,
          firstBadSeq: first?.seq ?? null,
          externalCheckpoints: mine.length,
        },
      });
    } catch {
      recorded = false;
    }
    if (!result.ok) await this.deps.onBroken?.(result);
    return { ...result, recorded };
  }

  /** Every chain in the database, plus any chain an external checkpoint names that is gone. */
  async verifyAll(
    contextFor: (tenantId: string) => AuditContext,
    external: readonly SignedCheckpoint[] = [],
  ): Promise<VerifyRun[]> {
    const chains = new Set(await chainTenants(this.deps.db));
    for (const c of external) chains.add(c.tenantId);
    const results: VerifyRun[] = [];
    for (const tenantId of [...chains].sort())
      results.push(await this.verify(contextFor(tenantId), external));
    return results;
  }

  /** Refuses a filter window that ends before it starts. */
  static checkWindow(filter: EntryFilter): void {
    if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to)
      throw new AppError('validation_failed', 'the end of the time range must be after its start', 'to');
  }
}
