/**
 * What a printed salon bill carries (A4 PDF, 80 mm PDF and text receipt, through billing's print
 * annotators): the first names of the staff who performed each service line, and for the bill's
 * client the sessions left on each running package and the wallet balance. The same figures as
 * the counter's receipt on screen (`SalonCheckoutService.receipt`); nothing else about the client.
 * The words follow the language the store prints its receipts in, like the rest of the bill.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { formatIndianDate } from '../../domain/gst/index.js';
import { formatRupees } from '../../domain/money/index.js';
import { operatorActor } from '../../kernel/actor.js';
import type { PrintAnnotator } from '../billing/document.service.js';
import type { PrintLanguage } from '../documents/print-words.js';
import type { SalonCheckoutService } from './salon-checkout.service.js';

/** The printed salon words of one language. */
interface SalonPrintWords {
  readonly staff: (firstNames: readonly string[]) => string;
  readonly sessionsLeft: (name: string, left: number, validTill: string) => string;
  readonly walletBalance: (amount: string) => string;
}

const WORDS: Record<PrintLanguage, SalonPrintWords> = {
  en: {
    staff: (names) => `${names.length > 1 ? 'Stylists' : 'Stylist'}: ${names.join(', ')}`,
    sessionsLeft: (name, left, till) =>
      `Package ${name}: ${String(left)} session${left === 1 ? '' : 's'} left, valid till ${till}`,
    walletBalance: (amount) => `Wallet balance: Rs ${amount}`,
  },
  hi: {
    staff: (names) => `स्टाइलिस्ट: ${names.join(', ')}`,
    sessionsLeft: (name, left, till) => `पैकेज ${name}: ${String(left)} सत्र बाकी, ${till} तक मान्य`,
    walletBalance: (amount) => `वॉलेट शेष: Rs ${amount}`,
  },
};

export function salonPrintNotes(db: Kysely<Database>, checkout: SalonCheckoutService): PrintAnnotator {
  return async (tenantId, doc, language) => {
    if (doc.type !== 'invoice') return {};
    const words = WORDS[language];
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
    for (const s of receipt.staff) lineNotes.set(s.line, words.staff(s.firstNames));
    const documentNotes = receipt.packages.map((p) =>
      words.sessionsLeft(p.name, p.sessionsLeft, formatIndianDate(p.expiresOn)),
    );
    if (receipt.walletBalancePaise !== null)
      documentNotes.push(words.walletBalance(formatRupees(receipt.walletBalancePaise)));
    return { lineNotes, documentNotes };
  };
}
