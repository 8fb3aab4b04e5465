/**
 * The incident-response plan's shape and the starter plan a shop gets before writing its own:
 * who to call, who does what, and a playbook per kind of incident a shop meets (NIST SP 800-61r3's
 * respond and recover steps, in a shop's words). The shop edits all of it.
 */
import { z } from 'zod';
import { label } from '../../kernel/schema-atoms.js';
import { category, text } from './incident.schemas.js';

export const contactRoles = [
  'incident_lead',
  'grievance_officer',
  'owner',
  'it_support',
  'cert_in_poc',
  'legal',
  'other',
] as const;

export const planContent = z
  .object({
    contacts: z
      .array(
        z
          .object({
            role: z.enum(contactRoles),
            name: label(120),
            phone: z.string().trim().min(4).max(24).optional(),
            email: z.email().max(254).optional(),
          })
          .strict(),
      )
      .max(30),
    roles: z.array(z.object({ role: label(60), responsibilities: text(1000) }).strict()).max(20),
    playbooks: z.array(z.object({ category, steps: z.array(text(300)).min(1).max(30) }).strict()).max(40),
  })
  .strict();

export type PlanContent = z.infer<typeof planContent>;

export const starterPlan: PlanContent = {
  contacts: [],
  roles: [
    {
      role: 'Incident lead (owner or manager)',
      responsibilities:
        'Opens the incident, decides containment, keeps the timeline, sends the CERT-In report within 6 hours and the Board report within 72 hours.',
    },
    {
      role: 'Grievance officer',
      responsibilities:
        'Answers customers who ask about the incident; sends the notices to affected customers.',
    },
    {
      role: 'IT support',
      responsibilities: 'Checks devices and backups, restores from a clean backup, rotates keys when asked.',
    },
  ],
  playbooks: [
    {
      category: 'lost_or_stolen_device',
      steps: [
        'Note when and where the device was last seen; open an incident.',
        'Revoke the device’s sessions (Containment: revoke device).',
        'Force new passwords for everyone who signed in on it.',
        'Run a scope analysis for the device over the last days.',
        'Report to the police and keep the FIR number in the timeline.',
      ],
    },
    {
      category: 'credential_leak',
      steps: [
        'Disable the account or force a new password at once.',
        'Revoke its sessions and API tokens.',
        'Run a scope analysis for the account over the window of exposure.',
        'Check for new devices and off-hours sign-ins in the alerts.',
      ],
    },
    {
      category: 'insider_misuse',
      steps: [
        'Disable the account and revoke its sessions.',
        'Run a scope analysis for the account; keep the result.',
        'Draft the notices; notify affected customers if their data was revealed.',
        'Record what was done with the staff member (HR) in the timeline.',
      ],
    },
    {
      category: 'lost_backup',
      steps: [
        'Find out which backup file and where it went.',
        'Backups are encrypted: confirm the backup key was not lost with it.',
        'If the key may be exposed, rotate data keys and treat it as a data breach.',
      ],
    },
    {
      category: 'malicious_code',
      steps: [
        'Disconnect the affected computer from the network; do not switch it off.',
        'Revoke every session, then restore from a backup made before the infection.',
        'Rotate data keys and the KEK if the server itself was affected.',
      ],
    },
    {
      category: 'identity_theft_phishing',
      steps: [
        'Warn staff and customers about the fake messages.',
        'Force new passwords for anyone who entered theirs.',
        'Report the fake site or number to CERT-In and the platform.',
      ],
    },
  ],
};
