/**
 * The permission catalogue and the built-in roles. Roles are data (custom roles are rows in
 * `roles`/`role_permissions`); the built-ins below are seeded into every tenant.
 */

/** Every permission a route or service may require. */
export const permissions = [
  'customer.read',
  'customer.write',
  'customer.pii.reveal',
  /** Reveal a customer's Aadhaar number from the vault (owner and admin; with reason and step-up). */
  'aadhaar.reveal',
  'customer.export',
  'catalog.read',
  'catalog.manage',
  'invoice.create',
  'invoice.read',
  'invoice.void',
  'credit_note.create',
  /** Issue a debit note: a price increase on an invoice already issued (issue 18). */
  'debit_note.create',
  'discount.override',
  'report.gst',
  'report.sales',
  'user.manage',
  'role.manage',
  'audit.read',
  /** Sign a checkpoint of the audit trail on demand, to keep a copy off the machine (a write). */
  'audit.checkpoint',
  'keys.manage',
  'privacy.manage',
  /** Record a customer's consent at the counter (one tap). */
  'consent.capture',
  /** Log a customer's privacy request at the counter and verify who asks. */
  'privacy.request.create',
  'incident.manage',
  'settings.manage',
  'monitoring.read',
  /** Acknowledge and resolve alerts. */
  'monitoring.manage',
  /** Run the self-audit on demand (reading its results needs `audit.read`). */
  'security_audit.run',
  /** Confirm or remove user roles in access reviews (the store's managers, or the owners). */
  'access_review.decide',
  /** Salon: book, check in, cancel appointments and see the calendar. */
  'appointment.manage',
  /** Salon: services, packages, memberships, commission rules and payouts. */
  'salon.manage',
  /** Salon: write client notes; read them while serving the client (during the appointment). */
  'client_note.write',
  'client_note.read',
  /** Salon: read any client's notes with a reason (managers). */
  'client_note.reveal',
  /** Salon: every staff member's commissions; `commission.own` only one's own. */
  'commission.read',
  'commission.own',
] as const;

export type Permission = (typeof permissions)[number];

const all: readonly Permission[] = permissions;

/** The built-in roles and what each may do. */
export const builtinRoles: Readonly<Record<string, readonly Permission[]>> = {
  owner: all,
  admin: all.filter((p) => p !== 'keys.manage'),
  manager: [
    'customer.read',
    'customer.write',
    'customer.pii.reveal',
    'catalog.read',
    'catalog.manage',
    'invoice.create',
    'invoice.read',
    'invoice.void',
    'credit_note.create',
    'debit_note.create',
    'discount.override',
    'report.sales',
    'report.gst',
    'consent.capture',
    'privacy.request.create',
    'access_review.decide',
    'appointment.manage',
    'salon.manage',
    'client_note.write',
    'client_note.read',
    'client_note.reveal',
    'commission.read',
  ],
  cashier: [
    'customer.read',
    'customer.write',
    'catalog.read',
    'invoice.create',
    'invoice.read',
    'credit_note.create',
    'debit_note.create',
    'consent.capture',
    'privacy.request.create',
    'appointment.manage',
    'commission.own',
  ],
  accountant: ['invoice.read', 'report.gst', 'report.sales', 'customer.read', 'commission.read'],
  stylist: [
    'customer.read',
    'catalog.read',
    'appointment.manage',
    'client_note.write',
    'client_note.read',
    'commission.own',
  ],
  auditor: ['audit.read', 'audit.checkpoint', 'invoice.read', 'report.gst', 'monitoring.read'],
};

/** Roles whose holders must enrol a second factor before doing anything else. */
export const mfaRequiredRoles: ReadonlySet<string> = new Set(['owner', 'admin', 'manager']);

/** Roles that get the 15-minute idle timeout of admin functions. */
export const privilegedRoles: ReadonlySet<string> = mfaRequiredRoles;

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}
