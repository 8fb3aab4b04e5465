/**
 * Drill scenarios: the simulated incidents a shop rehearses (a tabletop run through the real
 * workflow in drill mode). Each opens an incident with a title, category, severity and the data
 * it puts at risk; the team then triages, scopes, contains, drafts and closes as they would.
 */
import type { IncidentSeverity } from '../../db/tables/incidents.tables.js';

export interface DrillScenario {
  code: string;
  title: string;
  category: string;
  severity: IncidentSeverity;
  dataCategories: string[];
  description: string;
}

export const drillScenarios: readonly DrillScenario[] = [
  {
    code: 'stolen_laptop',
    title: 'Drill: the billing laptop was stolen from the counter',
    category: 'lost_or_stolen_device',
    severity: 'high',
    dataCategories: ['name', 'phone'],
    description:
      'The counter laptop is missing after closing time. A cashier was signed in on it. Find its device, end its sessions, force new passwords and scope what it could reach.',
  },
  {
    code: 'leaked_password',
    title: "Drill: a cashier's password was shared in a chat group",
    category: 'credential_leak',
    severity: 'high',
    dataCategories: ['name', 'phone'],
    description:
      'A cashier posted their password by mistake. Contain the account and check what it did since.',
  },
  {
    code: 'bulk_reveal',
    title: 'Drill: hundreds of customer phone numbers revealed at night',
    category: 'insider_misuse',
    severity: 'high',
    dataCategories: ['phone'],
    description:
      'The bulk-access alert fired for a counter account after hours. Work through the alert to notices.',
  },
  {
    code: 'missing_backup',
    title: 'Drill: a backup drive is missing',
    category: 'lost_backup',
    severity: 'medium',
    dataCategories: ['name', 'phone', 'email', 'address'],
    description: 'The weekly backup drive was not returned. Decide whether its keys could be exposed.',
  },
  {
    code: 'ransomware',
    title: 'Drill: ransomware on the back-office PC',
    category: 'malicious_code',
    severity: 'critical',
    dataCategories: ['name', 'phone', 'email', 'address', 'purchase_history'],
    description:
      'Files on the back-office PC are encrypted and a ransom note is shown. Isolate, restore, rotate.',
  },
  {
    code: 'phishing',
    title: 'Drill: fake messages in the shop’s name ask customers to pay',
    category: 'identity_theft_phishing',
    severity: 'medium',
    dataCategories: ['phone'],
    description: 'Customers report WhatsApp messages from a fake shop number asking for UPI payments.',
  },
];

export const scenarioCodes = drillScenarios.map((s) => s.code) as [string, ...string[]];

export function scenarioOf(code: string): DrillScenario | undefined {
  return drillScenarios.find((s) => s.code === code);
}
