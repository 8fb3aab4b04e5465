/**
 * Customers (server: /api/v1/customers). Lookups send the phone, its last 4 digits or an email in
 * the body, never in the address; answers are masked; revealing a field needs a reason and a
 * recent password (the API client asks for it), and is recorded in the audit trail.
 */
import type {
  CustomerInput,
  CustomerView,
  LedgerEntryView,
  RevealableField,
  RevealedCustomer,
} from '../../../src/modules/customers/customer.schemas';
import type { RevealReasonCategory } from '../../../src/modules/auth/step-up.policy';
import type { ImportReport } from '../../../src/modules/billing/csv-import';
import { api } from './api-client';

export type {
  CustomerInput,
  CustomerView,
  LedgerEntryView,
  RevealableField,
  RevealedCustomer,
  RevealReasonCategory,
};

/** The reasons a person may give for revealing (the server's list). */
export const revealReasons: readonly RevealReasonCategory[] = [
  'customer_request',
  'delivery',
  'billing_dispute',
  'legal',
  'fraud_check',
  'other',
];

export type Lookup = { phone: string } | { phoneLast4: string } | { email: string } | { gstin: string };

/** What a person typed into "find a customer", as the lookup it means. */
export function lookupOf(text: string): Lookup | null {
  const value = text.trim();
  if (value === '') return null;
  if (/^\d{4}$/.test(value)) return { phoneLast4: value };
  if (value.includes('@')) return { email: value };
  if (/^[0-9]{2}[A-Za-z0-9]{13}$/.test(value)) return { gstin: value.toUpperCase() };
  if (/^[+\d][\d\s-]{3,23}$/.test(value)) return { phone: value };
  return null;
}

const id = encodeURIComponent;

export const customersApi = {
  lookup: (lookup: Lookup) => api<{ customers: CustomerView[] }>('POST', '/customers/lookup', lookup),
  list: (before?: string) =>
    api<{ customers: CustomerView[] }>(
      'GET',
      `/customers?limit=50${before === undefined ? '' : `&before=${id(before)}`}`,
    ),
  get: (customerId: string) => api<CustomerView>('GET', `/customers/${id(customerId)}`),
  create: (input: Partial<CustomerInput> & { name: string }) =>
    api<CustomerView>('POST', '/customers', input),
  update: (customerId: string, patch: Partial<CustomerInput>) =>
    api<CustomerView>('PATCH', `/customers/${id(customerId)}`, patch),
  reveal: (
    customerId: string,
    fields: RevealableField[],
    reason: { category: RevealReasonCategory; text: string },
  ) => api<RevealedCustomer>('POST', `/customers/${id(customerId)}/reveal`, { fields, reason }),
  ledger: (customerId: string) =>
    api<{ balancePaise: number; creditLimitPaise: number; entries: LedgerEntryView[] }>(
      'GET',
      `/customers/${id(customerId)}/ledger`,
    ),
  importCustomers: (csv: string, skipInvalid: boolean) =>
    api<ImportReport>('POST', `/customers/import?skipInvalid=${String(skipInvalid)}`, csv, {
      textType: 'text/csv',
    }),
};
