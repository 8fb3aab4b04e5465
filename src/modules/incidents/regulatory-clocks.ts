/**
 * Regulatory clocks, pure: from the moment the shop became aware (a UTC instant), CERT-In wants a
 * report within 6 hours, the Data Protection Board a detailed report within 72 hours when personal
 * data is involved, and an EU supervisory authority a notification within 72 hours when EU
 * residents are affected (SECURITY-BASELINE, "Breach and incident clocks"). Clocks count elapsed
 * time, so days, months and the viewer's time zone change nothing; deadlines are shown in IST.
 * A clock stops when its notice is recorded as sent or decided not to be required.
 */
import type { NoticeAuthority, NoticeStatus } from '../../db/tables/incidents.tables.js';
import { formatIst } from '../monitoring/alert-message.js';

export type ClockName = NoticeAuthority;

export interface ClockDefinition {
  readonly clock: ClockName;
  readonly hours: number;
  readonly label: string;
  /** Where the deadline comes from. */
  readonly source: string;
  readonly applies: (incident: ClockSubject) => boolean;
}

export interface ClockSubject {
  awareAt: string;
  euAffected: boolean;
  dataCategories: readonly string[];
}

export const clockDefinitions: readonly ClockDefinition[] = [
  {
    clock: 'cert_in',
    hours: 6,
    label: 'Report to CERT-In',
    source: 'CERT-In directions under s.70B(6) IT Act, 28 April 2022, direction (ii)',
    applies: () => true,
  },
  {
    clock: 'dpdp_board',
    hours: 72,
    label: 'Detailed report to the Data Protection Board of India',
    source: 'DPDP Rules 2025, rule 7(2)(b)',
    applies: (i) => i.dataCategories.length > 0,
  },
  {
    clock: 'gdpr',
    hours: 72,
    label: 'Notification to the EU supervisory authority',
    source: 'GDPR article 33(1)',
    applies: (i) => i.euAffected,
  },
];

export type ClockStatus = 'running' | 'lapsed' | 'met' | 'met_late' | 'not_required' | 'not_applicable';

export interface ClockState {
  clock: ClockName;
  label: string;
  source: string;
  hours: number;
  startsAt: string;
  deadline: string;
  /** The deadline as people in India read it: `2 Jun 2026, 05:30 IST`. */
  deadlineIst: string;
  status: ClockStatus;
  /** Milliseconds left (negative once lapsed); null when the clock has stopped. */
  remainingMs: number | null;
  /** When the notice was sent or decided, for stopped clocks. */
  stoppedAt: string | null;
}

export interface NoticeFacts {
  authority: NoticeAuthority;
  status: NoticeStatus;
  sentAt: string | null;
  updatedAt: string;
}

const HOUR = 3600_000;

/** The state of every clock of an incident at `now`. */
export function regulatoryClocks(
  incident: ClockSubject,
  notices: readonly NoticeFacts[],
  now: Date,
): ClockState[] {
  const start = new Date(incident.awareAt).getTime();
  return clockDefinitions.map((def) => {
    const deadline = new Date(start + def.hours * HOUR);
    const notice = notices.find((n) => n.authority === def.clock);
    const base = {
      clock: def.clock,
      label: def.label,
      source: def.source,
      hours: def.hours,
      startsAt: new Date(start).toISOString(),
      deadline: deadline.toISOString(),
      deadlineIst: formatIst(deadline.toISOString()),
    };
    if (!def.applies(incident))
      return { ...base, status: 'not_applicable', remainingMs: null, stoppedAt: null };
    if (notice?.status === 'not_required')
      return { ...base, status: 'not_required', remainingMs: null, stoppedAt: notice.updatedAt };
    if (notice?.status === 'sent' && notice.sentAt !== null)
      return {
        ...base,
        status: notice.sentAt <= base.deadline ? 'met' : 'met_late',
        remainingMs: null,
        stoppedAt: notice.sentAt,
      };
    const remainingMs = deadline.getTime() - now.getTime();
    return { ...base, status: remainingMs > 0 ? 'running' : 'lapsed', remainingMs, stoppedAt: null };
  });
}

export type ClockStage = 'half' | 'ninety' | 'lapsed';

/** When each warning is due (a share of the clock) and how loud it is. */
export const clockStages: ReadonlyArray<{
  stage: ClockStage;
  share: number;
  severity: 'medium' | 'high' | 'critical';
}> = [
  { stage: 'half', share: 0.5, severity: 'medium' },
  { stage: 'ninety', share: 0.9, severity: 'high' },
  { stage: 'lapsed', share: 1, severity: 'critical' },
];

/** The warnings a clock has reached at `now` (none once it has stopped). */
export function reachedStages(clock: ClockState, now: Date): ClockStage[] {
  if (clock.status !== 'running' && clock.status !== 'lapsed') return [];
  const start = new Date(clock.startsAt).getTime();
  const elapsed = now.getTime() - start;
  return clockStages.filter((s) => elapsed >= s.share * clock.hours * HOUR).map((s) => s.stage);
}
