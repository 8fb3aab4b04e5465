/**
 * Billing: settings and store profiles, rate corrections, document counters, catalog, stock
 * ledger, customers and their ledger, issued sales documents with lines, payments and
 * cancellations, idempotency keys. Issued documents and the two ledgers are append-only: a
 * trigger on each engine refuses DELETE and any UPDATE but the in-place re-encryption of
 * encrypted envelopes by key rotation, so even a bug or a console session cannot quietly change
 * an invoice.
 */
import type { ForeignKeyConstraintBuilder, Kysely } from 'kysely';
import { refuseRowChanges } from './append-only.js';
import { columns, columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

/**
 * Lines and payments are written before their document row (which takes the series number last,
 * so the counter's row lock is held as briefly as possible): their foreign keys are checked at
 * commit.
 */
const deferred = (fk: ForeignKeyConstraintBuilder) => fk.deferrable().initiallyDeferred();

/** Tables whose rows never change once written. */
const APPEND_ONLY = [
  'sales_documents',
  'sales_document_lines',
  'sales_payments',
  'sales_cancellations',
  'stock_movements',
  'customer_ledger',
] as const;

export const billing: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    const create = (name: string) => db.schema.createTable(name);
    const index = (name: string, table: string, cols: string[], unique = false) =>
      (unique ? db.schema.createIndex(name).unique() : db.schema.createIndex(name)).on(table).columns(cols);

    let t = columns(create('billing_settings'), 'text', [
      'tenant_id',
      'inclusive_band',
      'threshold_basis',
      'round_off',
      'negative_stock',
      'upi_vpa?',
      'upi_payee_name?',
      'updated_at',
    ]);
    await columns(t, 'integer', ['turnover_above_5cr'])
      .addPrimaryKeyConstraint('billing_settings_pk', ['tenant_id'])
      .execute();

    t = columns(create('store_profiles'), 'text', [
      'tenant_id',
      'store_id',
      'legal_name',
      'trade_name?',
      'address_line1',
      'address_line2?',
      'city',
      'pincode',
      'phone?',
      'email?',
      'registration',
      'invoice_prefix',
      'credit_note_prefix',
      'updated_at',
    ]);
    await columns(t, 'integer', ['include_year', 'min_digits'])
      .addPrimaryKeyConstraint('store_profiles_pk', ['tenant_id', 'store_id'])
      .execute();

    t = columns(create('rate_overrides'), 'text', [
      'tenant_id',
      'id',
      'category',
      'effective_from',
      'rule_json',
      'source',
      'created_at',
    ]);
    await columns(t, 'integer', ['verified'])
      .addPrimaryKeyConstraint('rate_overrides_pk', ['tenant_id', 'id'])
      .execute();

    t = columns(create('document_counters'), 'text', [
      'tenant_id',
      'store_id',
      'series',
      'prefix',
      'created_at',
    ]);
    t = columns(t, 'integer', ['fy', 'include_year', 'min_digits']);
    await columns(t, int64, ['last_seq'])
      .addPrimaryKeyConstraint('document_counters_pk', ['tenant_id', 'store_id', 'series', 'fy'])
      .execute();

    t = columns(create('items'), 'text', [
      'tenant_id',
      'id',
      'kind',
      'name',
      'hsn_sac',
      'uqc',
      'rate_category',
      'created_at',
      'updated_at',
    ]);
    await columns(t, 'integer', ['price_includes_tax', 'active'])
      .addPrimaryKeyConstraint('items_pk', ['tenant_id', 'id'])
      .execute();
    await index('items_name_idx', 'items', ['tenant_id', 'name']).execute();

    t = columns(create('item_variants'), 'text', [
      'tenant_id',
      'id',
      'item_id',
      'sku?',
      'barcode?',
      'size?',
      'colour?',
      'created_at',
      'updated_at',
    ]);
    t = columns(t, int64, ['price', 'mrp?']);
    await columns(t, 'integer', ['position', 'active'])
      .addPrimaryKeyConstraint('item_variants_pk', ['tenant_id', 'id'])
      .addForeignKeyConstraint('item_variants_item_fk', ['tenant_id', 'item_id'], 'items', [
        'tenant_id',
        'id',
      ])
      .execute();
    await index('item_variants_barcode_uq', 'item_variants', ['tenant_id', 'barcode'], true).execute();
    await index('item_variants_sku_uq', 'item_variants', ['tenant_id', 'sku'], true).execute();
    await index('item_variants_item_idx', 'item_variants', ['tenant_id', 'item_id']).execute();

    t = columns(create('stock_levels'), 'text', ['tenant_id', 'store_id', 'variant_id', 'updated_at']);
    await columns(t, int64, ['qty_milli'])
      .addPrimaryKeyConstraint('stock_levels_pk', ['tenant_id', 'store_id', 'variant_id'])
      .execute();

    t = columns(create('stock_movements'), 'text', [
      'tenant_id',
      'id',
      'store_id',
      'variant_id',
      'kind',
      'reason?',
      'ref_type?',
      'ref_id?',
      'actor_id?',
      'created_at',
    ]);
    await columns(t, int64, ['qty_milli'])
      .addPrimaryKeyConstraint('stock_movements_pk', ['tenant_id', 'id'])
      .execute();
    await index('stock_movements_variant_idx', 'stock_movements', [
      'tenant_id',
      'store_id',
      'variant_id',
      'created_at',
    ]).execute();
    await index('stock_movements_ref_idx', 'stock_movements', ['tenant_id', 'ref_id']).execute();

    t = columns(create('customers'), 'text', [
      'tenant_id',
      'id',
      'kind',
      'name_enc',
      'phone_enc?',
      'email_enc?',
      'address_enc?',
      'gstin_enc?',
      'phone_idx?',
      'phone_last4_idx?',
      'email_idx?',
      'gstin_idx?',
      'state_code?',
      'created_at',
      'updated_at',
    ]);
    await columns(t, int64, ['credit_limit', 'balance'])
      .addPrimaryKeyConstraint('customers_pk', ['tenant_id', 'id'])
      .execute();
    for (const kind of ['phone', 'phone_last4', 'email', 'gstin'])
      await index(`customers_${kind}_idx`, 'customers', ['tenant_id', `${kind}_idx`]).execute();

    t = columns(create('customer_ledger'), 'text', [
      'tenant_id',
      'id',
      'customer_id',
      'kind',
      'method?',
      'ref_type?',
      'ref_id?',
      'actor_id?',
      'created_at',
    ]);
    await columns(t, int64, ['amount', 'balance_after'])
      .addPrimaryKeyConstraint('customer_ledger_pk', ['tenant_id', 'id'])
      .execute();
    await index('customer_ledger_customer_idx', 'customer_ledger', [
      'tenant_id',
      'customer_id',
      'created_at',
    ]).execute();

    t = columns(create('sales_documents'), 'text', [
      'tenant_id',
      'id',
      'doc_type',
      'kind',
      'store_id',
      'counter_id?',
      'series_key',
      'number',
      'doc_date',
      'issued_at',
      'customer_id?',
      'buyer_gstin_idx?',
      'buyer_gstin_enc?',
      'buyer_name_enc?',
      'buyer_address_enc?',
      'buyer_state_code?',
      'place_of_supply',
      'regime',
      'supplier_gstin',
      'supplier_state_code',
      'registration',
      'supplier_json',
      'original_id?',
      'original_number?',
      'original_date?',
      'original_pos?',
      'reason?',
      'exchange_id?',
      'created_by?',
    ]);
    t = columns(t, 'integer', ['fy', 'buyer_registered', 'reverse_charge']);
    await columns(t, int64, [
      'seq',
      'gross',
      'discount',
      'taxable',
      'cgst',
      'sgst',
      'utgst',
      'igst',
      'cess',
      'tax',
      'exact_total',
      'round_off',
      'total',
      'original_total?',
    ])
      .addPrimaryKeyConstraint('sales_documents_pk', ['tenant_id', 'id'])
      .execute();
    // No gap is possible without a rollback, and no duplicate at all: one number per series and year.
    await index(
      'sales_documents_seq_uq',
      'sales_documents',
      ['tenant_id', 'series_key', 'seq'],
      true,
    ).execute();
    await index(
      'sales_documents_number_uq',
      'sales_documents',
      ['tenant_id', 'supplier_gstin', 'fy', 'number'],
      true,
    ).execute();
    // Listing and the sales register go by issue time; GSTR-1 pages through each pass in its order.
    await index('sales_documents_issued_idx', 'sales_documents', ['tenant_id', 'issued_at', 'id']).execute();
    await index('sales_documents_returns_idx', 'sales_documents', [
      'tenant_id',
      'supplier_gstin',
      'doc_type',
      'buyer_registered',
      'place_of_supply',
      'doc_date',
      'number',
      'id',
    ]).execute();
    await index('sales_documents_buyer_idx', 'sales_documents', [
      'tenant_id',
      'supplier_gstin',
      'doc_type',
      'buyer_gstin_idx',
      'doc_date',
      'number',
      'id',
    ]).execute();
    await index('sales_documents_customer_idx', 'sales_documents', ['tenant_id', 'customer_id']).execute();
    await index('sales_documents_original_idx', 'sales_documents', ['tenant_id', 'original_id']).execute();

    t = columns(create('sales_document_lines'), 'text', [
      'tenant_id',
      'document_id',
      'item_id?',
      'variant_id?',
      'rate_category?',
      'description',
      'hsn_sac',
      'unit',
      'supply',
    ]);
    t = columns(t, 'integer', [
      'line_no',
      'orig_line_no?',
      'is_service',
      'price_includes_tax',
      'rate',
      'cess_rate',
    ]);
    t = columns(t, 'integer', ['restocked']);
    await columns(t, int64, [
      'qty_milli',
      'unit_price',
      'unit_price_excl',
      'gross',
      'discount',
      'taxable',
      'cgst',
      'sgst',
      'utgst',
      'igst',
      'cess',
      'total',
    ])
      .addPrimaryKeyConstraint('sales_document_lines_pk', ['tenant_id', 'document_id', 'line_no'])
      .addForeignKeyConstraint(
        'sales_document_lines_document_fk',
        ['tenant_id', 'document_id'],
        'sales_documents',
        ['tenant_id', 'id'],
        deferred,
      )
      .execute();

    t = columns(create('sales_payments'), 'text', [
      'tenant_id',
      'id',
      'document_id',
      'method',
      'reference_enc?',
      'card_last4?',
    ]);
    t = columns(t, 'integer', ['seq']);
    await columns(t, int64, ['amount', 'tendered?', 'change_due'])
      .addPrimaryKeyConstraint('sales_payments_pk', ['tenant_id', 'document_id', 'seq'])
      .addForeignKeyConstraint(
        'sales_payments_document_fk',
        ['tenant_id', 'document_id'],
        'sales_documents',
        ['tenant_id', 'id'],
        deferred,
      )
      .execute();

    await index('sales_payments_id_uq', 'sales_payments', ['tenant_id', 'id'], true).execute();

    await columns(create('sales_cancellations'), 'text', [
      'tenant_id',
      'document_id',
      'reason',
      'note_enc?',
      'cancelled_by?',
      'cancelled_at',
    ])
      .addPrimaryKeyConstraint('sales_cancellations_pk', ['tenant_id', 'document_id'])
      .addForeignKeyConstraint(
        'sales_cancellations_document_fk',
        ['tenant_id', 'document_id'],
        'sales_documents',
        ['tenant_id', 'id'],
      )
      .execute();

    await columns(create('idempotency_keys'), 'text', [
      'tenant_id',
      'key',
      'operation',
      'request_hash',
      'document_id',
      'created_at',
    ])
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'key'])
      .execute();

    await refuseRowChanges(db, engine, APPEND_ONLY);
  },
});
