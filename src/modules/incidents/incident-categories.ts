/**
 * The vocabulary of incidents: categories (the CERT-In incident types that apply to a shop, each
 * mapped to its item in Annexure I of the CERT-In directions of 28 April 2022, plus the shop
 * situations that fall under one of them), severities, the data categories a breach can expose,
 * and the state machine. Pure data and rules, no I/O. ADR 0016 lists what was left out and why.
 */
import type { IncidentSeverity, IncidentStatus } from '../../db/tables/incidents.tables.js';
import { AppError } from '../../domain/app-error.js';

export interface IncidentCategory {
  readonly code: string;
  readonly label: string;
  /** The CERT-In Annexure I item this is reported under (1-based) and its wording. */
  readonly certIn: { readonly item: number; readonly type: string };
}

const certIn = {
  1: 'Targeted scanning/probing of critical networks/systems',
  2: 'Compromise of critical systems/information',
  3: 'Unauthorised access of IT systems/data',
  4: 'Defacement of website or intrusion into a website and unauthorised changes',
  5: 'Malicious code attacks (virus, worm, Trojan, bots, spyware, ransomware, cryptominers)',
  6: 'Attack on servers such as database, mail and DNS and network devices such as routers',
  7: 'Identity theft, spoofing and phishing attacks',
  8: 'Denial of Service (DoS) and Distributed Denial of Service (DDoS) attacks',
  10: 'Attacks on applications such as e-governance, e-commerce etc.',
  11: 'Data breach',
  12: 'Data leak',
  13: 'Attacks on Internet of Things (IoT) devices and associated systems, networks, software, servers',
  14: 'Attacks or incidents affecting digital payment systems',
  15: 'Attacks through malicious mobile apps',
  16: 'Fake mobile apps',
  17: 'Unauthorised access to social media accounts',
  18: 'Attacks or malicious/suspicious activities affecting cloud computing systems/servers/software/applications',
} as const;

const category = (code: string, label: string, item: keyof typeof certIn): IncidentCategory => ({
  code,
  label,
  certIn: { item, type: certIn[item] },
});

/** Every category an incident may have; the first group are CERT-In's own types. */
export const incidentCategories: readonly IncidentCategory[] = [
  category('unauthorised_access', 'Unauthorised access to systems or data', 3),
  category('data_breach', 'Data breach', 11),
  category('data_leak', 'Data leak', 12),
  category('identity_theft_phishing', 'Identity theft, spoofing or phishing', 7),
  category('malicious_code', 'Malicious code or ransomware', 5),
  category('server_attack', 'Attack on servers, databases or network devices', 6),
  category('critical_system_compromise', 'Compromise of critical systems or information', 2),
  category('scanning_probing', 'Targeted scanning or probing', 1),
  category('website_defacement', 'Website defacement or intrusion', 4),
  category('denial_of_service', 'Denial of service', 8),
  category('application_attack', 'Attack on an application (online shop, billing)', 10),
  category('iot_device_attack', 'Attack on connected devices (printers, scanners, cameras)', 13),
  category('digital_payment_attack', 'Attack on digital payments (UPI, card terminals)', 14),
  category('malicious_mobile_app', 'Attack through a malicious mobile app', 15),
  category('fake_mobile_app', 'Fake mobile app in the shop’s name', 16),
  category('social_media_account', 'Unauthorised access to the shop’s social media accounts', 17),
  category('cloud_attack', 'Attack on cloud systems or services', 18),
  // A shop's everyday situations, reported under the CERT-In type they amount to.
  category('lost_or_stolen_device', 'Lost or stolen device (laptop, phone, billing PC)', 3),
  category('credential_leak', 'A staff password or token leaked', 3),
  category('insider_misuse', 'Misuse of access by staff', 3),
  category('lost_backup', 'Lost or exposed backup', 12),
];

export const categoryCodes = incidentCategories.map((c) => c.code) as [string, ...string[]];

export function categoryOf(code: string): IncidentCategory {
  const found = incidentCategories.find((c) => c.code === code);
  if (found === undefined) throw new AppError('validation_failed', 'unknown incident category', 'category');
  return found;
}

export const severities: readonly IncidentSeverity[] = ['low', 'medium', 'high', 'critical'];

/** Kinds of personal data an incident can expose, with what exposure means for the person. */
export interface DataCategory {
  readonly code: string;
  readonly label: string;
  /** Likely consequences for the people affected (notices). */
  readonly consequence: string;
}

export const dataCategories: readonly DataCategory[] = [
  { code: 'name', label: 'Names', consequence: 'being identified or contacted by strangers' },
  {
    code: 'phone',
    label: 'Phone numbers',
    consequence: 'unwanted calls or messages, and phishing or fraud attempts by phone (vishing, smishing)',
  },
  { code: 'email', label: 'Email addresses', consequence: 'spam and phishing emails' },
  {
    code: 'address',
    label: 'Postal addresses',
    consequence: 'unwanted visits or post, and fraud using the address',
  },
  { code: 'gstin', label: 'GSTINs', consequence: 'misuse of the business identity in invoices' },
  {
    code: 'payment_ref',
    label: 'Payment references (UPI or card reference, last 4 digits)',
    consequence: 'targeted payment fraud attempts; full card numbers are never stored',
  },
  {
    code: 'purchase_history',
    label: 'Purchase history',
    consequence: 'disclosure of what was bought, and targeted scams',
  },
  {
    code: 'credit_ledger',
    label: 'Credit account (khata) balances',
    consequence: 'disclosure of money owed, and fake payment requests',
  },
  {
    code: 'staff_accounts',
    label: 'Staff accounts and their personal details',
    consequence: 'misuse of staff accounts, and phishing of staff',
  },
];

export const dataCategoryCodes = dataCategories.map((c) => c.code) as [string, ...string[]];

export const statuses: readonly IncidentStatus[] = [
  'detected',
  'triaged',
  'contained',
  'eradicated',
  'recovered',
  'closed',
  'reviewed',
];

/** The statuses an incident may move to next: one step forward, or closing a false alarm early. */
export function nextStatuses(from: IncidentStatus): IncidentStatus[] {
  const i = statuses.indexOf(from);
  const next = statuses[i + 1];
  const forward = next === undefined ? [] : [next];
  return from === 'detected' || from === 'triaged' ? [...forward, 'closed'] : forward;
}

/** Throws unless `from -> to` is allowed; an early close must say it was a false positive. */
export function checkTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  resolution: 'resolved' | 'false_positive' | undefined,
): 'resolved' | 'false_positive' | null {
  if (!nextStatuses(from).includes(to))
    throw new AppError('conflict', `an incident that is ${from} cannot become ${to}`, 'to', {
      allowed: nextStatuses(from),
    });
  if (to !== 'closed') return null;
  const early = from === 'detected' || from === 'triaged';
  if (early && resolution !== 'false_positive')
    throw new AppError(
      'validation_failed',
      'closing before containment is only for a false positive',
      'resolution',
    );
  return resolution ?? 'resolved';
}
