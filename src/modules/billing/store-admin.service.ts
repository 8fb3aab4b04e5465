/**
 * Adding and renaming stores (issue 14, item 4). A new store gets its row, its printed details
 * (store profile with its invoice series), its first counter and the audit entry in one
 * transaction. Its GSTIN is the business's own (the same registration, another place of
 * business) or another registration of the same PAN (a branch in another state): anything else
 * is another business. Only someone managing settings for the whole business adds stores.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { validateGstin } from '../../domain/gst/gstin.js';
import { newId } from '../../domain/ids.js';
import { validateSeriesFormat } from '../../domain/numbering/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { authorizeStore } from '../auth/access.policy.js';
import type { BillingContextCache } from './billing-context.js';
import { loadStoreProfile } from './billing-settings.repository.js';
import { listStores, requireStore } from './store.repository.js';

export interface NewStoreInput {
  name: string;
  /** Absent: the same GSTIN as the business's first store. */
  gstin?: string | undefined;
  tradeName?: string | null | undefined;
  addressLine1: string;
  addressLine2?: string | null | undefined;
  city: string;
  pincode: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  invoicePrefix: string;
  creditNotePrefix: string;
  receiptLanguage?: 'en' | 'hi' | undefined;
}

export interface StoreView {
  id: string;
  name: string;
  gstin: string;
  stateCode: string;
}

export class StoreAdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly context: BillingContextCache,
  ) {}

  async create(actor: ServiceActor, input: NewStoreInput): Promise<StoreView> {
    if (actor.auth !== undefined && actor.auth.storeIds !== 'all')
      throw new AppError('forbidden', 'only someone who manages the whole business adds stores');
    const existing = await listStores(this.db, actor.tenantId);
    const first = existing[0];
    if (first === undefined) throw new AppError('precondition_failed', 'the business has no store yet');
    await authorizeStore(this.db, actor, 'settings.manage', first.id);
    const gstin = (input.gstin ?? first.gstin).trim().toUpperCase();
    const checked = validateGstin(gstin);
    if (!checked.valid) throw invalid('gstin', checked.message);
    // Characters 3 to 12 are the PAN: every registration of one business shares it.
    if (gstin.slice(2, 12) !== first.gstin.slice(2, 12))
      throw invalid('gstin', 'must be a registration of this business (the same PAN)');
    const name = input.name.trim();
    if (existing.some((s) => s.name.trim().toLowerCase() === name.toLowerCase()))
      throw new AppError('conflict', 'another store has this name', 'name');
    const format = { includeYear: true, minDigits: 5 };
    validateSeriesFormat({ prefix: input.invoicePrefix, ...format }, 'invoicePrefix');
    validateSeriesFormat({ prefix: input.creditNotePrefix, ...format }, 'creditNotePrefix');
    const invoicePrefix = input.invoicePrefix.trim();
    const creditNotePrefix = input.creditNotePrefix.trim();
    if (invoicePrefix.toUpperCase() === creditNotePrefix.toUpperCase())
      throw invalid('creditNotePrefix', 'must differ from the invoice prefix');
    const debitNotePrefix = `DN-${invoicePrefix}`.slice(0, 12);
    // Stores under one GSTIN share its numbering space: no prefix of theirs may repeat.
    const mine = [invoicePrefix, creditNotePrefix, debitNotePrefix].map((p) => p.toUpperCase());
    for (const sibling of existing.filter((s) => s.gstin === gstin)) {
      const other = await loadStoreProfile(this.db, actor.tenantId, sibling.id);
      const theirs = [other.invoicePrefix, other.creditNotePrefix, other.debitNotePrefix].map((p) =>
        p.toUpperCase(),
      );
      if (theirs.includes(mine[0]!))
        throw new AppError('conflict', 'another store with this GSTIN uses this prefix', 'invoicePrefix');
      if (theirs.includes(mine[1]!))
        throw new AppError('conflict', 'another store with this GSTIN uses this prefix', 'creditNotePrefix');
    }
    const legal = await loadStoreProfile(this.db, actor.tenantId, first.id);
    const id = newId();
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('stores')
        .values({
          tenant_id: actor.tenantId,
          id,
          name,
          gstin,
          state_code: checked.stateCode,
          address: `${input.addressLine1.trim()}, ${input.city.trim()} ${input.pincode}`,
          created_at: now,
        })
        .execute();
      await trx
        .insertInto('store_profiles')
        .values({
          tenant_id: actor.tenantId,
          store_id: id,
          legal_name: legal.legalName,
          trade_name: input.tradeName ?? null,
          address_line1: input.addressLine1.trim(),
          address_line2: input.addressLine2 ?? null,
          city: input.city.trim(),
          pincode: input.pincode,
          phone: input.phone ?? null,
          email: input.email ?? null,
          registration: legal.registration,
          invoice_prefix: invoicePrefix,
          credit_note_prefix: creditNotePrefix,
          debit_note_prefix: debitNotePrefix,
          include_year: 1,
          min_digits: 5,
          receipt_language: input.receiptLanguage ?? 'en',
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('counters')
        .values({ tenant_id: actor.tenantId, id: newId(), store_id: id, name: 'Counter 1', created_at: now })
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'settings.store.create',
        objectType: 'store',
        objectId: id,
        outcome: 'success',
        details: { sameGstin: gstin === first.gstin },
      });
    });
    this.context.invalidate(actor.tenantId);
    return { id, name, gstin, stateCode: checked.stateCode };
  }

  /** Renames a store (its printed details are changed through its billing profile). */
  async rename(actor: ServiceActor, storeId: string, name: string): Promise<StoreView> {
    const store = await requireStore(this.db, actor.tenantId, storeId);
    await authorizeStore(this.db, actor, 'settings.manage', storeId);
    const trimmed = name.trim();
    const others = await listStores(this.db, actor.tenantId);
    if (others.some((s) => s.id !== storeId && s.name.trim().toLowerCase() === trimmed.toLowerCase()))
      throw new AppError('conflict', 'another store has this name', 'name');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('stores')
        .set({ name: trimmed })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', storeId)
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'settings.store.change',
        objectType: 'store',
        objectId: storeId,
        outcome: 'success',
        details: { fields: ['name'] },
      });
    });
    this.context.invalidate(actor.tenantId);
    return { id: storeId, name: trimmed, gstin: store.gstin, stateCode: store.state_code };
  }
}
