/**
 * Verification of a tenant's chain: every entry's hash is recomputed from its canonical encoding
 * and the previous hash, numbering must have no gap or repeat, every stored checkpoint must carry a
 * valid signature of the installation key and match the chain at its sequence number, and the head
 * must sit at the last entry. External checkpoints (kept off the machine) are checked the same
 * way, which exposes a truncated chain or one rebuilt by someone without the signing key. The first
 * problem names the place; later ones are listed up to a limit.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ChainHasher, genesisHash } from './audit-hash.js';
import type { SignedCheckpoint } from './checkpoint-note.js';
import { loadAnchors, Report, type Anchor } from './checkpoint-anchors.js';
import { chainHead, readChainPages } from './audit.repository.js';

export type ProblemKind =
  | 'changed'
  | 'missing'
  | 'duplicate'
  | 'truncated'
  | 'rebuilt'
  | 'pruned_outside_retention'
  | 'bad_checkpoint'
  | 'head';

export interface VerifyProblem {
  kind: ProblemKind;
  /** The first entry concerned, when there is one. */
  seq: number | null;
  message: string;
}

export interface VerifyResult {
  tenantId: string;
  ok: boolean;
  /** Entries whose hash was recomputed, and retention stubs linked through. */
  entriesChecked: number;
  stubsChecked: number;
  firstSeq: number | null;
  lastSeq: number;
  headSeq: number;
  checkpointsChecked: number;
  externalCheckpointsChecked: number;
  problems: VerifyProblem[];
  /** Problems found beyond the listed ones. */
  moreProblems: number;
}

export interface VerifyKey {
  keyId: string;
  publicKeyPem: string;
}

/** Verifies one tenant's chain against its stored checkpoints and any external ones. */
export async function verifyChain(
  db: Kysely<Database>,
  tenantId: string,
  key: VerifyKey,
  external: readonly SignedCheckpoint[] = [],
): Promise<VerifyResult> {
  const report = new Report();
  const anchors = await loadAnchors(db, tenantId, key, report);
  for (const c of external) anchors.push({ seq: c.seq, hash: c.hash, time: c.time, external: true });
  const retention = anchors.retention;
  const bySeq = new Map<number, Anchor[]>();
  for (const a of anchors) bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a]);

  // The head read first bounds the pass: writers may append while it runs.
  const head = await chainHead(db, tenantId);
  const headSeq = head?.seq ?? 0;
  // H(n-1) as stored (hex): each link is checked against the stored previous hash, so a change
  // shows at the entry changed, and the pass needs no buffer per entry.
  let prev: string | null = null;
  let expected = 1;
  let firstSeq: number | null = null;
  let lastGood = 0;
  let entries = 0;
  let stubs = 0;
  let keptBelowRetention = 0;
  const hasher = new ChainHasher();
  pass: for await (const page of readChainPages(db, tenantId)) {
    for (const item of page) {
      if (item.seq > headSeq && headSeq > 0) break pass;
      if (firstSeq === null) {
        firstSeq = item.seq;
        prev = startOfChain(tenantId, item.seq, retention, report)?.toString('hex') ?? null;
        expected = item.seq;
      }
      if (item.seq < expected) {
        report.add('duplicate', item.seq, `entry ${item.seq} appears twice`);
        continue;
      }
      if (item.seq > expected) {
        report.add('missing', expected, `entries ${describeRange(expected, item.seq - 1)} are missing`);
        prev = null;
      }
      let content: Buffer;
      if (item.entry !== undefined) {
        content = hasher.contentHash(item.entry);
        entries += 1;
        if (retention !== undefined && item.seq <= retention.seq) keptBelowRetention += 1;
      } else {
        content = Buffer.from(item.contentHash, 'hex');
        stubs += 1;
        if (retention === undefined || item.seq > retention.seq)
          report.add(
            'pruned_outside_retention',
            item.seq,
            `entry ${item.seq} was removed, but no signed retention checkpoint covers it`,
          );
      }
      if (prev !== null && !hasher.linkMatches(prev, content, item.hash))
        report.add(
          'changed',
          item.seq,
          `entry ${item.seq} does not match the chain (changed, inserted or reordered)`,
        );
      for (const anchor of bySeq.get(item.seq) ?? []) {
        if (anchor.hash === item.hash) lastGood = Math.max(lastGood, item.seq);
        else
          report.add(
            'rebuilt',
            lastGood + 1,
            `the chain at entry ${item.seq} differs from the ${anchor.external ? 'external' : 'stored'} signed checkpoint of ${anchor.time}: entries ${describeRange(lastGood + 1, item.seq)} were rewritten`,
          );
      }
      prev = item.hash;
      expected = item.seq + 1;
    }
  }
  if (firstSeq === null && retention !== undefined) {
    // Everything was removed by retention: the chain continues from the last retention checkpoint.
    expected = retention.seq + 1;
    prev = retention.hash;
  }
  const lastSeq = expected - 1;
  checkTail(report, { lastSeq, headSeq, headHash: head?.hash, lastHash: prev ?? undefined }, anchors);
  // Entries beyond the head read at the start are either new (the head has moved on) or a sign
  // that someone set the head back.
  const beyond = await maxSeq(db, tenantId);
  if (beyond > headSeq && beyond > Number((await chainHead(db, tenantId))?.seq ?? 0))
    report.add('head', headSeq + 1, `entries up to ${beyond} exist beyond the head at ${headSeq}`);
  if (retention?.kept !== undefined && keptBelowRetention !== retention.kept)
    report.add(
      'pruned_outside_retention',
      null,
      `${retention.kept - keptBelowRetention} entries at or below ${retention.seq} were removed after the retention checkpoint of ${retention.time}`,
    );
  return {
    tenantId,
    ok: report.problems.length === 0,
    entriesChecked: entries,
    stubsChecked: stubs,
    firstSeq,
    lastSeq,
    headSeq,
    checkpointsChecked: anchors.filter((a) => !a.external).length,
    externalCheckpointsChecked: external.length,
    problems: report.problems,
    moreProblems: report.more,
  };
}

async function maxSeq(db: Kysely<Database>, tenantId: string): Promise<number> {
  let top = 0;
  for (const table of ['audit_entries', 'audit_pruned'] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    top = Math.max(top, Number(row?.seq ?? 0));
  }
  return top;
}

function describeRange(from: number, to: number): string {
  return from === to ? String(from) : `${from} to ${to}`;
}

/** The hash before the first remaining entry: genesis, or a signed retention checkpoint. */
function startOfChain(
  tenantId: string,
  firstSeq: number,
  retention: (Anchor & { kept?: number; bases: Map<number, string> }) | undefined,
  report: Report,
): Buffer | null {
  if (firstSeq === 1) return genesisHash(tenantId);
  const base = retention?.bases.get(firstSeq - 1);
  if (base !== undefined) return Buffer.from(base, 'hex');
  report.add(
    'missing',
    1,
    `entries ${describeRange(1, firstSeq - 1)} are missing and no signed retention checkpoint explains it`,
  );
  return null;
}

function checkTail(
  report: Report,
  tail: { lastSeq: number; headSeq: number; headHash: string | undefined; lastHash: string | undefined },
  anchors: readonly Anchor[],
): void {
  const { lastSeq, headSeq } = tail;
  if (headSeq > lastSeq)
    report.add(
      'truncated',
      lastSeq + 1,
      `entries ${describeRange(lastSeq + 1, headSeq)} are missing from the end (the head is at ${headSeq})`,
    );
  else if (headSeq > 0 && tail.lastHash !== undefined && tail.headHash !== tail.lastHash)
    report.add('head', headSeq, `the head hash does not match entry ${headSeq}`);
  const beyond = anchors.filter((a) => a.seq > lastSeq).sort((a, b) => b.seq - a.seq)[0];
  if (beyond !== undefined)
    report.add(
      'truncated',
      lastSeq + 1,
      `the ${beyond.external ? 'external' : 'stored'} signed checkpoint of ${beyond.time} covers ${beyond.seq} entries but the chain ends at ${lastSeq}: entries ${describeRange(lastSeq + 1, beyond.seq)} are gone`,
    );
}
