/**
 * Batches and expiry of agri inputs (server: /api/v1): category rules (which categories are sold
 * by batch), a variant's batches in a store (FEFO order), near-expiry batches, the segregated
 * expired stock and its disposal, and the insecticide stock register (CSV or PDF).
 */
import type { BatchView, CategoryRuleView, DisposalReason } from '../../../src/modules/agri/batch.service';
import { api, downloadFile } from '../api/api-client';

export type { BatchView, CategoryRuleView, DisposalReason };

export const disposalReasonList: readonly DisposalReason[] = [
  'returned_to_supplier',
  'destroyed',
  'handed_to_authority',
];

const id = (value: string) => encodeURIComponent(value);

export const batchesApi = {
  categoryRules: () => api<{ rules: CategoryRuleView[] }>('GET', '/agri/category-rules'),
  ofVariant: (storeId: string, variantId: string) =>
    api<{ batches: BatchView[] }>(
      'GET',
      `/stock/batches?${new URLSearchParams({ storeId, variantId }).toString()}`,
    ),
  ofStore: (storeId: string) =>
    api<{ batches: BatchView[] }>('GET', `/stock/batches?${new URLSearchParams({ storeId }).toString()}`),
  /** Near-expiry batches within the shop's own window (`days` in the answer). */
  nearExpiry: () => api<{ days: number; batches: BatchView[] }>('GET', '/stock/batches/near-expiry'),
  segregate: (storeId: string) =>
    api<{ batches: BatchView[] }>('POST', '/stock/batches/segregate-expired', { storeId }),
  dispose: (batchId: string, reason: DisposalReason) =>
    api<BatchView>('POST', `/stock/batches/${id(batchId)}/dispose`, { reason }),
  register: (
    format: 'csv' | 'pdf',
    query: { storeId: string; variantId: string; from: string; to: string },
  ) =>
    downloadFile(
      'GET',
      `/stock/registers/insecticide${format === 'pdf' ? '.pdf' : ''}?${new URLSearchParams(query).toString()}`,
    ),
};
