/**
 * Builds the self-audit capability: the service over the registry of checks, its routes, and the
 * weekly job for the shared job runner.
 */
import type { RouteModule } from '../../http/app.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { securityAuditApiRoutes } from './security-audit.routes.js';
import { SecurityAuditService, type SecurityAuditDeps } from './security-audit.service.js';

export interface SecurityAudit {
  service: SecurityAuditService;
  routes: RouteModule;
  jobs: JobDefinition[];
}

export const SELF_AUDIT_INTERVAL_MS = 7 * 24 * 3600_000;

export function createSecurityAudit(deps: SecurityAuditDeps): SecurityAudit {
  const service = new SecurityAuditService(deps);
  return {
    service,
    routes: securityAuditApiRoutes(service),
    jobs: [
      {
        name: 'security-audit',
        intervalMs: SELF_AUDIT_INTERVAL_MS,
        initialDelayMs: 15 * 60_000,
        leaseMs: 2 * 3600_000,
        retryMs: 3600_000,
        run: async () => {
          await service.runScheduled();
        },
      },
    ],
  };
}
