/**
 * Goods received from a supplier for one item: the supplier, its invoice number and date, and for
 * each size and colour the quantity received and the unit cost (and, for categories kept by batch,
 * the batch number, manufacturing and expiry dates). Saved as one goods receipt that adds the
 * stock to the store; a refused line names the row.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBatchColumns } from '../agri/batch-receipt-fields';
import { api } from '../api/api-client';
import { variantName, type ItemView } from '../api/catalog.api';
import { FieldError, messageFor, namesAField } from '../first-run/field-error';
import { Dialog } from '../shell/dialog';
import { MoneyInput } from '../shell/money-input';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';

/** Today as an IST calendar date (`YYYY-MM-DD`). */
function istToday(): string {
  return new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
}

export function ReceiveGoodsDialog({
  item,
  storeId,
  onDone,
  onClose,
}: {
  item: ItemView;
  storeId: string;
  /** What was received: a summary sentence and the quantity per variant (for labels). */
  onDone: (summary: string, received: Record<string, number>) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const variants = item.variants.filter((v) => v.active);
  const [supplier, setSupplier] = useState('');
  const [invoiceNo, setInvoiceNo] = useState('');
  const [invoiceDate, setInvoiceDate] = useState(istToday);
  const [qty, setQty] = useState<Record<string, string>>({});
  const [cost, setCost] = useState<Record<string, number>>({});
  const action = useAction();
  const batches = useBatchColumns(item.category);
  const [batchProblem, setBatchProblem] = useState<string | null>(null);
  const lines = variants
    .map((v) => ({ variantId: v.id, quantity: Number(qty[v.id] ?? ''), unitCostPaise: cost[v.id] ?? 0 }))
    .filter((l) => Number.isFinite(l.quantity) && l.quantity !== 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = batches.problem(
      variants
        .filter((v) => lines.some((l) => l.variantId === v.id))
        .map((v) => ({ variantId: v.id, name: variantName(item, v) })),
    );
    setBatchProblem(problem);
    if (problem !== null) return;
    void action.run(async () => {
      await api('POST', '/stock/receipts', {
        storeId,
        supplierName: supplier,
        supplierInvoiceNo: invoiceNo.trim(),
        supplierInvoiceDate: invoiceDate,
        lines: lines.map((l) => ({ ...l, ...batches.batchOf(l.variantId) })),
      });
      onDone(
        t('receive.done', { count: lines.reduce((n, l) => n + l.quantity, 0), name: item.name }),
        Object.fromEntries(lines.map((l) => [l.variantId, l.quantity])),
      );
    });
  };
  const field = (id: string, key: string, label: string, input: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
      <FieldError id={`${id}-error`} label={label} message={messageFor(action.error, key)} />
    </div>
  );
  return (
    <Dialog title={t('receive.title', { name: item.name })} onClose={onClose} wide>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="row wrap">
          {field(
            'receive-supplier',
            'supplierName',
            t('receive.supplier'),
            <input
              id="receive-supplier"
              required
              maxLength={100}
              value={supplier}
              onChange={(e) => setSupplier(e.target.value)}
            />,
          )}
          {field(
            'receive-invoice',
            'supplierInvoiceNo',
            t('receive.invoiceNo'),
            <input
              id="receive-invoice"
              required
              maxLength={16}
              value={invoiceNo}
              onChange={(e) => setInvoiceNo(e.target.value)}
            />,
          )}
          {field(
            'receive-date',
            'supplierInvoiceDate',
            t('receive.invoiceDate'),
            <input
              id="receive-date"
              type="date"
              required
              value={invoiceDate}
              onChange={(e) => setInvoiceDate(e.target.value)}
            />,
          )}
        </div>
        {batches.notice}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('newItem.variant')}</th>
                <th scope="col">{t('receive.quantity')}</th>
                <th scope="col">{t('receive.unitCost')}</th>
                {batches.headers}
              </tr>
            </thead>
            <tbody>
              {variants.map((v) => {
                const name = variantName(item, v);
                return (
                  <tr key={v.id}>
                    <th scope="row">{name}</th>
                    <td>
                      <input
                        type="number"
                        min={0}
                        step="any"
                        aria-label={t('receive.quantityOf', { variant: name })}
                        value={qty[v.id] ?? ''}
                        onChange={(e) => setQty({ ...qty, [v.id]: e.target.value })}
                      />
                    </td>
                    <td>
                      <MoneyInput
                        aria-label={t('receive.unitCostOf', { variant: name })}
                        value={cost[v.id] ?? 0}
                        onAmount={(p) => setCost({ ...cost, [v.id]: p })}
                        live
                      />
                    </td>
                    {batches.cells(v.id, name)}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {batchProblem !== null && (
          <p className="message message-error" role="alert" data-testid="receive-batch-problem">
            {batchProblem}
          </p>
        )}
        {namesAField(action.error, ['supplierName', 'supplierInvoiceNo', 'supplierInvoiceDate']) ? null : (
          <ErrorMessage error={action.error} />
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={action.busy || lines.length === 0}>
            {t('receive.save')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
