/**
 * The shop's billing settings (pricing policy, negative stock, UPI payee, turnover band), store
 * profiles (details printed on documents, registration, series formats) and the shop's own rate
 * corrections. Every change is audited; routes ask for `settings.manage` and a recent step-up.
 */
import { reencodeLogo } from './logo-image.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { createRateTable, istDateOf, type RateEntry } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { financialYear, financialYearOf, validateSeriesFormat } from '../../domain/numbering/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { BillingContextCache } from './billing-context.js';
import { authorizeStore } from '../auth/access.policy.js';
import {
  loadRateOverrides,
  loadSettings,
  loadStoreProfile,
  settingsRow,
} from './billing-settings.repository.js';
import type {
  BillingSettings,
  RateOverrideInput,
  StoreProfile,
  StoreProfilePatch,
} from './billing-settings.schemas.js';

export class BillingSettingsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly context: BillingContextCache,
  ) {}

  async settings(actor: ServiceActor): Promise<BillingSettings> {
    return loadSettings(this.db, actor.tenantId);
  }

  async updateSettings(actor: ServiceActor, patch: Partial<BillingSettings>): Promise<BillingSettings> {
    const next = { ...(await loadSettings(this.db, actor.tenantId)), ...patch };
    if ((next.upiVpa === null) !== (next.upiPayeeName === null))
      throw invalid('upiPayeeName', 'give the UPI address and the payee name together');
    const row = settingsRow(actor.tenantId, next, this.clock.now().toISOString());
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('billing_settings')
        .values(row)
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'settings.billing.change',
        objectType: 'billing_settings',
        objectId: actor.tenantId,
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      });
    });
    this.context.invalidate(actor.tenantId);
    return next;
  }

  async storeProfile(actor: ServiceActor, storeId: string): Promise<StoreProfile> {
    await authorizeStore(this.db, actor, 'invoice.read', storeId);
    return loadStoreProfile(this.db, actor.tenantId, storeId);
  }

  /**
   * Changes a store's profile. A new series format applies at once when no document of this
   * financial year used the old one, and otherwise from the next 1 April (numbers stay
   * consecutive within a year).
   */
  async updateStoreProfile(
    actor: ServiceActor,
    storeId: string,
    patch: StoreProfilePatch,
  ): Promise<StoreProfile> {
    await authorizeStore(this.db, actor, 'settings.manage', storeId);
    const current = await loadStoreProfile(this.db, actor.tenantId, storeId);
    const next = { ...current, ...patch };
    // A new logo is kept as its pixels only, decoded and encoded again (the stored one, sent
    // back unchanged by the settings form, is kept as it is rather than re-compressed).
    if (typeof patch.logo === 'string' && patch.logo !== current.logo) next.logo = reencodeLogo(patch.logo);
    for (const [field, prefix] of [
      ['invoicePrefix', next.invoicePrefix],
      ['creditNotePrefix', next.creditNotePrefix],
      ['debitNotePrefix', next.debitNotePrefix],
    ] as const)
      validateSeriesFormat({ prefix, includeYear: next.includeYear, minDigits: next.minDigits }, field);
    if (next.invoicePrefix.toUpperCase() === next.creditNotePrefix.toUpperCase())
      throw invalid('creditNotePrefix', 'must differ from the invoice prefix');
    if (
      [next.invoicePrefix, next.creditNotePrefix]
        .map((p) => p.toUpperCase())
        .includes(next.debitNotePrefix.toUpperCase())
    )
      throw invalid('debitNotePrefix', 'must differ from the invoice and credit note prefixes');
    if ((next.lutNumber === null) !== (next.lutDate === null))
      throw invalid(
        next.lutNumber === null ? 'lutNumber' : 'lutDate',
        'give the LUT number and its date together',
      );
    if (next.lutDate !== null && next.lutDate > istDateOf(this.clock.now()))
      throw invalid('lutDate', 'must not be in the future');
    await this.#refusePrefixOfSibling(actor.tenantId, next);
    const now = this.clock.now();
    const fy = financialYearOf(istDateOf(now));
    const used = await this.db
      .selectFrom('document_counters')
      .select('series')
      .where('tenant_id', '=', actor.tenantId)
      .where('store_id', '=', storeId)
      .where('fy', '=', fy.startYear)
      .where('last_seq', '>', 0)
      .executeTakeFirst();
    const row = {
      tenant_id: actor.tenantId,
      store_id: storeId,
      legal_name: next.legalName,
      trade_name: next.tradeName,
      address_line1: next.addressLine1,
      address_line2: next.addressLine2,
      city: next.city,
      pincode: next.pincode,
      phone: next.phone,
      email: next.email,
      registration: next.registration,
      invoice_prefix: next.invoicePrefix,
      credit_note_prefix: next.creditNotePrefix,
      include_year: next.includeYear ? 1 : 0,
      min_digits: next.minDigits,
      logo: next.logo,
      lut_number: next.lutNumber,
      lut_date: next.lutDate,
      debit_note_prefix: next.debitNotePrefix,
      receipt_language: next.receiptLanguage,
      updated_at: now.toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('store_profiles')
        .values(row)
        .onConflict((oc) => oc.columns(['tenant_id', 'store_id']).doUpdateSet(row))
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'settings.store.change',
        objectType: 'store',
        objectId: storeId,
        outcome: 'success',
        details: { fields: Object.keys(patch) },
      });
    });
    this.context.invalidate(actor.tenantId);
    const seriesChanged = [
      'invoicePrefix',
      'creditNotePrefix',
      'debitNotePrefix',
      'includeYear',
      'minDigits',
    ].some((k) => k in patch);
    return {
      ...next,
      ...(seriesChanged
        ? { seriesFormatFrom: used === undefined ? istDateOf(now) : financialYear(fy.startYear + 1).firstDay }
        : {}),
    };
  }

  /** Two stores under one GSTIN share the numbering space, so they cannot share a prefix. */
  async #refusePrefixOfSibling(tenantId: string, profile: StoreProfile): Promise<void> {
    const siblings = await this.db
      .selectFrom('stores')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('gstin', '=', profile.gstin)
      .where('id', '!=', profile.storeId)
      .execute();
    for (const sibling of siblings) {
      const other = await loadStoreProfile(this.db, tenantId, sibling.id);
      const mine = [profile.invoicePrefix, profile.creditNotePrefix, profile.debitNotePrefix].map((p) =>
        p.toUpperCase(),
      );
      const theirs = [other.invoicePrefix, other.creditNotePrefix, other.debitNotePrefix].map((p) =>
        p.toUpperCase(),
      );
      if (mine.some((p) => theirs.includes(p)))
        throw new AppError('conflict', 'another store with this GSTIN uses this prefix', 'invoicePrefix');
    }
  }

  /** The rate table with the shop's corrections, category by category. */
  async rates(actor: ServiceActor) {
    const table = createRateTable(await loadRateOverrides(this.db, actor.tenantId));
    return table.categories.map((c) => ({
      id: c.id,
      name: c.name,
      hsnHints: [...c.hsnHints],
      entries: table.history(c.id).map((e) => ({ ...e, origin: e.origin ?? ('default' as const) })),
    }));
  }

  /** Adds a dated correction; checked by building the table with it. */
  async addRateOverride(actor: ServiceActor, input: RateOverrideInput): Promise<void> {
    const existing = await loadRateOverrides(this.db, actor.tenantId);
    const entry: RateEntry = { ...input, origin: 'shop' };
    try {
      createRateTable([...existing, entry]);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed')
        throw invalid(error.field?.replace(/^rates\.\d+\./, '') ?? 'rule', error.message);
      throw error;
    }
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('rate_overrides')
        .values({
          tenant_id: actor.tenantId,
          id: newId(),
          category: input.category,
          effective_from: input.effectiveFrom,
          rule_json: JSON.stringify(input.rule),
          verified: input.verified ? 1 : 0,
          source: input.source,
          created_at: this.clock.now().toISOString(),
        })
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'settings.rate.add',
        objectType: 'rate_category',
        objectId: input.category,
        outcome: 'success',
        details: { effectiveFrom: input.effectiveFrom, rule: input.rule.kind },
      });
    });
    this.context.invalidate(actor.tenantId);
  }
}
