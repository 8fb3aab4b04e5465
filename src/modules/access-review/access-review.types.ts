/**
 * The shapes of access reviews the API returns: campaigns with their counts and the items a
 * reviewer sees. Plain types without imports, so the web app uses the same definitions.
 */

export interface CampaignView {
  id: string;
  period: string;
  trigger: string;
  status: string;
  createdAt: string;
  dueAt: string;
  closedAt: string | null;
  escalatedAt: string | null;
  counts: { total: number; confirmed: number; removed: number; pending: number };
}

export interface ItemView {
  id: string;
  userId: string;
  userName: string | null;
  role: string;
  storeId: string;
  storeName: string | null;
  reviewer: 'owners' | 'store_managers';
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  escalated: boolean;
  lastActiveAt: string | null;
  mayDecide: boolean;
}

export interface ReviewSettingsView {
  frequencyMonths: 1 | 3 | 6 | 12;
  dueDays: number;
}
