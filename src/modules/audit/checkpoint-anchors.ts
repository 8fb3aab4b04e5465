/**
 * What verification checks a chain against: the stored checkpoints whose signature verifies with
 * the installation key (a bad one is a problem in itself), the latest retention checkpoint and the
 * retention anchors the chain may start from; and the bounded list of problems found.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ProblemKind, VerifyKey, VerifyProblem } from './audit-verify.js';
import { checkNote } from './checkpoint-note.js';

const MAX_PROBLEMS = 20;

/** A checkpoint the chain must agree with at its sequence number. */
export interface Anchor {
  seq: number;
  hash: string;
  time: string;
  external: boolean;
}

/** Problems in the order found (the first names the first bad place); a few, then a count. */
export class Report {
  readonly problems: VerifyProblem[] = [];
  more = 0;
  add(kind: ProblemKind, seq: number | null, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ kind, seq, message });
    else this.more += 1;
  }
}

export type Anchors = Anchor[] & {
  retention?: Anchor & { kept?: number; bases: Map<number, string> };
};

/** Stored checkpoints with a valid signature; a bad one is a problem in itself. */
export async function loadAnchors(
  db: Kysely<Database>,
  tenantId: string,
  key: VerifyKey,
  report: Report,
): Promise<Anchors> {
  const rows = await db
    .selectFrom('audit_checkpoints')
    .select(['id', 'seq', 'note'])
    .where('tenant_id', '=', tenantId)
    .orderBy('seq')
    .execute();
  const anchors: Anchors = [];
  const bases = new Map<number, string>();
  for (const row of rows) {
    const check = checkNote(row.note, key);
    if (!check.ok || check.checkpoint.tenantId !== tenantId || check.checkpoint.seq !== Number(row.seq)) {
      report.add(
        'bad_checkpoint',
        null,
        `the stored checkpoint at entry ${row.seq} is not validly signed (${check.ok ? 'it names another place' : check.reason})`,
      );
      continue;
    }
    const c = check.checkpoint;
    anchors.push({ seq: c.seq, hash: c.hash, time: c.time, external: false });
    if (c.kind === 'retention') {
      bases.set(c.seq, c.hash);
      if (anchors.retention === undefined || c.seq >= anchors.retention.seq)
        anchors.retention = {
          seq: c.seq,
          hash: c.hash,
          time: c.time,
          external: false,
          ...(c.kept === undefined ? {} : { kept: c.kept }),
          bases,
        };
    }
  }
  return anchors;
}
