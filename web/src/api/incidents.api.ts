/** Incident response calls (server: /api/v1/incidents, /drills, /incident-plan, /security-reports, /public). */
import { api } from './api-client';

export interface Clock {
  clock: 'cert_in' | 'dpdp_board' | 'gdpr';
  label: string;
  hours: number;
  deadline: string;
  deadlineIst: string;
  status: 'running' | 'lapsed' | 'met' | 'met_late' | 'not_required' | 'not_applicable';
  remainingMs: number | null;
}

export interface Incident {
  id: string;
  number: number;
  reference: string;
  title: string;
  category: string;
  certIn: { item: number; type: string };
  severity: string;
  status: string;
  nextStatuses: string[];
  drill: boolean;
  awareAt: string;
  dataCategories: string[];
  euAffected: boolean;
  sourceAlertId: string | null;
  containedAt: string | null;
  timeToContainMs: number | null;
  clocks: Clock[];
  affected: { customers: number; categories: Record<string, number> };
}

export interface TimelineEvent {
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  kind: string;
  details: Record<string, unknown>;
  note: string | null;
}

/** The devices, sessions and API tokens a scope analysis can be asked about (server: scope.service). */
export interface SuspectChoices {
  devices: { id: string; userId: string; lastSeenAt: string }[];
  sessions: { id: string; userId: string; startedAt: string; lastSeenAt: string }[];
  tokens: { id: string; userId: string; name: string; createdAt: string }[];
}

export interface ScopeResult {
  id: string;
  suspectType: string;
  suspectId: string;
  from: string | null;
  to: string | null;
  customers: number;
  categories: Record<string, number>;
  unlistedExports: number;
  createdAt: string;
}

export interface Notice {
  authority: 'cert_in' | 'dpdp_board' | 'gdpr';
  status: 'draft' | 'sent' | 'not_required';
  body: string;
  sentAt: string | null;
  externalRef: string | null;
  reason: string | null;
  wouldSend: boolean;
}

export interface NoticeRequest {
  language: 'en' | 'hi' | 'both';
  channels: Array<'email' | 'sms'>;
  summary: { en: string; hi?: string };
}

export interface Inquiry {
  id: string;
  customerId: string;
  question: string;
  receivedAt: string;
  answer: string | null;
  answerDelivery: string | null;
}

export interface Drill {
  id: string;
  scenario: string;
  status: string;
  scheduledFor: string;
  repeatDays: number | null;
  incidentId: string | null;
  startedAt: string | null;
  timeToContainMs: number | null;
  completedAt: string | null;
  wouldSend: number;
}

export interface PlanContent {
  contacts: Array<{ role: string; name: string; phone?: string; email?: string }>;
  roles: Array<{ role: string; responsibilities: string }>;
  playbooks: Array<{ category: string; steps: string[] }>;
}

export interface Plan {
  content: PlanContent;
  version: number;
  reviewBy: string;
  reviewedAt: string | null;
  overdue: boolean;
  saved: boolean;
}

export interface Report {
  id: string;
  category: string;
  receivedAt: string;
  status: string;
  incidentId: string | null;
}

export interface Vocabulary {
  categories: Array<{ code: string; label: string; certIn: { item: number; type: string } }>;
  dataCategories: Array<{ code: string; label: string }>;
}

const id = encodeURIComponent;
const base = (incidentId: string) => `/incidents/${id(incidentId)}`;

export const incidentsApi = {
  vocabulary: () => api<Vocabulary>('GET', '/incident-categories'),
  list: () => api<{ incidents: Incident[] }>('GET', '/incidents?limit=100'),
  create: (body: Record<string, unknown>) => api<{ incident: Incident }>('POST', '/incidents', body),
  get: (incidentId: string) =>
    api<{ incident: Incident; description: string | null }>('GET', base(incidentId)),
  transition: (incidentId: string, to: string, extra: Record<string, unknown> = {}) =>
    api<{ incident: Incident }>('POST', `${base(incidentId)}/status`, { to, ...extra }),
  note: (incidentId: string, text: string) =>
    api<{ seq: number }>('POST', `${base(incidentId)}/notes`, { text }),
  timeline: (incidentId: string) => api<{ events: TimelineEvent[] }>('GET', `${base(incidentId)}/timeline`),
  suspects: () => api<SuspectChoices>('GET', '/incident-suspects'),
  scopes: (incidentId: string) => api<{ scopes: ScopeResult[] }>('GET', `${base(incidentId)}/scopes`),
  scope: (incidentId: string, body: Record<string, unknown>) =>
    api<{ scope: ScopeResult }>('POST', `${base(incidentId)}/scopes`, body),
  contain: (incidentId: string, body: Record<string, unknown>) =>
    api<{ action: string; simulated: boolean; result: Record<string, unknown> }>(
      'POST',
      `${base(incidentId)}/containment`,
      body,
    ),
  notices: (incidentId: string) => api<{ notices: Notice[] }>('GET', `${base(incidentId)}/notices`),
  draftNotice: (incidentId: string, authority: string) =>
    api<{ notice: Notice }>('POST', `${base(incidentId)}/notices/${authority}/draft`),
  editNotice: (incidentId: string, authority: string, body: string) =>
    api<{ notice: Notice }>('PUT', `${base(incidentId)}/notices/${authority}`, { body }),
  noticeSent: (incidentId: string, authority: string, externalRef?: string) =>
    api<{ notice: Notice }>(
      'POST',
      `${base(incidentId)}/notices/${authority}/sent`,
      externalRef === undefined || externalRef === '' ? {} : { externalRef },
    ),
  noticeNotRequired: (incidentId: string, authority: string, reason: string) =>
    api<{ notice: Notice }>('POST', `${base(incidentId)}/notices/${authority}/not-required`, { reason }),
  previewCustomerNotice: (incidentId: string, body: NoticeRequest) =>
    api<{ subject: string; email: string; sms: string; recipients: Record<string, number> }>(
      'POST',
      `${base(incidentId)}/customer-notices/preview`,
      body,
    ),
  sendCustomerNotice: (incidentId: string, body: NoticeRequest) =>
    api<{ customers: number; messages: number; wouldSend: boolean }>(
      'POST',
      `${base(incidentId)}/customer-notices`,
      body,
    ),
  inquiries: (incidentId: string) => api<{ inquiries: Inquiry[] }>('GET', `${base(incidentId)}/inquiries`),
  answer: (incidentId: string, inquiryId: string, answer: string) =>
    api<void>('POST', `${base(incidentId)}/inquiries/${id(inquiryId)}/answer`, { answer }),
  review: (incidentId: string) =>
    api<{
      review: { rootCause: string; whatWorked: string; toImprove: string } | null;
      actions: Array<{ id: string; description: string; dueOn: string; status: string; overdue: boolean }>;
    }>('GET', `${base(incidentId)}/review`),
  saveReview: (incidentId: string, body: { rootCause: string; whatWorked: string; toImprove: string }) =>
    api<unknown>('PUT', `${base(incidentId)}/review`, body),
  addAction: (incidentId: string, body: { description: string; ownerUserId: string; dueOn: string }) =>
    api<{ id: string }>('POST', `${base(incidentId)}/review/actions`, body),
  drills: () => api<{ scenarios: Array<{ code: string; title: string }>; drills: Drill[] }>('GET', '/drills'),
  scheduleDrill: (body: Record<string, unknown>) => api<{ drill: Drill }>('POST', '/drills', body),
  startDrill: (drillId: string) => api<{ drill: Drill }>('POST', `/drills/${id(drillId)}/start`),
  plan: () => api<Plan>('GET', '/incident-plan'),
  savePlan: (content: PlanContent, reviewBy: string) =>
    api<Plan>('PUT', '/incident-plan', { content, reviewBy }),
  reports: () => api<{ reports: Report[] }>('GET', '/security-reports'),
  report: (reportId: string) =>
    api<{ report: Report & { description: string; contact: string | null } }>(
      'GET',
      `/security-reports/${id(reportId)}`,
    ),
  promoteReport: (reportId: string) =>
    api<{ incidentId: string }>('POST', `/security-reports/${id(reportId)}/incident`, {}),
  closeReport: (reportId: string) => api<unknown>('POST', `/security-reports/${id(reportId)}/close`),
};

/** The public pages' calls (no session). */
export const publicApi = {
  report: (body: Record<string, unknown>) =>
    api<{ reference: string; receivedAt: string }>('POST', '/public/security-reports', body, {
      noRecovery: true,
    }),
  ask: (reference: string, question: string) =>
    api<{ received: boolean; incident: string }>(
      'POST',
      '/public/incident-inquiries',
      { reference, question },
      { noRecovery: true },
    ),
};
