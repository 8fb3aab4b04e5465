/**
 * Drafts of the regulatory notices, pure: CERT-In's incident report (the fields of its reporting
 * form), the Data Protection Board's detailed report (DPDP Rules 2025, rule 7(2)(b)) and the EU
 * supervisory authority's notification (GDPR article 33(3)). Each says what happened, which data
 * categories, approximately how many people, the likely consequences, the measures taken, and
 * whom to contact, from the incident as recorded. Staff edit the draft before sending it.
 */
import type { NoticeAuthority } from '../../db/tables/incidents.tables.js';
import { formatIst } from '../monitoring/alert-message.js';
import { dataCategories, type IncidentCategory } from './incident-categories.js';

export interface NoticeContact {
  role: string;
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
}

export interface NoticeFacts {
  business: { name: string; gstins: string[]; stores: string[] };
  incident: {
    reference: string;
    title: string;
    category: IncidentCategory;
    severity: string;
    status: string;
    awareAt: string;
    detectedAt: string | null;
    description: string | null;
    drill: boolean;
  };
  /** Null before any scope analysis. */
  affected: { customers: number; categories: Record<string, number> } | null;
  dataCategories: readonly string[];
  /** Containment done so far: action code -> how many times. */
  measures: Record<string, number>;
  /** Notices given to affected people: channel -> messages. */
  intimations: Record<string, number>;
  contact: NoticeContact | null;
  deadline: string;
}

const measureText: Readonly<Record<string, string>> = {
  disable_user: 'disabled the staff account(s) involved',
  revoke_sessions: 'ended the signed-in sessions concerned',
  revoke_api_tokens: 'revoked the API tokens concerned',
  force_password_reset: 'forced new passwords for the accounts concerned',
  rotate_keys: 'rotated the encryption keys concerned (data re-encrypted under new keys)',
  revoke_device: 'ended every session of the lost or stolen device',
};

const label = (code: string) => dataCategories.find((c) => c.code === code)?.label ?? code;

function dataLines(f: NoticeFacts): string[] {
  if (f.dataCategories.length === 0) return ['No personal data is known to be affected.'];
  return f.dataCategories.map((code) => {
    const n = f.affected?.categories[code];
    return `- ${label(code)}${n === undefined ? '' : `: ${String(n)} people`}`;
  });
}

function howMany(f: NoticeFacts): string {
  if (f.affected === null) return 'Not yet determined (the scope analysis is under way).';
  return `${String(f.affected.customers)} customers, established from the audit trail of the billing system (exact count of the records found; may grow if the investigation finds more).`;
}

function consequences(f: NoticeFacts): string[] {
  const found = dataCategories.filter((c) => f.dataCategories.includes(c.code));
  return found.length === 0
    ? ['No likely consequences for individuals have been identified.']
    : found.map((c) => `- ${c.label}: ${c.consequence}.`);
}

function measures(f: NoticeFacts): string[] {
  const done = Object.entries(f.measures)
    .filter(([, n]) => n > 0)
    .map(([code]) => `- We ${measureText[code] ?? code}.`);
  return done.length === 0 ? ['- Investigation under way; containment measures will follow.'] : done;
}

function contact(f: NoticeFacts): string {
  const c = f.contact;
  if (c === null) return `${f.business.name} (add a contact to the incident-response plan)`;
  return [`${c.name} (${c.role.replace(/_/g, ' ')})`, c.phone, c.email]
    .filter((x) => x !== undefined && x !== '')
    .join(', ');
}

function heading(f: NoticeFacts, title: string): string[] {
  return [
    ...(f.incident.drill ? ['DRILL: an exercise, not a real incident. Do not send.', ''] : []),
    title,
    `Organisation: ${f.business.name}${f.business.gstins.length > 0 ? ` (GSTIN ${f.business.gstins.join(', ')})` : ''}`,
    `Our reference: ${f.incident.reference}`,
    '',
  ];
}

function whatHappened(f: NoticeFacts): string[] {
  return [
    `${f.incident.title}.`,
    ...(f.incident.description === null ? [] : [f.incident.description]),
    `First detected: ${f.incident.detectedAt === null ? 'as below' : formatIst(f.incident.detectedAt)}.`,
    `We became aware: ${formatIst(f.incident.awareAt)}.`,
    `Where: ${f.business.stores.length > 0 ? f.business.stores.join('; ') : 'the business premises'} (Tijori billing and customer records).`,
    `Current status: ${f.incident.status}.`,
  ];
}

function certIn(f: NoticeFacts): string {
  return [
    ...heading(f, 'Cyber security incident report to CERT-In (incident@cert-in.org.in)'),
    `Type of incident (CERT-In directions of 28 April 2022, Annexure I, item ${String(f.incident.category.certIn.item)}): ${f.incident.category.certIn.type}`,
    `Severity (our assessment): ${f.incident.severity}`,
    `Report due by: ${formatIst(f.deadline)} (6 hours from awareness)`,
    '',
    'What happened:',
    ...whatHappened(f),
    '',
    'Personal data involved:',
    ...dataLines(f),
    `Approximate number of people affected: ${howMany(f)}`,
    '',
    'Measures taken:',
    ...measures(f),
    '',
    `Point of contact: ${contact(f)}`,
    'Logs are kept in India and are available to CERT-In on request.',
  ].join('\n');
}

function dpdpBoard(f: NoticeFacts): string {
  const told = Object.entries(f.intimations).map(([ch, n]) => `${String(n)} by ${ch}`);
  return [
    ...heading(
      f,
      'Personal data breach: detailed report to the Data Protection Board of India (DPDP Rules 2025, rule 7(2)(b))',
    ),
    `Report due by: ${formatIst(f.deadline)} (72 hours from awareness)`,
    '',
    '1. Nature, extent, timing and location of the breach:',
    ...whatHappened(f),
    ...dataLines(f),
    `Data Principals affected: ${howMany(f)}`,
    '',
    '2. Events, circumstances and reasons leading to the breach:',
    '[Describe how it happened and why, as established so far.]',
    '',
    '3. Measures implemented or proposed to mitigate the risk:',
    ...measures(f),
    '',
    '4. Findings regarding the person who caused the breach:',
    '[State what is known about who caused it; do not name people not yet established.]',
    '',
    '5. Remedial measures taken to prevent recurrence:',
    '[Add what will change: training, access rules, settings.]',
    '',
    '6. Intimations given to affected Data Principals:',
    told.length === 0 ? 'Not yet sent.' : `Notices sent: ${told.join(', ')}.`,
    '',
    'Likely consequences for the Data Principals:',
    ...consequences(f),
    '',
    `Contact: ${contact(f)}`,
  ].join('\n');
}

function gdpr(f: NoticeFacts): string {
  return [
    ...heading(f, 'Notification of a personal data breach to the supervisory authority (GDPR article 33)'),
    `Due by: ${formatIst(f.deadline)} (72 hours from awareness)`,
    '',
    '(a) Nature of the breach, categories and approximate number of data subjects and records:',
    ...whatHappened(f),
    ...dataLines(f),
    `Data subjects concerned (approximately): ${howMany(f)}`,
    '',
    `(b) Contact point for more information: ${contact(f)}`,
    '',
    '(c) Likely consequences:',
    ...consequences(f),
    '',
    '(d) Measures taken or proposed to address the breach and mitigate its effects:',
    ...measures(f),
  ].join('\n');
}

/** The draft of one authority's notice. */
export function draftNotice(authority: NoticeAuthority, facts: NoticeFacts): string {
  if (authority === 'cert_in') return certIn(facts);
  if (authority === 'dpdp_board') return dpdpBoard(facts);
  return gdpr(facts);
}
