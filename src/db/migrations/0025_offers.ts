/**
 * Offers (issue 15): what offers select on (an item's brand, category and collection; a
 * customer's group), the shop's mixed-supply rule, price lists with their entries, offers,
 * coupons with their redemptions, and the savings recorded on each issued line.
 */
import type { Kysely } from 'kysely';
import { columnTypes, columns } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const offers: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    for (const name of ['brand', 'category', 'collection'])
      await db.schema.alterTable('items').addColumn(name, 'text').execute();
    await db.schema.alterTable('customers').addColumn('customer_group', 'text').execute();
    await db.schema
      .alterTable('billing_settings')
      .addColumn('mixed_supply_rule', 'text', (c) => c.notNull().defaultTo('highest-rate'))
      .execute();

    await columns(db.schema.createTable('price_lists'), 'text', [
      'tenant_id',
      'id',
      'name',
      'store_id?',
      'customer_group?',
      'starts_at',
      'ends_at?',
      'status',
    ])
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('price_lists_pk', ['tenant_id', 'id'])
      .execute();
    await columns(db.schema.createTable('price_list_entries'), 'text', [
      'tenant_id',
      'price_list_id',
      'target_kind',
      'target_value',
      'method',
    ])
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('value', int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('price_list_entries_pk', ['tenant_id', 'price_list_id', 'position'])
      .execute();

    await columns(db.schema.createTable('offers'), 'text', [
      'tenant_id',
      'id',
      'name',
      'kind',
      'rule_json',
      'stacking',
      'store_id?',
      'customer_group?',
      'starts_at',
      'ends_at?',
      'status',
      'created_at',
      'updated_at',
    ])
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('coupon_required', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('offers_pk', ['tenant_id', 'id'])
      .execute();

    await columns(db.schema.createTable('coupons'), 'text', [
      'tenant_id',
      'id',
      'code',
      'offer_id',
      'starts_at',
      'ends_at?',
      'status',
      'created_at',
    ])
      .addColumn('max_uses', 'integer')
      .addColumn('per_customer_limit', 'integer')
      .addColumn('min_bill', int64, (c) => c.notNull())
      .addColumn('uses', int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('coupons_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('coupons_code_uq', ['tenant_id', 'code'])
      .execute();
    await columns(db.schema.createTable('coupon_redemptions'), 'text', [
      'tenant_id',
      'coupon_id',
      'document_id',
      'customer_id?',
      'redeemed_at',
    ])
      .addColumn('use_no', int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('coupon_redemptions_pk', ['tenant_id', 'coupon_id', 'use_no'])
      .execute();

    await columns(db.schema.createTable('sales_line_savings'), 'text', [
      'tenant_id',
      'document_id',
      'source',
      'source_id',
      'name',
      'coupon_code?',
    ])
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('saving', int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('sales_line_savings_pk', ['tenant_id', 'document_id', 'line_no', 'seq'])
      .execute();
    await db.schema
      .createIndex('sales_line_savings_source_idx')
      .on('sales_line_savings')
      .columns(['tenant_id', 'source_id'])
      .execute();
  },
});
