/**
 * What a printed salon bill carries (A4 PDF, 80 mm PDF and text receipt, through billing's print
 * annotators): the first names of the staff who performed each service line, and for the bill's
 * client the sessions left on each running package and the wallet balance. The same figures as
 * the counter's receipt on screen (`SalonCheckoutService.receipt`); nothing else about the client.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { formatIndianDate } from '../../domain/gst/index.js';
import { formatRupees } from '../../domain/money/index.js';
import { operatorActor } from '../../kernel/actor.js';
import type { PrintAnnotator } from '../billing/document.service.js';
import type { SalonCheckoutService } from './salon-checkout.service.js';

export function salonPrintNotes(db: Kysely<Database>, checkout: SalonCheckoutService): PrintAnnotator {
  return async (tenantId, doc) => {
    if (doc.type !== 'invoice') return {};
    const row = await db
      .selectFrom('sales_documents')
      .select('customer_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', doc.id)
      .executeTakeFirst();
    const receipt = await checkout.receipt(
      operatorActor(tenantId, 'job'),
      { id: doc.id },
      row?.customer_id ?? null,
    );
    const lineNotes = new Map<number, string>();
    for (const s of receipt.staff)
      lineNotes.set(
        s.line,
        `${s.firstNames.length > 1 ? 'Stylists' : 'Stylist'}: ${s.firstNames.join(', ')}`,
      );
    const documentNotes = receipt.packages.map(
      (p) =>
        `Package ${p.name}: ${String(p.sessionsLeft)} session${p.sessionsLeft === 1 ? '' : 's'} left, valid till ${formatIndianDate(p.expiresOn)}`,
    );
    if (receipt.walletBalancePaise !== null)
      documentNotes.push(`Wallet balance: Rs ${formatRupees(receipt.walletBalancePaise)}`);
    return { lineNotes, documentNotes };
  };
}
