/**
 * Agri-input billing (server: /api/v1): a farmer's khata through the season, the statement PDF
 * and the shop's khata settings. Types come from the server's modules (import type only).
 */
import type { KhataPosition } from '../../../src/domain/agri/khata';
import type { KhataSettings } from '../../../src/modules/agri/khata.service';
import type { StatementLanguage } from '../../../src/modules/agri/statement-pdf';
import { api, downloadFile } from './api-client';

export type { KhataPosition, KhataSettings, StatementLanguage };

const id = (value: string) => encodeURIComponent(value);

export const agriApi = {
  khata: (customerId: string) => api<KhataPosition>('GET', `/customers/${id(customerId)}/khata`),
  statement: (customerId: string, period: { from: string; to: string; lang: StatementLanguage }) =>
    downloadFile('GET', `/customers/${id(customerId)}/statement?${new URLSearchParams(period).toString()}`),
  khataSettings: () => api<KhataSettings>('GET', '/agri/khata-settings'),
  saveKhataSettings: (settings: KhataSettings) => api<KhataSettings>('PUT', '/agri/khata-settings', settings),
};
