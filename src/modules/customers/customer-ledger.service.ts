/**
 * The customer's running account for credit sales (khata): credit sales add to what the customer
 * owes (checkout), payments received reduce it, refunds to store credit take it below zero. Every
 * entry is an appended ledger row with the balance after it, written with its audit entry.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { applyToBalance, findCustomer, ledgerEntries } from './customer.repository.js';
import type { LedgerEntryView } from './customer.schemas.js';

export class CustomerLedgerService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  /** Records money received from the customer against their balance. */
  async recordPayment(
    actor: ServiceActor,
    customerId: string,
    payment: { amountPaise: number; method: string },
  ): Promise<{ balancePaise: number }> {
    await findCustomer(this.db, actor.tenantId, customerId);
    const balance = await this.db.transaction().execute(async (trx) => {
      const after = await applyToBalance(
        trx,
        actor.tenantId,
        {
          customerId,
          kind: 'payment',
          amount: -payment.amountPaise,
          method: payment.method,
          actorId: actor.userId,
          now: this.clock.now().toISOString(),
        },
        { enforceLimit: false },
      );
      await this.audit.record(trx, actor.audit, {
        action: 'customer.payment.receive',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: { amountPaise: payment.amountPaise, method: payment.method },
      });
      return after;
    });
    return { balancePaise: balance };
  }

  async entries(
    actor: ServiceActor,
    customerId: string,
    page: { before?: string; limit: number },
  ): Promise<{ balancePaise: number; creditLimitPaise: number; entries: LedgerEntryView[] }> {
    const customer = await findCustomer(this.db, actor.tenantId, customerId);
    const rows = await ledgerEntries(this.db, actor.tenantId, customerId, page);
    return {
      balancePaise: customer.balance,
      creditLimitPaise: customer.credit_limit,
      entries: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        amountPaise: r.amount,
        balanceAfterPaise: r.balance_after,
        method: r.method,
        refType: r.ref_type,
        refId: r.ref_id,
        createdAt: r.created_at,
      })),
    };
  }
}
