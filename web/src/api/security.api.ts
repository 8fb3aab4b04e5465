/**
 * The audit trail and the alerts (server: /api/v1/audit/..., /alerts, /settings/monitoring,
 * /settings/alerts). Reading the trail needs `audit.read`, alerts `monitoring.read`.
 */
import type { EntryView } from '../../../src/modules/audit/audit.service';
import type { VerifyResult } from '../../../src/modules/audit/audit-verify';
import type { AlertView } from '../../../src/modules/monitoring/alert.service';
import type { MonitoringSettings } from '../../../src/modules/monitoring/monitoring-settings';
import type {
  AlertChannelsInput,
  AlertChannelsView,
} from '../../../src/modules/notify/alert-channels.service';
import { api, apiFile } from './api-client';

export type { AlertChannelsInput, AlertChannelsView, AlertView, EntryView, MonitoringSettings, VerifyResult };

/** The trail's filters, as the API takes them (all optional). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  actionPrefix?: string;
  objectType?: string;
  objectId?: string;
  outcome?: 'success' | 'failure' | 'denied';
  from?: string;
  to?: string;
}

const query = (values: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
};

export const auditApi = {
  entries: (filter: AuditFilter, beforeSeq?: number) =>
    api<{ entries: EntryView[]; nextBeforeSeq: number | null }>(
      'GET',
      `/audit/entries?${query({ ...filter, limit: 50, beforeSeq })}`,
    ),
  export: (filter: AuditFilter, format: 'csv' | 'json') =>
    apiFile('POST', '/audit/exports', { format, filter }),
  verify: () =>
    api<VerifyResult & { recorded: boolean; checkpointFileProblems: string[] }>('POST', '/audit/verify', {}),
};

export const alertsApi = {
  list: (status?: 'open' | 'acknowledged' | 'resolved') =>
    api<{ alerts: AlertView[] }>('GET', `/alerts?${query({ status, limit: 100 })}`),
  acknowledge: (alertId: string) =>
    api<{ alert: AlertView }>('POST', `/alerts/${encodeURIComponent(alertId)}/acknowledge`),
  resolve: (alertId: string) =>
    api<{ alert: AlertView }>('POST', `/alerts/${encodeURIComponent(alertId)}/resolve`),
  monitoring: () => api<MonitoringSettings>('GET', '/settings/monitoring'),
  saveMonitoring: (settings: MonitoringSettings) => api<void>('PUT', '/settings/monitoring', settings),
  channels: () => api<AlertChannelsView>('GET', '/settings/alerts'),
  saveChannels: (input: AlertChannelsInput) => api<AlertChannelsView>('PUT', '/settings/alerts', input),
};

/** The names of the shop's staff and stores by id, for screens that show who did what. */
export const namesApi = {
  get: () =>
    api<{ people: { id: string; name: string }[]; stores: { id: string; name: string }[] }>('GET', '/names'),
};
