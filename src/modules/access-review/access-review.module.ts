/**
 * Builds access reviews: the service, the reviewer views, the routes, and the daily job that
 * starts each period's campaign and escalates overdue items.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { RoleService } from '../auth/roles.service.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { Detection } from '../monitoring/alert.service.js';
import { accessReviewApiRoutes } from './access-review.routes.js';
import { AccessReviewService } from './access-review.service.js';
import { AccessReviewViews } from './access-review.views.js';

export interface AccessReviewOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  roles: Pick<RoleService, 'revokeGrant'>;
  raiseAlert?: (detection: Detection) => Promise<unknown>;
}

export interface AccessReviews {
  service: AccessReviewService;
  views: AccessReviewViews;
  routes: RouteModule;
  jobs: JobDefinition[];
}

export function createAccessReviews(options: AccessReviewOptions): AccessReviews {
  const views = new AccessReviewViews(options.db, options.cipher);
  const service = new AccessReviewService({ ...options, views });
  return {
    service,
    views,
    routes: accessReviewApiRoutes({ service, views, clock: options.clock }),
    jobs: [
      {
        name: 'access-review',
        intervalMs: 24 * 3600_000,
        initialDelayMs: 20 * 60_000,
        run: async () => {
          await service.runScheduled();
        },
      },
    ],
  };
}
