/**
 * Agri-input billing (server: /api/v1): a farmer's khata through the season, the statement PDF
 * and the shop's khata settings. Types come from the server's modules (import type only).
 */
import type { KhataPosition } from '../../../src/domain/agri/khata';
import type { KhataSettings } from '../../../src/modules/agri/khata.service';
import type { StatementLanguage } from '../../../src/modules/agri/statement-pdf';
import type { LicenceInput, LicenceView } from '../../../src/modules/agri/licence.service';
import type { LicenceKind } from '../../../src/modules/agri/batch.repository';
import type { AgriSettings } from '../../../src/modules/agri/agri-settings.service';
import type { SaleRules, SaleLicence } from '../../../src/modules/agri/sale-rules';
import type { CategoryRuleView } from '../../../src/modules/agri/batch.service';
import { api, downloadFile } from './api-client';

export type {
  AgriSettings,
  CategoryRuleView,
  KhataPosition,
  KhataSettings,
  LicenceInput,
  LicenceKind,
  LicenceView,
  SaleLicence,
  SaleRules,
  StatementLanguage,
};

export const licenceKindList: readonly LicenceKind[] = ['pesticide', 'fertiliser', 'seed'];

const id = (value: string) => encodeURIComponent(value);

export const agriApi = {
  khata: (customerId: string) => api<KhataPosition>('GET', `/customers/${id(customerId)}/khata`),
  statement: (customerId: string, period: { from: string; to: string; lang: StatementLanguage }) =>
    downloadFile('GET', `/customers/${id(customerId)}/statement?${new URLSearchParams(period).toString()}`),
  khataSettings: () => api<KhataSettings>('GET', '/agri/khata-settings'),
  saveKhataSettings: (settings: KhataSettings) => api<KhataSettings>('PUT', '/agri/khata-settings', settings),
  licences: (storeId: string) => api<{ licences: LicenceView[] }>('GET', `/stores/${id(storeId)}/licences`),
  saveLicence: (storeId: string, kind: LicenceKind, licence: LicenceInput) =>
    api<LicenceView>('PUT', `/stores/${id(storeId)}/licences/${kind}`, licence),
  removeLicence: (storeId: string, kind: LicenceKind) =>
    api<void>('DELETE', `/stores/${id(storeId)}/licences/${kind}`),
  saveCategoryRule: (rule: CategoryRuleView) => api<CategoryRuleView>('PUT', '/agri/category-rules', rule),
  settings: () => api<AgriSettings>('GET', '/agri/settings'),
  saveSettings: (settings: AgriSettings) => api<AgriSettings>('PUT', '/agri/settings', settings),
  saleRules: (storeId: string, variantIds: readonly string[]) =>
    api<SaleRules>(
      'GET',
      `/agri/sale-rules?${new URLSearchParams({ storeId, variantIds: variantIds.join(',') }).toString()}`,
    ),
};
