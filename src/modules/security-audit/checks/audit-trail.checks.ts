/**
 * Audit-trail checks: the tenant's chain verifies (every hash, signature, checkpoint and the head),
 * and signed checkpoints are fresh: no entry has waited more than two checkpoint intervals to be
 * covered by a signed checkpoint (which is what makes a later rewrite of it detectable).
 */
import { verifyChain } from '../../audit/audit-verify.js';
import type { SecurityCheck } from '../check.types.js';

export const auditChainCheck: SecurityCheck = {
  id: 'audit.chain',
  title: 'The audit trail verifies',
  category: 'audit',
  severity: 'critical',
  remediation:
    'Treat this as a security incident: the audit trail was changed outside Tijori. Run `tijori audit verify --checkpoint FILE` with the checkpoints kept off the machine to see what changed, keep the database as it is for investigation, and restore the last good backup if the business data was touched.',
  async run(ctx) {
    const result = await verifyChain(ctx.db, ctx.tenantId, await ctx.verifyKey());
    const first = result.problems[0];
    const evidence = {
      entriesChecked: result.entriesChecked,
      stubsChecked: result.stubsChecked,
      lastSeq: result.lastSeq,
      checkpointsChecked: result.checkpointsChecked,
      problems: result.problems.length + result.moreProblems,
      firstProblem: first === undefined ? null : { kind: first.kind, seq: first.seq },
    };
    if (result.ok)
      return {
        status: 'pass',
        found: `${String(result.entriesChecked)} entries and ${String(result.checkpointsChecked)} checkpoint(s) verified.`,
        evidence,
      };
    return {
      status: 'fail',
      found: `The audit trail does not verify: ${first?.kind ?? 'problem'}${first?.seq === null || first === undefined ? '' : ` at entry ${String(first.seq)}`}.`,
      evidence,
    };
  },
};

export const checkpointFreshnessCheck: SecurityCheck = {
  id: 'audit.checkpoints',
  title: 'Signed audit checkpoints are up to date',
  category: 'audit',
  severity: 'high',
  remediation:
    'Make sure `tijori serve` is running (it signs a checkpoint every TIJORI_AUDIT_CHECKPOINT_MINUTES), check `tijori jobs list` for a failing audit-checkpoint job, or sign one now with `tijori audit checkpoint`.',
  async run(ctx) {
    const intervalMs = ctx.env.audit.checkpointMinutes * 60_000;
    const latest = await ctx.db
      .selectFrom('audit_checkpoints')
      .select(['seq', 'created_at'])
      .where('tenant_id', '=', ctx.tenantId)
      .orderBy('seq', 'desc')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const coveredSeq = Number(latest?.seq ?? 0);
    const oldestUncovered = await ctx.db
      .selectFrom('audit_entries')
      .select(['seq', 'occurred_at'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('seq', '>', coveredSeq)
      .orderBy('seq')
      .executeTakeFirst();
    const waitedMs =
      oldestUncovered === undefined ? 0 : ctx.now.getTime() - new Date(oldestUncovered.occurred_at).getTime();
    const evidence = {
      latestCheckpointSeq: latest === undefined ? null : coveredSeq,
      latestCheckpointAt: latest?.created_at ?? null,
      oldestUncoveredSeq: oldestUncovered === undefined ? null : Number(oldestUncovered.seq),
      oldestUncoveredAt: oldestUncovered?.occurred_at ?? null,
      intervalMinutes: ctx.env.audit.checkpointMinutes,
    };
    if (waitedMs > 2 * intervalMs)
      return {
        status: 'fail',
        found: `Audit entries have waited ${String(Math.floor(waitedMs / 60_000))} minutes for a signed checkpoint (at most ${String(2 * ctx.env.audit.checkpointMinutes)} expected).`,
        evidence,
      };
    return {
      status: 'pass',
      found:
        oldestUncovered === undefined
          ? 'Every entry is covered by a signed checkpoint.'
          : 'The newest entries will be covered by the next checkpoint.',
      evidence,
    };
  },
};
