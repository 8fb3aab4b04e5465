/**
 * A batch's recall and the khata guarantor (server: /api/v1): the batch list with sold-out batches,
 * a batch's sales and who the recall notice reaches (counts only), the farmers to contact behind
 * a reason (and a recent password), sending the notice, and the guarantor's name (masked, saved,
 * removed, revealed behind a reason). Revealed names and phones stay on screen only.
 */
import type { BatchView } from '../../../src/modules/agri/batch.service';
import type { GuarantorView } from '../../../src/modules/agri/khata-guarantor.service';
import type { RecallAudience, RecallFarmer, RecallSale } from '../../../src/modules/agri/recall.service';
import type { RevealReasonCategory } from '../api/customers.api';
import { api } from '../api/api-client';

export type { GuarantorView, RecallAudience, RecallFarmer, RecallSale };

export interface Reason {
  category: RevealReasonCategory;
  text: string;
}

export interface BatchRecall {
  batch: { batchNo: string; itemName: string; expiryDate: string };
  sales: RecallSale[];
  audience: RecallAudience;
}

const id = (value: string) => encodeURIComponent(value);

export const recallApi = {
  batches: (storeId: string) =>
    api<{ batches: BatchView[] }>(
      'GET',
      `/stock/batches?${new URLSearchParams({ storeId, includeEmpty: 'true' }).toString()}`,
    ),
  recall: (batchId: string) => api<BatchRecall>('GET', `/recalls/batches/${id(batchId)}`),
  farmers: (batchId: string, reason: Reason) =>
    api<{ farmers: RecallFarmer[] }>('POST', `/recalls/batches/${id(batchId)}/farmers`, { reason }),
  send: (batchId: string) =>
    api<RecallAudience & { queued: number }>('POST', `/recalls/batches/${id(batchId)}/notice`),
};

export const guarantorApi = {
  view: (customerId: string) => api<GuarantorView>('GET', `/customers/${id(customerId)}/khata/guarantor`),
  set: (customerId: string, name: string | null) =>
    api<GuarantorView>('PUT', `/customers/${id(customerId)}/khata/guarantor`, { name }),
  reveal: (customerId: string, reason: Reason) =>
    api<{ name: string }>('POST', `/customers/${id(customerId)}/khata/guarantor/reveal`, { reason }),
};
