/**
 * Builds incident response from its dependencies: incidents and their timeline, promotion of
 * alerts, scope analysis, containment, regulatory notices, notices to customers and the inquiry
 * channel, reviews, drills, the plan, public security reports and security.txt; their routes, the
 * watch job, and the resolvers that render customer messages when the outbox sends them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { AccessRevocationService } from '../auth/revocation.service.js';
import type { UserService } from '../auth/user.service.js';
import type { CustomerCipher } from '../customers/customer-crypto.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import type { RotationService } from '../keys/rotation.service.js';
import type { AlertService } from '../monitoring/alert.service.js';
import type { NotificationDelivery } from '../notify/delivery.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import { AlertPromotion } from './alert-promotion.js';
import { ContainmentService } from './containment.service.js';
import { CustomerNoticeService, NOTICE_KIND } from './customer-notice.service.js';
import { DrillService } from './drill.service.js';
import { IncidentText, PublicSeal } from './incident-crypto.js';
import { IncidentFacts } from './incident-facts.js';
import { IncidentTimeline } from './incident-timeline.js';
import { IncidentWatch, incidentWatchJob } from './incident-watch.js';
import { incidentApiRoutes } from './incident.routes.js';
import { IncidentService } from './incident.service.js';
import { ANSWER_KIND, InquiryService } from './inquiry.service.js';
import { IncidentPlanService } from './ir-plan.service.js';
import { noticeApiRoutes } from './notice.routes.js';
import { outreachApiRoutes } from './outreach.routes.js';
import { programApiRoutes } from './program.routes.js';
import { publicIncidentApiRoutes } from './public.routes.js';
import { RegulatoryNoticeService } from './regulatory-notice.service.js';
import { ReviewService } from './review.service.js';
import { ScopeService } from './scope.service.js';
import { SecurityReportService } from './security-report.service.js';
import { securityTxtRoutes, type SecurityTxtSettings } from './security-txt.js';

export const INQUIRY_PAGE = '/incident-inquiry';

export interface IncidentsOptions {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: CustomerCipher;
  alerts: AlertService;
  users: UserService;
  revocation: AccessRevocationService;
  rotation: RotationService;
  throttle: LoginThrottle;
  outbox: NotificationOutbox;
  delivery: NotificationDelivery;
  /** The public URL, contact and policy for security.txt and the links in notices. */
  site: SecurityTxtSettings;
  smsTemplateId?: string | undefined;
}

export interface Incidents {
  incidents: IncidentService;
  promotion: AlertPromotion;
  scopes: ScopeService;
  containment: ContainmentService;
  notices: RegulatoryNoticeService;
  customerNotices: CustomerNoticeService;
  inquiries: InquiryService;
  reviews: ReviewService;
  drills: DrillService;
  plan: IncidentPlanService;
  reports: SecurityReportService;
  watch: IncidentWatch;
  routes: RouteModule[];
  rootRoutes: RouteModule[];
  jobs: JobDefinition[];
}

export function createIncidents(options: IncidentsOptions): Incidents {
  const { db, clock, audit, alerts, outbox, throttle } = options;
  const text = new IncidentText(options.cipher);
  const seal = new PublicSeal(db, options.cipher, clock);
  const timeline = new IncidentTimeline(text);
  const incidents = new IncidentService({ db, clock, audit, text, timeline });
  const promotion = new AlertPromotion({ db, alerts, incidents });
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
  const plan = new IncidentPlanService({ db, clock, audit, text, alerts });
  const facts = new IncidentFacts({ db, clock, text, plan });
  const notices = new RegulatoryNoticeService({ db, clock, audit, text, timeline, facts });
  const inquiryUrl =
    options.site.publicUrl === undefined ? null : `${new URL(options.site.publicUrl).origin}${INQUIRY_PAGE}`;
  const customerNotices = new CustomerNoticeService({
    db,
    clock,
    audit,
    cipher: options.cipher,
    text,
    timeline,
    facts,
    outbox,
    inquiryUrl,
    smsTemplateId: options.smsTemplateId,
  });
  const inquiries = new InquiryService({
    db,
    clock,
    audit,
    text,
    seal,
    timeline,
    notices: customerNotices,
    facts,
    outbox,
    throttle,
  });
  const reviews = new ReviewService({ db, clock, audit, text, timeline, alerts });
  const drills = new DrillService({ db, clock, audit, incidents });
  const reports = new SecurityReportService({ db, clock, audit, seal, alerts, throttle, incidents });
  const watch = new IncidentWatch({ db, clock, audit, alerts, timeline, plan, reviews, drills });
  options.delivery.registerDirect(NOTICE_KIND, (row) => customerNotices.resolve(row));
  options.delivery.registerDirect(ANSWER_KIND, (row) => inquiries.resolve(row));
  return {
    incidents,
    promotion,
    scopes,
    containment,
    notices,
    customerNotices,
    inquiries,
    reviews,
    drills,
    plan,
    reports,
    watch,
    routes: [
      incidentApiRoutes({ incidents, promotion, scopes, containment, clock }),
      noticeApiRoutes({ notices, clock }),
      outreachApiRoutes({ notices: customerNotices, inquiries, reports, clock }),
      programApiRoutes({ reviews, drills, plan }),
      publicIncidentApiRoutes({ reports, inquiries }),
    ],
    rootRoutes: [securityTxtRoutes(options.site, clock)],
    jobs: [incidentWatchJob(watch)],
  };
}
