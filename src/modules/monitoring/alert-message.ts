/**
 * What an alert says outside the app: an email and a webhook body built from the detector, the
 * severity, counts, times and ids only. Personal data (names, emails, addresses, source networks)
 * never leaves the app; the message says where to look instead.
 */
import type { AlertSeverity } from '../../db/tables/audit.tables.js';
import type { Notification } from '../notify/outbox.js';

/** What each detector means, in words an owner understands. */
export const detectorDescriptions: Readonly<Record<string, string>> = {
  brute_force: 'Many failed sign-ins to one account (password guessing)',
  password_spraying: 'Failed sign-ins to many accounts from one network (password spraying)',
  new_device: 'A sign-in from a new device or network',
  off_hours: 'A sign-in outside business hours',
  bulk_pii_access: 'Personal data revealed or exported in bulk',
  privilege_escalation: 'A user was given the admin or owner role',
  mfa_removed: 'Two-step verification was removed from an account',
  audit_chain_broken: 'The audit trail failed verification (possible tampering)',
  privacy_request_deadline: "A customer's privacy request is close to (or past) its legal deadline",
  incident_deadline: "An incident's regulatory reporting deadline is near or has passed",
  security_report: 'Someone reported a suspected breach or security problem',
  incident_plan_overdue: 'The incident-response plan is past its review date',
  incident_action_overdue: 'An action from a post-incident review is past its due date',
  security_audit_failed: 'The scheduled security self-audit found checks that fail',
  access_review_overdue: 'Access review decisions are overdue (escalated to the owners)',
  second_factor_guessing: 'Repeated wrong two-step codes or step-up passwords on one account (code guessing)',
  negative_stock: 'A sale took an item below zero in stock',
  offline_sale_conflict: 'A sale made while the counter was offline no longer matches stock or prices',
  counter_wiped: 'A wiped counter tried to send sales made offline: they were not accepted',
};

export interface AlertFacts {
  id: string;
  tenantId: string;
  detector: string;
  severity: AlertSeverity;
  subjectType: string;
  /** Only pseudonymous ids (user ids) are shown; other subjects stay in the app. */
  subjectId: string;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

const ist = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant as shown to people in India: `24 Nov 2026, 14:05 IST`. */
export function formatIst(iso: string): string {
  return `${ist.format(new Date(iso))} IST`;
}

/** The outbox message for a new alert. */
export function alertNotification(
  alert: AlertFacts,
  appUrl: string | undefined,
  notifyUserId?: string,
): Notification {
  const what = detectorDescriptions[alert.detector] ?? alert.detector;
  const subject = alert.subjectType === 'user' ? alert.subjectId : null;
  const link =
    appUrl === undefined ? 'Open Tijori, Security > Alerts,' : `Open ${appUrl}/app/alerts/${alert.id}`;
  const text = [
    `Tijori security alert (${alert.severity.toUpperCase()})`,
    '',
    `What happened: ${what}.`,
    `Detector: ${alert.detector}`,
    `First seen: ${formatIst(alert.firstSeenAt)}`,
    ...(subject === null ? [] : [`User id: ${subject}`]),
    `Alert id: ${alert.id}`,
    '',
    `${link} to review and acknowledge it.`,
    'This message holds no personal data; the details are in the app.',
  ].join('\n');
  return {
    kind: 'alert',
    refId: alert.id,
    severity: alert.severity,
    email: { subject: `[Tijori] ${alert.severity.toUpperCase()}: ${what}`, text },
    webhook: {
      type: 'alert',
      alert: {
        id: alert.id,
        tenantId: alert.tenantId,
        detector: alert.detector,
        severity: alert.severity,
        description: what,
        subjectType: alert.subjectType,
        ...(subject === null ? {} : { subjectId: subject }),
        count: alert.count,
        firstSeenAt: alert.firstSeenAt,
        lastSeenAt: alert.lastSeenAt,
      },
    },
    ...(notifyUserId === undefined ? {} : { recipientUserId: notifyUserId }),
  };
}
