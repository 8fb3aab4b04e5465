/**
 * Records of processing (GDPR art. 30; DPDP s.8 accountability), generated, not typed: one record
 * per purpose from the data inventory (which tables serve it, which categories of personal data
 * they hold, whose data, how long it is kept) joined with the shop's processor register
 * (recipients), retention settings and the installation's security measures.
 */
import { inventoryTables } from '../../db/data-inventory.js';
import type { ColumnSpec, DataCategory, Purpose, RetentionRule } from '../../db/inventory.js';
import type { ProcessorView } from './registers.service.js';
import type { PolicySetting } from './retention.service.js';

export interface SecurityFacts {
  engine: 'sqlite' | 'postgres';
  keyProvider: string;
  https: boolean;
}

export interface ProcessingRecord {
  purpose: Purpose;
  description: string;
  lawfulBasis: string;
  dataSubjects: string[];
  dataCategories: DataCategory[];
  tables: string[];
  recipients: Array<{ name: string; service: string; location: string; dpaStatus: string }>;
  retention: string[];
  securityMeasures: string[];
}

export const purposeInfo: Readonly<Record<Purpose, { description: string; lawfulBasis: string }>> = {
  billing: {
    description: 'Billing customers at the counter: invoices, payments, receipts',
    lawfulBasis: 'DPDP s.7(a) voluntary provision for a specified purpose; GDPR art. 6(1)(b) contract',
  },
  gst_compliance: {
    description: 'Keeping GST records and filing returns (GSTR-1, e-invoices)',
    lawfulBasis: 'DPDP s.7(c)/(d) compliance with law (CGST Act s.35-36); GDPR art. 6(1)(c) legal obligation',
  },
  credit_ledger: {
    description: "Customers' running accounts (khata): credit sales, payments, statements",
    lawfulBasis: 'DPDP s.7(a); GDPR art. 6(1)(b) contract',
  },
  marketing: {
    description: 'Offers by SMS, WhatsApp or email to customers who agreed',
    lawfulBasis: 'DPDP s.6 consent (recorded in the consent ledger); GDPR art. 6(1)(a) consent',
  },
  loyalty: {
    description: 'Loyalty programme for customers who joined it',
    lawfulBasis: 'DPDP s.6 consent; GDPR art. 6(1)(a) consent',
  },
  privacy_rights: {
    description: "Honouring customers' rights: requests, consent records, erasures, retention",
    lawfulBasis: 'DPDP s.11-13 and s.7(c); GDPR art. 6(1)(c) legal obligation',
  },
  security: {
    description: 'Protecting the data: sign-in, sessions, audit trail, alerts, keys',
    lawfulBasis: 'DPDP s.8(5) reasonable security safeguards; GDPR art. 6(1)(c) and art. 32',
  },
  staff_administration: {
    description: 'Staff accounts, roles and training',
    lawfulBasis: 'DPDP s.7(i) employment; GDPR art. 6(1)(b) contract of employment',
  },
  operations: {
    description: 'Running the shop: catalogue, stock, counters, jobs',
    lawfulBasis: 'Not personal data',
  },
};

/** Which processors receive data for which purposes. */
const servicePurposes: Readonly<Record<string, readonly Purpose[] | 'all'>> = {
  payment_gateway: ['billing'],
  sms: ['marketing', 'privacy_rights', 'security'],
  email: ['marketing', 'privacy_rights', 'security'],
  whatsapp: ['marketing'],
  hosting: 'all',
  backup: 'all',
  other: [],
};

const retentionText = (rule: RetentionRule, policies: readonly PolicySetting[]): string => {
  const policy = policies.find((p) => p.policy === rule);
  if (policy !== undefined)
    return `${policy.description}: ${policy.enabled ? `${policy.period} ${policy.unit}` : 'switched off'}`;
  return {
    while_needed: 'Kept while the shop uses it',
    evidence: 'Kept as evidence of consent, requests and erasures',
    notifications: 'Outbox messages and delivery log',
  }[rule as 'while_needed' | 'evidence' | 'notifications'];
};

export function securityMeasures(facts: SecurityFacts): string[] {
  return [
    'Personal fields encrypted at rest (AES-256-GCM, bound to tenant, table, column and row); per-customer keys (crypto-shredding)',
    `Key-encryption key held by the ${facts.keyProvider} provider, apart from the data`,
    'Keyed blind indexes for lookups; personal data masked by default, revealed with a permission, a reason and step-up',
    facts.https
      ? 'HTTPS only (TLS 1.2+), HSTS, strict security headers'
      : 'TLS terminated by a proxy in front of Tijori',
    'Roles and permissions per store; MFA required for owner, admin and manager',
    'Tamper-evident audit trail (hash chain and signed checkpoints)',
    'Monitoring and alerts (brute force, bulk reveal or export, privilege changes)',
    'Encrypted backups; erasures re-applied on restore',
    `Database: ${facts.engine === 'sqlite' ? 'SQLite in a folder only Tijori can read' : 'PostgreSQL'}`,
  ];
}

/** One record per purpose that touches personal data. */
export function processingRecords(
  processors: readonly ProcessorView[],
  policies: readonly PolicySetting[],
  facts: SecurityFacts,
): ProcessingRecord[] {
  const records: ProcessingRecord[] = [];
  for (const purpose of Object.keys(purposeInfo) as Purpose[]) {
    const tables = inventoryTables().filter(([, spec]) => spec.purposes.includes(purpose));
    const categories = new Set<DataCategory>();
    const subjects = new Set<string>();
    const retention = new Set<string>();
    for (const [, spec] of tables) {
      const columns = Object.values<ColumnSpec>(spec.columns);
      // A table holds personal data when it belongs to a person, or has a personal column.
      const aboutPeople = spec.subject !== undefined || columns.some((c) => c.class === 'personal');
      const personal = aboutPeople
        ? columns.filter((c) => c.category !== undefined && c.class !== 'operational')
        : [];
      for (const c of personal) if (c.category !== undefined) categories.add(c.category);
      if (personal.length > 0) {
        if (spec.subject !== undefined)
          subjects.add(spec.subject.kind === 'customer' ? 'customers' : 'staff');
        retention.add(retentionText(spec.retention, policies));
      }
    }
    if (categories.size === 0) continue;
    records.push({
      purpose,
      ...purposeInfo[purpose],
      dataSubjects: [...subjects].sort(),
      dataCategories: [...categories].sort(),
      tables: tables.map(([name]) => name),
      recipients: processors
        .filter((p) => {
          const served = servicePurposes[p.service] ?? [];
          return served === 'all' || served.includes(purpose);
        })
        .map((p) => ({ name: p.name, service: p.service, location: p.location, dpaStatus: p.dpaStatus })),
      retention: [...retention],
      securityMeasures: securityMeasures(facts),
    });
  }
  return records;
}
