/**
 * A stand-in AuditRecorder used only until the audit module exports its own: it writes the
 * event's action, object and outcome to the log (details hold no personal data by contract).
 * It is not transactional; services.ts swaps it out for the real recorder.
 */
import type { Logger } from '../../logging/logger.js';
import type { AuditRecorder } from '../audit/audit.types.js';

export function loggingAuditRecorder(logger: Logger): AuditRecorder {
  return {
    record(_trx, context, event) {
      logger.info(
        {
          audit: {
            action: event.action,
            objectType: event.objectType,
            objectId: event.objectId ?? null,
            outcome: event.outcome,
            actorType: context.actor.type,
            actorId: context.actor.id,
            details: event.details ?? {},
          },
        },
        'audit event',
      );
      return Promise.resolve();
    },
  };
}
