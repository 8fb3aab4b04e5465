/**
 * Reads the shop's billing settings, a store's profile and the shop's rate corrections, with the
 * defaults a new shop starts from (settings rows are written only when changed).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RateEntry, RateRule, SupplierParty } from '../../domain/gst/index.js';
import type { BillingSettings, StoreProfile } from './billing-settings.schemas.js';
import { requireStore, type StoreRow } from './store.repository.js';

export const DEFAULT_SETTINGS: BillingSettings = {
  inclusiveBand: 'higher-rate',
  thresholdBasis: 'taxable-value',
  roundOff: 'rupee',
  negativeStock: 'allow',
  upiVpa: null,
  upiPayeeName: null,
  turnoverAbove5Cr: false,
  // A cashier may take 5 % off a bill on their own; beyond it a manager approves (issue 14).
  discountAllowancePercent: 5,
  mixedSupplyRule: 'highest-rate',
  // Rs 2,000 out of the till on one credit note; more needs a manager (issue 14).
  refundAllowancePaise: 200_000,
};

/** The `billing_settings` row that stores a tenant's settings (one place for every column). */
export function settingsRow(tenantId: string, settings: BillingSettings, updatedAt: string) {
  return {
    tenant_id: tenantId,
    inclusive_band: settings.inclusiveBand,
    threshold_basis: settings.thresholdBasis,
    round_off: settings.roundOff,
    negative_stock: settings.negativeStock,
    upi_vpa: settings.upiVpa,
    upi_payee_name: settings.upiPayeeName,
    turnover_above_5cr: settings.turnoverAbove5Cr ? 1 : 0,
    discount_allowance_pct: settings.discountAllowancePercent,
    mixed_supply_rule: settings.mixedSupplyRule,
    refund_allowance_paise: settings.refundAllowancePaise,
    updated_at: updatedAt,
  };
}

export async function loadSettings(db: Kysely<Database>, tenantId: string): Promise<BillingSettings> {
  const row = await db
    .selectFrom('billing_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (row === undefined) return DEFAULT_SETTINGS;
  return {
    inclusiveBand: row.inclusive_band as BillingSettings['inclusiveBand'],
    thresholdBasis: row.threshold_basis as BillingSettings['thresholdBasis'],
    roundOff: row.round_off as BillingSettings['roundOff'],
    negativeStock: row.negative_stock as BillingSettings['negativeStock'],
    upiVpa: row.upi_vpa,
    upiPayeeName: row.upi_payee_name,
    turnoverAbove5Cr: row.turnover_above_5cr === 1,
    discountAllowancePercent: row.discount_allowance_pct,
    mixedSupplyRule: row.mixed_supply_rule === 'own-rates' ? 'own-rates' : 'highest-rate',
    refundAllowancePaise: Number(row.refund_allowance_paise),
  };
}

/** Default series prefixes: the first store of a GSTIN gets INV/CN/DN, later ones INV2/CN2/DN2 ... */
async function defaultPrefixes(
  db: Kysely<Database>,
  store: StoreRow,
): Promise<{ invoice: string; note: string; debit: string; challan: string }> {
  const siblings = await db
    .selectFrom('stores')
    .select(['id'])
    .where('tenant_id', '=', store.tenant_id)
    .where('gstin', '=', store.gstin)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const position = siblings.findIndex((s) => s.id === store.id);
  const suffix = position <= 0 ? '' : String(position + 1);
  return { invoice: `INV${suffix}`, note: `CN${suffix}`, debit: `DN${suffix}`, challan: `DC${suffix}` };
}

/**
 * The delivery challans' series prefix of a store (Rule 55): `DC`, `DC2`, ... by the store's
 * place among the stores under its GSTIN, so two stores of one GSTIN never share a number.
 */
export async function challanPrefix(db: Kysely<Database>, store: StoreRow): Promise<string> {
  return (await defaultPrefixes(db, store)).challan;
}

export async function loadStoreProfile(
  db: Kysely<Database>,
  tenantId: string,
  storeId: string,
): Promise<StoreProfile> {
  const store = await requireStore(db, tenantId, storeId);
  const row = await db
    .selectFrom('store_profiles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('store_id', '=', storeId)
    .executeTakeFirst();
  const base = { storeId, gstin: store.gstin, stateCode: store.state_code };
  if (row === undefined) {
    const tenant = await db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const prefixes = await defaultPrefixes(db, store);
    return {
      ...base,
      legalName: tenant.name,
      tradeName: store.name === tenant.name ? null : store.name,
      addressLine1: store.address,
      addressLine2: null,
      city: '',
      pincode: '',
      phone: null,
      email: null,
      registration: 'regular',
      invoicePrefix: prefixes.invoice,
      creditNotePrefix: prefixes.note,
      debitNotePrefix: prefixes.debit,
      includeYear: true,
      minDigits: 5,
      logo: null,
      receiptLanguage: 'en',
      lutNumber: null,
      lutDate: null,
    };
  }
  return {
    ...base,
    legalName: row.legal_name,
    tradeName: row.trade_name,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    pincode: row.pincode,
    phone: row.phone,
    email: row.email,
    registration: row.registration === 'composition' ? 'composition' : 'regular',
    invoicePrefix: row.invoice_prefix,
    creditNotePrefix: row.credit_note_prefix,
    debitNotePrefix: row.debit_note_prefix ?? (await defaultPrefixes(db, store)).debit,
    includeYear: row.include_year === 1,
    minDigits: row.min_digits,
    logo: row.logo,
    receiptLanguage: row.receipt_language === 'hi' ? 'hi' : 'en',
    lutNumber: row.lut_number,
    lutDate: row.lut_date,
  };
}

/** The supplier as printed on a document of this store. */
export function supplierParty(profile: StoreProfile): SupplierParty {
  return {
    gstin: profile.gstin,
    legalName: profile.legalName,
    tradeName: profile.tradeName,
    address: {
      line1: profile.addressLine1,
      line2: profile.addressLine2,
      city: profile.city,
      pincode: profile.pincode,
      stateCode: profile.stateCode,
    },
    registration: profile.registration,
    phone: profile.phone,
    email: profile.email,
  };
}

export async function loadRateOverrides(db: Kysely<Database>, tenantId: string): Promise<RateEntry[]> {
  const rows = await db
    .selectFrom('rate_overrides')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('effective_from')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    category: r.category,
    effectiveFrom: r.effective_from,
    rule: JSON.parse(r.rule_json) as RateRule,
    verified: r.verified === 1,
    source: r.source,
    origin: 'shop' as const,
  }));
}
