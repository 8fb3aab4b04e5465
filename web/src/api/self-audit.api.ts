/** Security audit and access review calls (server: /api/v1/security-audits, /api/v1/access-reviews). */
import { api } from './api-client';
import type {
  CheckInfo,
  RunDetail,
  RunSummary,
} from '../../../src/modules/security-audit/security-audit.types';
import type {
  CampaignView,
  ItemView,
  ReviewSettingsView,
} from '../../../src/modules/access-review/access-review.types';

export type {
  CheckInfo,
  CheckResult,
  RunDetail,
  RunSummary,
} from '../../../src/modules/security-audit/security-audit.types';
export type {
  CampaignView,
  ItemView,
  ReviewSettingsView,
} from '../../../src/modules/access-review/access-review.types';

const id = encodeURIComponent;

export const selfAuditApi = {
  runs: () => api<{ runs: RunSummary[] }>('GET', '/security-audits?limit=52'),
  run: (runId: string) => api<{ run: RunDetail }>('GET', `/security-audits/${id(runId)}`),
  runNow: () => api<{ run: RunSummary }>('POST', '/security-audits'),
  checks: () => api<{ checks: CheckInfo[] }>('GET', '/security-audits/checks'),
  /** Where a signed export downloads from (a plain link: the session cookie goes with it). */
  exportUrl: (runId: string, format: 'json' | 'pdf') =>
    `/api/v1/security-audits/${id(runId)}/export?format=${format}`,
};

export const reviewApi = {
  campaigns: () => api<{ campaigns: CampaignView[] }>('GET', '/access-reviews'),
  campaign: (campaignId: string) =>
    api<{ campaign: CampaignView; items: ItemView[] }>('GET', `/access-reviews/${id(campaignId)}`),
  start: () => api<{ campaign: CampaignView }>('POST', '/access-reviews'),
  decide: (campaignId: string, itemId: string, decision: 'confirm' | 'remove') =>
    api<{ campaign: CampaignView }>(
      'POST',
      `/access-reviews/${id(campaignId)}/items/${id(itemId)}/decision`,
      {
        decision,
      },
    ),
  settings: () => api<ReviewSettingsView>('GET', '/access-reviews/settings'),
  saveSettings: (settings: ReviewSettingsView) =>
    api<ReviewSettingsView>('PUT', '/access-reviews/settings', settings),
};
