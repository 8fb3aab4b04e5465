/**
 * Signed checkpoints: periodically (a job) and on demand, the head of a chain is signed with the
 * installation's Ed25519 key and stored; each new checkpoint can also be appended to a file in a
 * folder the operator mounts elsewhere and sent to the tenant's alert channels, so that a copy
 * lives off the machine. A run is recorded in the trail before the checkpoint is taken, so the
 * checkpoint covers its own record and an idle chain gets no new entries.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Signer } from '../../crypto/signing.js';
import type { Database } from '../../db/schema.js';
import type { CheckpointKind } from '../../db/tables/audit.tables.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { INSTALLATION_CHAIN, systemContext } from '../../kernel/audit.js';
import { chainHead, chainTenants } from './audit.repository.js';
import { signCheckpoint, type Checkpoint, type SignedCheckpoint } from './checkpoint-note.js';
import type { VerifyKey } from './audit-verify.js';

/** Hands a new checkpoint to whatever keeps copies off the machine (alert channels). */
export type CheckpointPublisher = (trx: Kysely<Database>, checkpoint: SignedCheckpoint) => Promise<void>;

export interface CheckpointDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  /** The installation signer, loaded on first use. */
  signer: () => Promise<Signer>;
  /** A folder (ideally mounted from another machine) that receives every checkpoint as text. */
  exportDir?: string;
  publish?: CheckpointPublisher;
}

export interface CheckpointView {
  id: string;
  seq: number;
  kind: CheckpointKind;
  keyId: string;
  createdAt: string;
  note: string;
}

export class CheckpointService {
  constructor(private readonly deps: CheckpointDeps) {}

  /** The public half of the signing key, for verification. */
  async verifyKey(): Promise<VerifyKey> {
    const signer = await this.deps.signer();
    return { keyId: signer.keyId, publicKeyPem: signer.publicKeyPem };
  }

  /** On demand: records the request, then signs the head (which includes that record). */
  async createNow(ctx: AuditContext): Promise<SignedCheckpoint> {
    await this.deps.audit.record(this.deps.db, ctx, {
      action: 'audit.checkpoint',
      objectType: 'audit_chain',
      objectId: ctx.tenantId,
      outcome: 'success',
      details: { kind: 'manual' },
    });
    const made = await this.signHead(ctx.tenantId, 'manual');
    if (made === null) throw new Error('the chain has no head after recording');
    return made;
  }

  /** The periodic run: a checkpoint for every chain that grew since its last one. */
  async createPeriodic(): Promise<number> {
    const due: string[] = [];
    for (const tenantId of await chainTenants(this.deps.db)) {
      const head = await chainHead(this.deps.db, tenantId);
      const last = await this.latestSeq(tenantId);
      if (head !== undefined && head.seq > last) due.push(tenantId);
    }
    if (due.length === 0) return 0;
    await this.deps.audit.record(this.deps.db, systemContext(INSTALLATION_CHAIN, 'audit-checkpoint'), {
      action: 'audit.checkpoint',
      objectType: 'audit_chain',
      objectId: null,
      outcome: 'success',
      details: { kind: 'periodic', chains: due.length },
    });
    if (!due.includes(INSTALLATION_CHAIN)) due.push(INSTALLATION_CHAIN);
    let made = 0;
    for (const tenantId of due) if ((await this.signHead(tenantId, 'periodic')) !== null) made += 1;
    return made;
  }

  /**
   * Signs and stores a checkpoint inside `trx` (the retention job's anchor uses this). The signer
   * is loaded before the transaction: on SQLite a query outside it would wait for it forever.
   */
  async store(trx: Kysely<Database>, checkpoint: Checkpoint, signer: Signer): Promise<SignedCheckpoint> {
    const signed = signCheckpoint(checkpoint, signer);
    await trx
      .insertInto('audit_checkpoints')
      .values({
        tenant_id: checkpoint.tenantId,
        id: newId(),
        seq: checkpoint.seq,
        hash: checkpoint.hash,
        kind: checkpoint.kind,
        key_id: signed.keyName,
        note: signed.note,
        created_at: checkpoint.time,
      })
      .execute();
    await this.deps.publish?.(trx, signed);
    return signed;
  }

  async list(tenantId: string, limit = 50): Promise<CheckpointView[]> {
    const rows = await this.deps.db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('seq', 'desc')
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      seq: Number(r.seq),
      kind: r.kind,
      keyId: r.key_id,
      createdAt: r.created_at,
      note: r.note,
    }));
  }

  private async latestSeq(tenantId: string): Promise<number> {
    const row = await this.deps.db
      .selectFrom('audit_checkpoints')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  private async signHead(tenantId: string, kind: CheckpointKind): Promise<SignedCheckpoint | null> {
    const head = await chainHead(this.deps.db, tenantId);
    if (head === undefined || head.seq === 0) return null;
    const signer = await this.deps.signer();
    const signed = await this.deps.db
      .transaction()
      .execute((trx) =>
        this.store(
          trx,
          { tenantId, seq: head.seq, hash: head.hash, time: this.deps.clock.now().toISOString(), kind },
          signer,
        ),
      );
    this.exportToFile(signed);
    return signed;
  }

  private exportToFile(signed: SignedCheckpoint): void {
    if (this.deps.exportDir === undefined) return;
    mkdirSync(this.deps.exportDir, { recursive: true, mode: 0o700 });
    appendFileSync(join(this.deps.exportDir, `${signed.tenantId}.checkpoints`), signed.note, { mode: 0o600 });
  }
}
