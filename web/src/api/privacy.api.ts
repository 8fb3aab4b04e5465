/** Privacy calls (server: /api/v1/privacy/..., /api/v1/customers/:id/consents, the public page). */
import type { RevealReasonCategory } from './customers.api';
import type { TimelineStep } from '../privacy/timeline-event';
import { api, downloadFile } from './api-client';

export const consentPurposes = [
  'billing',
  'marketing_sms',
  'marketing_whatsapp',
  'marketing_email',
  'loyalty',
  'reminders_sms',
  'reminders_email',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  noticeVersion: string | null;
  updatedAt: string | null;
}

export interface CustomerMatch {
  id: string;
  name: string | null;
  phone: string | null;
  erased: boolean;
}

export interface PrivacyRequest {
  id: string;
  reference: string;
  kind: string;
  law: string;
  channel: string;
  status: string;
  customerId: string | null;
  verification: string;
  receivedAt: string;
  ackDueAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  extendedAt: string | null;
  closedAt: string | null;
  outcome: string | null;
}

export interface RequestDetail extends PrivacyRequest {
  details: string | null;
  events: Array<TimelineStep & { details: Record<string, unknown> }>;
}

export interface Notice {
  version: string;
  summary: string;
  publishedAt: string;
}

export interface PolicySetting {
  policy: string;
  enabled: boolean;
  period: number;
  unit: 'months' | 'days';
  min: number;
  max: number;
  description: string;
  basis: string;
}

export interface RetentionReport {
  runId: string;
  dryRun: boolean;
  at: string;
  policies: Array<{
    policy: string;
    enabled: boolean;
    actions: Array<{ action: string; table: string; count: number }>;
    held: Record<string, number>;
    audit?: { removed: number; stubbed: number; kept: number };
  }>;
}

export interface ProcessingRecord {
  purpose: string;
  description: string;
  lawfulBasis: string;
  dataSubjects: string[];
  dataCategories: string[];
  recipients: Array<{ name: string; service: string }>;
  retention: string[];
}

export interface Processor {
  id: string;
  name: string;
  service: string;
  purpose: string;
  dataCategories: string[];
  location: string;
  contractStatus: string;
  dpaStatus: string;
  lastReviewedOn: string | null;
  nextReviewOn: string | null;
  reviewOverdue: boolean;
}

export interface TrainingRow {
  userId: string;
  courseTitle: string;
  completedOn: string | null;
  dueOn: string | null;
  status: 'done' | 'due_soon' | 'overdue' | 'never';
}

const id = encodeURIComponent;

/** A package just made: where its password went, and the password itself only for `in_person`. */
export interface ExportMade {
  id: string;
  passwordDelivery?: 'email' | 'sms' | 'in_person';
  password?: string;
}

export const privacyApi = {
  lookupByPhone: (phone: string) =>
    api<{ customers: CustomerMatch[] }>('POST', '/customers/lookup', { phone }),
  consents: (customerId: string) =>
    api<{ consents: ConsentState[] }>('GET', `/customers/${id(customerId)}/consents`),
  recordConsent: (customerId: string, purposes: ConsentPurpose[], granted: boolean) =>
    api<{ consents: ConsentState[] }>('POST', `/customers/${id(customerId)}/consents`, {
      purposes,
      granted,
      source: 'counter',
    }),
  logRequest: (input: {
    kind: string;
    customerId: string;
    channel: 'counter' | 'back_office';
    verifiedInPerson: boolean;
  }) => api<PrivacyRequest>('POST', '/privacy/requests', input),
  requests: (status: 'open' | 'closed' | 'all') =>
    api<{ requests: PrivacyRequest[]; now: string }>('GET', `/privacy/requests?status=${status}`),
  request: (requestId: string) => api<RequestDetail>('GET', `/privacy/requests/${id(requestId)}`),
  step: (
    requestId: string,
    step: 'send-code' | 'verify-in-person' | 'acknowledge' | 'erase',
    body?: unknown,
  ) => api<unknown>('POST', `/privacy/requests/${id(requestId)}/${step}`, body),
  verifyCode: (requestId: string, code: string) =>
    api<PrivacyRequest>('POST', `/privacy/requests/${id(requestId)}/verify`, { code }),
  extend: (requestId: string, reason: string) =>
    api<PrivacyRequest>('POST', `/privacy/requests/${id(requestId)}/extend`, { reason }),
  close: (requestId: string, outcome: string) =>
    api<PrivacyRequest>('POST', `/privacy/requests/${id(requestId)}/close`, { outcome }),
  /** The shop generates the password; it goes to the customer, or is shown once (in person). */
  exportPackage: (
    requestId: string,
    includeAadhaar?: { reason: { category: RevealReasonCategory; text: string } },
  ) =>
    api<ExportMade>('POST', `/privacy/requests/${id(requestId)}/export`, {
      protection: { kind: 'password' },
      ...(includeAadhaar === undefined ? {} : { includeAadhaar }),
    }),
  downloadExport: (exportId: string) => downloadFile('POST', `/privacy/exports/${id(exportId)}/download`, {}),
  records: () => api<{ records: ProcessingRecord[] }>('GET', '/privacy/records-of-processing'),
  policies: () => api<{ policies: PolicySetting[] }>('GET', '/privacy/retention/policies'),
  setPolicy: (policy: string, input: { enabled: boolean; period: number }) =>
    api<{ policies: PolicySetting[] }>(
      'PUT',
      `/privacy/retention/policies/${encodeURIComponent(policy)}`,
      input,
    ),
  auditRetention: () =>
    api<{ retentionMonths: number; gstRetentionMonths: number }>('GET', '/settings/audit'),
  setAuditRetention: (input: { retentionMonths: number; gstRetentionMonths: number }) =>
    api<void>('PUT', '/settings/audit', input),
  runRetention: (dryRun: boolean) => api<RetentionReport>('POST', '/privacy/retention/runs', { dryRun }),
  processors: () => api<{ processors: Processor[] }>('GET', '/privacy/processors'),
  addProcessor: (
    input: Omit<Processor, 'id' | 'reviewOverdue' | 'lastReviewedOn' | 'nextReviewOn'> & {
      nextReviewOn: string | null;
    },
  ) => api<Processor>('POST', '/privacy/processors', input),
  training: () =>
    api<{ courses: Array<{ id: string; title: string }>; register: TrainingRow[] }>(
      'GET',
      '/privacy/training',
    ),
  report: () => downloadFile('GET', '/privacy/report.pdf'),
};

/** The public request page (no sign-in; the token stays in memory only). */
export const publicPrivacyApi = {
  notice: (tenantId: string) =>
    api<Notice & { shop: string }>('GET', `/public/privacy/${id(tenantId)}/notice`, undefined, {
      noRecovery: true,
    }),
  submit: (tenantId: string, body: { kind: string; email?: string; phone?: string }) =>
    api<{ reference: string; requestToken: string; message: string }>(
      'POST',
      `/public/privacy/${id(tenantId)}/requests`,
      body,
      { noRecovery: true },
    ),
  verify: (tenantId: string, body: { reference: string; requestToken: string; code: string }) =>
    api<{ status: string; canDownload: boolean; dueAt: string | null }>(
      'POST',
      `/public/privacy/${id(tenantId)}/requests/verify`,
      body,
      { noRecovery: true },
    ),
  download: (tenantId: string, body: { reference: string; requestToken: string }) =>
    downloadFile('POST', `/public/privacy/${id(tenantId)}/requests/download`, body),
};
