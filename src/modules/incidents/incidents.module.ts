/**
 * Builds incident response from its dependencies: incidents and their timeline, promotion of
 * alerts, scope analysis, containment, regulatory notices, the plan, and their routes and jobs.
 * One call from the composition root, and from tests.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { AuditRecorder } from '../audit/audit.types.js';
import type { AccessRevocationService } from '../auth/revocation.service.js';
import type { UserService } from '../auth/user.service.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { RotationService } from '../keys/rotation.service.js';
import type { AlertService } from '../monitoring/alert.service.js';
import { AlertPromotion } from './alert-promotion.js';
import { ContainmentService } from './containment.service.js';
import { IncidentText } from './incident-crypto.js';
import { IncidentFacts } from './incident-facts.js';
import { IncidentTimeline } from './incident-timeline.js';
import { incidentApiRoutes } from './incident.routes.js';
import { IncidentService } from './incident.service.js';
import { IncidentPlanService } from './ir-plan.service.js';
import { noticeApiRoutes } from './notice.routes.js';
import { RegulatoryNoticeService } from './regulatory-notice.service.js';
import { ScopeService } from './scope.service.js';

export interface IncidentsOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  alerts: AlertService;
  users: UserService;
  revocation: AccessRevocationService;
  rotation: RotationService;
}

export interface Incidents {
  incidents: IncidentService;
  promotion: AlertPromotion;
  scopes: ScopeService;
  containment: ContainmentService;
  notices: RegulatoryNoticeService;
  plan: IncidentPlanService;
  routes: RouteModule[];
  rootRoutes: RouteModule[];
  jobs: JobDefinition[];
}

export function createIncidents(options: IncidentsOptions): Incidents {
  const { db, clock, audit } = options;
  const text = new IncidentText(options.cipher);
  const timeline = new IncidentTimeline(text);
  const incidents = new IncidentService({ db, clock, audit, text, timeline });
  const promotion = new AlertPromotion({ db, alerts: options.alerts, incidents });
  const scopes = new ScopeService({ db, clock, audit, timeline });
  const containment = new ContainmentService({
    db,
    clock,
    audit,
    timeline,
    users: options.users,
    revocation: options.revocation,
    rotation: options.rotation,
  });
  const plan = new IncidentPlanService({ db, clock, audit, text, alerts: options.alerts });
  const facts = new IncidentFacts({ db, clock, text, plan });
  const notices = new RegulatoryNoticeService({ db, clock, audit, text, timeline, facts });
  return {
    incidents,
    promotion,
    scopes,
    containment,
    notices,
    plan,
    routes: [
      incidentApiRoutes({ incidents, promotion, scopes, containment, clock }),
      noticeApiRoutes({ notices, clock }),
    ],
    rootRoutes: [],
    jobs: [],
  };
}
