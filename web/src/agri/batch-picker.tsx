/**
 * The counter's batch picker (issue 17): for each cart line of an item kept by batch, the batch
 * sold first (earliest expiry) with its expiry date, a list to choose another (a native select:
 * keyboard and mouse), a warning when the chosen batch expires within the shop's near-expiry
 * window, and expired batches shown but never choosable, with a plain message when only expired
 * stock is left.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartAction, CartLine } from '../counter/cart';
import { formatDateOnly } from '../format/dates';
import { batchesApi, type BatchView } from './batches.api';

export interface BatchPickerProps {
  lines: readonly CartLine[];
  storeId: string | null;
  dispatch: (action: CartAction) => void;
}

export function BatchPicker({ lines, storeId, dispatch }: BatchPickerProps) {
  const { t } = useTranslation();
  // Batches per variant, fetched once per sale (cleared when the cart empties or the store changes).
  const [known, setKnown] = useState<{ storeId: string | null; batches: Record<string, BatchView[]> }>({
    storeId: null,
    batches: {},
  });
  const batches = known.storeId === storeId ? known.batches : {};
  const variantIds = lines.map((l) => l.itemId);
  const missing = variantIds.filter((v) => batches[v] === undefined).join(',');
  useEffect(() => {
    if (storeId === null || missing === '') return;
    let live = true;
    for (const variantId of missing.split(','))
      void batchesApi.ofVariant(storeId, variantId).then(
        (r) => {
          if (live)
            setKnown((k) => ({
              storeId,
              batches: { ...(k.storeId === storeId ? k.batches : {}), [variantId]: r.batches },
            }));
        },
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [storeId, missing]);
  // A new sale asks again (stock moved with the last one).
  if (lines.length === 0 && known.storeId !== null) setKnown({ storeId: null, batches: {} });

  const tracked = lines.filter((l) => (batches[l.itemId]?.length ?? 0) > 0);
  if (tracked.length === 0) return null;
  return (
    <section aria-labelledby="batch-picker-title" data-testid="batch-picker">
      <h2 id="batch-picker-title">{t('batches.picker.title')}</h2>
      <p>{t('batches.picker.firstExpiry')}</p>
      {tracked.map((line) => (
        <BatchLine key={line.itemId} line={line} batches={batches[line.itemId] ?? []} dispatch={dispatch} />
      ))}
    </section>
  );
}

function BatchLine({
  line,
  batches,
  dispatch,
}: {
  line: CartLine;
  batches: readonly BatchView[];
  dispatch: (action: CartAction) => void;
}) {
  const { t } = useTranslation();
  const sellable = batches.filter((b) => !b.expired && b.quantity > 0);
  const expired = batches.filter((b) => b.expired);
  const first = sellable[0];
  const chosen = sellable.find((b) => b.id === line.batchId) ?? first;
  const selectId = `batch-of-${line.itemId}`;
  if (chosen === undefined)
    return (
      <p className="message message-error" role="alert" data-testid="batch-line">
        {expired.length > 0
          ? t('batches.picker.onlyExpired', { name: line.name })
          : t('batches.picker.noBatch', { name: line.name })}
      </p>
    );
  return (
    <div className="field" data-testid="batch-line">
      <label htmlFor={selectId}>{t('batches.picker.batchOf', { name: line.name })}</label>
      <select
        id={selectId}
        value={chosen.id}
        onChange={(e) =>
          dispatch({
            type: 'setBatch',
            itemId: line.itemId,
            batchId: e.target.value === first?.id ? null : e.target.value,
          })
        }
      >
        {sellable.map((b) => (
          <option key={b.id} value={b.id}>
            {t('batches.picker.option', {
              batch: b.batchNo,
              date: formatDateOnly(b.expiryDate),
              count: b.quantity,
            })}
          </option>
        ))}
        {expired.map((b) => (
          <option key={b.id} value={b.id} disabled>
            {t('batches.picker.expiredOption', { batch: b.batchNo, date: formatDateOnly(b.expiryDate) })}
          </option>
        ))}
      </select>
      <p data-testid="batch-expiry">
        {t('batches.picker.expires', { date: formatDateOnly(chosen.expiryDate) })}
      </p>
      {chosen.nearExpiry && (
        <p className="message warn" role="status" data-testid="batch-near-expiry">
          {chosen.daysLeft === 0
            ? t('batches.picker.expiresToday')
            : t('batches.picker.nearExpiry', { count: chosen.daysLeft })}
        </p>
      )}
    </div>
  );
}
