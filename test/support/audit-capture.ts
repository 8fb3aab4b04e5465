/**
 * An AuditRecorder that keeps what it is given, for tests that check what a service records
 * (the audit trail itself is tested by the audit capability's own suites).
 */
import type { AuditContext, AuditEvent, AuditRecorder } from '../../src/kernel/audit.js';

export function captureAudit(): {
  recorder: AuditRecorder;
  events: Array<AuditEvent & { context: AuditContext }>;
} {
  const events: Array<AuditEvent & { context: AuditContext }> = [];
  return {
    events,
    recorder: {
      record(_trx, context, event) {
        events.push({ ...event, context });
        return Promise.resolve();
      },
    },
  };
}
