/**
 * Marketing lists: the customers who currently consent to marketing on a channel (SMS, WhatsApp,
 * email), with the contact for that channel, as CSV. Only consenting customers are included (the
 * consent ledger's current state), erased customers never, and the export passes the identity
 * module's export gate (permission `customer.export`, a reason, step-up; recorded with its count).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { RevealGate, RevealReasonCategory } from '../auth/step-up.policy.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { openPii, type CustomerCipher } from '../customers/customer-crypto.js';
import { consentingCustomers, marketingPurposeOf } from './consent.service.js';
import { sectionCsv } from './export-package.js';

export type MarketingChannel = keyof typeof marketingPurposeOf;

export class MarketingExport {
  constructor(private readonly deps: { db: Kysely<Database>; cipher: CustomerCipher; reveal?: RevealGate }) {}

  async csv(
    actor: ServiceActor,
    channel: MarketingChannel,
    reason: { category: RevealReasonCategory; text: string },
  ): Promise<{ csv: string; count: number }> {
    const { db } = this.deps;
    const ids = await consentingCustomers(db, actor.tenantId, [marketingPurposeOf[channel]]);
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < ids.length; i += 500) {
      const customers = await db
        .selectFrom('customers')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('id', 'in', ids.slice(i, i + 500))
        .orderBy('id')
        .execute();
      for (const c of customers) {
        const pii = await openPii(this.deps.cipher, c, ['name', channel === 'email' ? 'email' : 'phone']);
        const contact = channel === 'email' ? pii.email : pii.phone;
        if (pii.erased || contact === null) continue;
        rows.push({ customer_id: c.id, name: pii.name, [channel === 'email' ? 'email' : 'phone']: contact });
      }
    }
    if (actor.auth === undefined || this.deps.reveal === undefined)
      throw new AppError('forbidden', 'marketing lists are exported by a signed-in user');
    const auth = actor.auth;
    const gate = this.deps.reveal;
    await db.transaction().execute((trx) =>
      gate.authorizeExport(trx, auth, actor.audit, {
        objectType: 'customer',
        subjectIds: rows.map((r) => String(r.customer_id)),
        fields: ['name', channel === 'email' ? 'email' : 'phone'],
        format: 'csv',
        reason,
      }),
    );
    return { csv: sectionCsv({ table: 'marketing', description: '', rows }), count: rows.length };
  }
}
