/** The state of a store's document series in a financial year: last number and the next one. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FinancialYear } from '../../domain/numbering/index.js';
import { authorizeStore } from '../auth/access.policy.js';
import { type ServiceActor } from '../../kernel/actor.js';
import { loadStoreProfile } from './billing-settings.repository.js';
import { seriesStates, type SeriesState } from './series.repository.js';

export class SeriesService {
  constructor(private readonly db: Kysely<Database>) {}

  async current(actor: ServiceActor, storeId: string, year: FinancialYear): Promise<SeriesState[]> {
    const profile = await loadStoreProfile(this.db, actor.tenantId, storeId);
    await authorizeStore(this.db, actor, 'invoice.read', storeId);
    const format = { includeYear: profile.includeYear, minDigits: profile.minDigits };
    return seriesStates(this.db, actor.tenantId, storeId, year, {
      invoice: { ...format, prefix: profile.invoicePrefix },
      'credit-note': { ...format, prefix: profile.creditNotePrefix },
      'debit-note': { ...format, prefix: profile.debitNotePrefix },
    });
  }
}
