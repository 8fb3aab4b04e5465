/**
 * The batch columns of the goods receipt for items whose category is kept by batch (set per
 * category in the shop's rules): batch or lot number, manufacturing date and expiry date of each
 * received size. Required there; checked before sending (a missing batch or expiry, or an expiry
 * before manufacture, names the row in the shopkeeper's words) and sent with each line.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../shell/use-load';
import { batchesApi } from './batches.api';

interface BatchDraft {
  batchNo: string;
  mfgDate: string;
  expiryDate: string;
}

const empty: BatchDraft = { batchNo: '', mfgDate: '', expiryDate: '' };
const loadRules = async () => (await batchesApi.categoryRules()).rules;

export function useBatchColumns(category: string | null) {
  const { t } = useTranslation();
  const rules = useLoad(loadRules);
  const needed =
    category !== null && rules.data?.some((r) => r.category === category && r.needsBatch) === true;
  const [drafts, setDrafts] = useState<Record<string, BatchDraft>>({});
  const draftOf = (variantId: string) => drafts[variantId] ?? empty;
  const set = (variantId: string, change: Partial<BatchDraft>) =>
    setDrafts({ ...drafts, [variantId]: { ...draftOf(variantId), ...change } });

  return {
    needed,
    notice: needed ? <p className="message">{t('batches.receive.needed', { category })}</p> : null,
    headers: needed ? (
      <>
        <th scope="col">{t('batches.receive.batchNo')}</th>
        <th scope="col">{t('batches.receive.mfgDate')}</th>
        <th scope="col">{t('batches.receive.expiryDate')}</th>
      </>
    ) : null,
    cells: (variantId: string, variant: string) =>
      needed ? (
        <>
          <td>
            <input
              maxLength={30}
              aria-label={t('batches.receive.batchNoOf', { variant })}
              value={draftOf(variantId).batchNo}
              onChange={(e) => set(variantId, { batchNo: e.target.value })}
            />
          </td>
          <td>
            <input
              type="date"
              aria-label={t('batches.receive.mfgDateOf', { variant })}
              value={draftOf(variantId).mfgDate}
              onChange={(e) => set(variantId, { mfgDate: e.target.value })}
            />
          </td>
          <td>
            <input
              type="date"
              aria-label={t('batches.receive.expiryDateOf', { variant })}
              value={draftOf(variantId).expiryDate}
              onChange={(e) => set(variantId, { expiryDate: e.target.value })}
            />
          </td>
        </>
      ) : null,
    /** The shopkeeper's message for the first line whose batch is missing or wrong, else null. */
    problem: (lines: readonly { variantId: string; name: string }[]): string | null => {
      if (!needed) return null;
      for (const line of lines) {
        const d = draftOf(line.variantId);
        if (d.batchNo.trim() === '') return t('batches.receive.missingBatch', { variant: line.name });
        if (d.expiryDate === '') return t('batches.receive.missingExpiry', { variant: line.name });
        if (d.mfgDate !== '' && d.expiryDate < d.mfgDate)
          return t('batches.receive.expiryBeforeMfg', { variant: line.name });
      }
      return null;
    },
    /** The batch to send with a line (only for categories kept by batch). */
    batchOf: (variantId: string) => {
      if (!needed) return {};
      const d = draftOf(variantId);
      return {
        batch: {
          batchNo: d.batchNo.trim(),
          expiryDate: d.expiryDate,
          ...(d.mfgDate === '' ? {} : { mfgDate: d.mfgDate }),
        },
      };
    },
  };
}
