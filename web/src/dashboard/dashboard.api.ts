/** The dashboard's charts from GET /api/v1/reports/dashboard (the last 30 IST days, in paise). */
import { api } from '../api/api-client';

export interface DashboardStats {
  from: string;
  to: string;
  days: { date: string; netPaise: number; invoices: number }[];
  payments: { method: string; netPaise: number }[];
  items: { itemId: string; name: string; netPaise: number; quantityMilli: number }[];
  stores: { storeId: string; name: string; netPaise: number; invoices: number }[];
  netPaise: number;
}

export const dashboardApi = {
  stats: () => api<DashboardStats>('GET', '/reports/dashboard'),
};
