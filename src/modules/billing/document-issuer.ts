/**
 * Runs an issuing operation (checkout, credit note, exchange) once per idempotency key: a key
 * seen before answers with its first document; otherwise the key is claimed inside the
 * operation's transaction, so the key and the documents commit together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { claimKey, findKey, KeyAlreadyUsed, replayOf } from './idempotency.repository.js';

export interface IssueOutcome {
  documentId: string;
  replayed: boolean;
}

export class DocumentIssuer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The first document of a key already used (or undefined). */
  async replay(
    actor: ServiceActor,
    key: string,
    operation: string,
    hash: string,
  ): Promise<IssueOutcome | undefined> {
    const row = await findKey(this.db, actor.tenantId, key);
    return row === undefined ? undefined : { documentId: replayOf(row, operation, hash), replayed: true };
  }

  /**
   * Claims the key and runs `work` in one transaction. When a concurrent request with the same
   * key committed first, this one rolls back and answers with that request's document.
   */
  async issue(
    actor: ServiceActor,
    claim: { key: string; operation: string; hash: string; documentId: string },
    work: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<IssueOutcome> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await claimKey(trx, {
          tenant_id: actor.tenantId,
          key: claim.key,
          operation: claim.operation,
          request_hash: claim.hash,
          document_id: claim.documentId,
          created_at: this.clock.now().toISOString(),
        });
        await work(trx);
      });
      return { documentId: claim.documentId, replayed: false };
    } catch (error) {
      if (!(error instanceof KeyAlreadyUsed)) throw error;
      const first = await this.replay(actor, claim.key, claim.operation, claim.hash);
      if (first === undefined) throw error;
      return first;
    }
  }
}
