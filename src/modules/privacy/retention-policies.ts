/**
 * Retention policies per data class, with defaults and limits (SECURITY-BASELINE, Data handling and
 * Logging): inactive customers anonymised after 3 years (48 hours' notice where they consented to
 * be contacted); ended sessions, old sign-in attempts, used or expired codes and expired export
 * packages removed; tax records (documents, the khata ledger and the stock ledger) kept 72 months
 * from the due date of the year's annual return (CGST Act s.36) and then deleted; the audit trail
 * kept per the audit module's own settings (at least 12 months; GST records 72).
 */
import type { RetentionRule } from '../../db/inventory.js';

export const policyNames = [
  'customer_inactive',
  'tax_records',
  'audit',
  'sessions',
  'login_attempts',
  'verification_codes',
  'export_packages',
] as const satisfies readonly RetentionRule[];
export type PolicyName = (typeof policyNames)[number];

export interface PolicyDefinition {
  description: string;
  unit: 'months' | 'days';
  period: number;
  min: number;
  max: number;
  /** Why the floor is what it is. */
  basis: string;
}

export const policyDefinitions: Readonly<Record<PolicyName, PolicyDefinition>> = {
  customer_inactive: {
    description: 'Anonymise customers with no purchase, payment or consent change for this long',
    unit: 'months',
    period: 36,
    min: 6,
    max: 120,
    basis:
      'DPDP Act s.8(7): erase when the purpose is served; 48 hours notice first (DPDP Rules 2025 rule 8)',
  },
  tax_records: {
    description:
      'Delete invoices, credit notes, the khata and the stock ledger this long after the annual return was due',
    unit: 'months',
    period: 72,
    min: 72,
    max: 240,
    basis: 'CGST Act s.36: 72 months from the due date of the annual return',
  },
  audit: {
    description: 'Audit trail: set under "Audit trail retention" below (at least 12 months, GST entries 72)',
    unit: 'months',
    period: 12,
    min: 12,
    max: 120,
    basis: 'PCI DSS 10.5.1; CERT-In 2022 (180 days); DPDP Rules 2025 rule 6 (1 year)',
  },
  sessions: {
    description: 'Delete sessions and passkey challenges this long after they ended',
    unit: 'days',
    period: 30,
    min: 1,
    max: 365,
    basis: 'Kept briefly for incident analysis; sign-in events stay in the audit trail',
  },
  login_attempts: {
    description: 'Delete sign-in attempts older than this',
    unit: 'days',
    period: 365,
    min: 180,
    max: 3650,
    basis: 'CERT-In directions 2022 (180 days); DPDP Rules 2025 rule 6 (1 year)',
  },
  verification_codes: {
    description: 'Delete one-time codes this long after they expired',
    unit: 'days',
    period: 1,
    min: 1,
    max: 30,
    basis: 'Needed only while valid',
  },
  export_packages: {
    description: 'Delete export packages this long after their download period ended',
    unit: 'days',
    period: 0,
    min: 0,
    max: 30,
    basis: 'Needed only until the customer has downloaded them',
  },
};

/** Inactive customers who consented to be contacted get this much notice. */
export const RETENTION_NOTICE_MS = 48 * 3600_000;

/** Most rows one policy touches in one run (the daily job carries on the next day). */
export const RUN_LIMIT = 5000;

export function subtractPeriod(now: Date, policy: PolicyDefinition, period: number): Date {
  const d = new Date(now.getTime());
  if (policy.unit === 'days') d.setTime(d.getTime() - period * 86_400_000);
  else d.setUTCMonth(d.getUTCMonth() - period);
  return d;
}
