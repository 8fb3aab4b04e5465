/**
 * Salon billing (issue 16): services with duration and the staff who may perform them, the staff
 * of each invoice line with shares, appointments (a partial unique index and a per-staff calendar
 * row lock refuse double booking), packages of sessions, memberships, value wallets with their
 * ledger, commission rules and locked commission periods, and client notes encrypted under the
 * client's own key.
 */
import { sql, type Kysely } from 'kysely';
import { columns, columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

const NEW_PERMISSIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['appointment.manage', ['owner', 'admin', 'manager', 'cashier', 'stylist']],
  ['salon.manage', ['owner', 'admin', 'manager']],
  ['client_note.write', ['owner', 'admin', 'manager', 'stylist']],
  ['client_note.read', ['owner', 'admin', 'manager', 'stylist']],
  ['client_note.reveal', ['owner', 'admin', 'manager']],
  ['commission.read', ['owner', 'admin', 'manager', 'accountant']],
  ['commission.own', ['owner', 'admin', 'cashier', 'stylist']],
];

export const salon: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const { int64 } = columnTypes(engine);
    const create = (name: string) => db.schema.createTable(name);
    const pk = (name: string, cols: string[]) => (t: ReturnType<typeof create>) =>
      t.addPrimaryKeyConstraint(`${name}_pk`, cols as never);

    await pk('salon_services', ['tenant_id', 'variant_id'])(
      columns(
        columns(create('salon_services'), 'text', ['tenant_id', 'variant_id', 'updated_at']),
        'integer',
        ['duration_min', 'active'],
      ),
    ).execute();
    await pk('salon_service_staff', ['tenant_id', 'variant_id', 'staff_id'])(
      columns(create('salon_service_staff'), 'text', ['tenant_id', 'variant_id', 'staff_id']),
    ).execute();
    await pk('invoice_line_staff', ['tenant_id', 'document_id', 'line_number', 'staff_id'])(
      columns(
        columns(create('invoice_line_staff'), 'text', ['tenant_id', 'document_id', 'staff_id', 'created_at']),
        'integer',
        ['line_number', 'share_bp'],
      ),
    ).execute();

    await pk('staff_calendars', ['tenant_id', 'staff_id'])(
      columns(columns(create('staff_calendars'), 'text', ['tenant_id', 'staff_id']), 'integer', ['version']),
    ).execute();
    await pk('appointments', ['tenant_id', 'id'])(
      columns(
        columns(create('appointments'), 'text', [
          'tenant_id',
          'id',
          'store_id',
          'staff_id',
          'customer_id?',
          'service_variant_id',
          'starts_at',
          'ends_at',
          'source',
          'status',
          'reminder_channel?',
          'reminded_at?',
          'checked_in_at?',
          'invoice_id?',
          'cancel_reason?',
          'created_by',
          'created_at',
          'updated_at',
        ]),
        'integer',
        ['queue_number?'],
      ),
    ).execute();
    // A second guard under the calendar lock: one live appointment per staff member and start.
    await sql`create unique index appointments_slot_uq on appointments (tenant_id, staff_id, starts_at) where status in ('booked', 'checked_in')`.execute(
      db,
    );
    await sql`create index appointments_day_idx on appointments (tenant_id, store_id, starts_at)`.execute(db);

    await pk('package_plans', ['tenant_id', 'id'])(
      columns(
        columns(create('package_plans'), 'text', [
          'tenant_id',
          'id',
          'name',
          'variant_id',
          'service_variant_id',
          'created_at',
        ]),
        'integer',
        ['sessions', 'validity_days', 'transferable', 'refundable', 'active'],
      ),
    ).execute();
    await pk('client_packages', ['tenant_id', 'id'])(
      columns(
        columns(
          columns(create('client_packages'), 'text', [
            'tenant_id',
            'id',
            'plan_id',
            'customer_id',
            'invoice_id',
            'expires_on',
            'status',
            'created_at',
            'updated_at',
          ]),
          'integer',
          ['sessions_total', 'sessions_used', 'sessions_refunded', 'sessions_expired'],
        ),
        int64,
        ['price_paise'],
      ),
    ).execute();
    await pk('package_events', ['tenant_id', 'id'])(
      columns(
        columns(
          columns(create('package_events'), 'text', [
            'tenant_id',
            'id',
            'package_id',
            'kind',
            'invoice_id?',
            'customer_id?',
            'actor_id?',
            'created_at',
          ]),
          'integer',
          ['sessions'],
        ),
        int64,
        ['amount_paise'],
      ),
    ).execute();

    await pk('membership_plans', ['tenant_id', 'id'])(
      columns(
        columns(create('membership_plans'), 'text', ['tenant_id', 'id', 'name', 'variant_id', 'created_at']),
        'integer',
        ['discount_bp', 'validity_days', 'active'],
      ),
    ).execute();
    await pk('client_memberships', ['tenant_id', 'id'])(
      columns(create('client_memberships'), 'text', [
        'tenant_id',
        'id',
        'plan_id',
        'customer_id',
        'invoice_id',
        'starts_on',
        'ends_on',
        'created_at',
      ]),
    ).execute();

    await pk('wallets', ['tenant_id', 'id'])(
      columns(
        columns(create('wallets'), 'text', [
          'tenant_id',
          'id',
          'customer_id',
          'expires_on',
          'status',
          'created_at',
          'updated_at',
        ]),
        int64,
        ['balance_paise', 'entries'],
      ),
    ).execute();
    await pk('wallet_ledger', ['tenant_id', 'wallet_id', 'seq'])(
      columns(
        columns(create('wallet_ledger'), 'text', [
          'tenant_id',
          'wallet_id',
          'kind',
          'method?',
          'invoice_id?',
          'actor_id?',
          'created_at',
        ]),
        int64,
        ['seq', 'paid_paise', 'value_paise', 'balance_after'],
      ),
    ).execute();

    await pk('commission_rules', ['tenant_id', 'id'])(
      columns(
        columns(create('commission_rules'), 'text', ['tenant_id', 'id', 'staff_id?', 'role?', 'created_at']),
        int64,
        ['service_bp', 'product_bp', 'target_paise?', 'target_bonus_bp?', 'active'],
      ),
    ).execute();
    await pk('commission_periods', ['tenant_id', 'id'])(
      columns(create('commission_periods'), 'text', [
        'tenant_id',
        'id',
        'store_id',
        'from_date',
        'to_date',
        'report',
        'paid_by',
        'paid_at',
      ]),
    ).execute();
    await sql`create unique index commission_periods_uq on commission_periods (tenant_id, store_id, from_date, to_date)`.execute(
      db,
    );

    await pk('client_notes', ['tenant_id', 'id'])(
      columns(create('client_notes'), 'text', [
        'tenant_id',
        'id',
        'customer_id',
        'kind',
        'body_enc?',
        'photo_enc?',
        'created_by',
        'created_at',
      ]),
    ).execute();
    await sql`create index client_notes_customer_idx on client_notes (tenant_id, customer_id)`.execute(db);

    // Existing businesses' built-in roles get the salon permissions (new ones get `builtinRoles`).
    for (const [permission, roles] of NEW_PERMISSIONS)
      await sql`insert into role_permissions (tenant_id, role_id, permission)
        select tenant_id, id, ${permission} from roles
        where builtin = 1 and name in (${sql.join(roles)})
        on conflict do nothing`.execute(db);
  },
});
