/**
 * Barcode labels for an item's sizes and colours as a PDF sheet: the label size (65 or 24 on an
 * A4 sheet), where the first free label of a partly used sheet is, and how many of each. Opened
 * from the items page and after goods are received (one label per piece received). Sizes and
 * colours without a barcode are given the shop's own when the sheet is printed.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { variantName, type ItemView } from '../api/catalog.api';
import { downloadFile } from '../api/api-client';
import { Dialog } from '../shell/dialog';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';

type Layout = 'a4-65' | 'a4-24';
const PER_SHEET: Record<Layout, number> = { 'a4-65': 65, 'a4-24': 24 };

export function LabelsDialog({
  item,
  copies: initial,
  onDone,
  onClose,
}: {
  item: ItemView;
  /** Labels per variant to start with (received quantities); one each when omitted. */
  copies?: Record<string, number>;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const variants = item.variants.filter((v) => v.active);
  const [layout, setLayout] = useState<Layout>('a4-65');
  const [startAt, setStartAt] = useState('1');
  const [copies, setCopies] = useState<Record<string, string>>(() =>
    Object.fromEntries(variants.map((v) => [v.id, String(Math.max(0, Math.ceil(initial?.[v.id] ?? 1)))])),
  );
  const action = useAction();
  const lines = variants
    .map((v) => ({ variantId: v.id, copies: Number(copies[v.id] ?? '0') }))
    .filter((l) => Number.isInteger(l.copies) && l.copies > 0);
  const start = Number(startAt);
  const startValid = Number.isInteger(start) && start >= 1 && start <= PER_SHEET[layout];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await downloadFile('POST', '/items/labels', {
        layout,
        startAt: start,
        lines,
        language: i18n.language.startsWith('hi') ? 'hi' : 'en',
      });
      onDone();
      return t('labels.printed', { count: lines.reduce((n, l) => n + l.copies, 0) });
    });
  };
  return (
    <Dialog title={t('labels.title', { name: item.name })} onClose={onClose} wide>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="labels-layout">{t('labels.layout')}</label>
            <select
              id="labels-layout"
              value={layout}
              data-autofocus
              onChange={(e) => setLayout(e.target.value === 'a4-24' ? 'a4-24' : 'a4-65')}
            >
              <option value="a4-65">{t('labels.layout65')}</option>
              <option value="a4-24">{t('labels.layout24')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="labels-start">{t('labels.startAt')}</label>
            <input
              id="labels-start"
              type="number"
              inputMode="numeric"
              min={1}
              max={PER_SHEET[layout]}
              value={startAt}
              aria-describedby="labels-start-hint"
              onChange={(e) => setStartAt(e.target.value)}
            />
            <p id="labels-start-hint" className="hint">
              {t('labels.startHint', { count: PER_SHEET[layout] })}
            </p>
          </div>
        </div>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('labels.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('newItem.variant')}</th>
                <th scope="col">{t('items.barcode')}</th>
                <th scope="col">{t('labels.copies')}</th>
              </tr>
            </thead>
            <tbody>
              {variants.map((v) => {
                const name = variantName(item, v);
                return (
                  <tr key={v.id}>
                    <th scope="row">{name}</th>
                    <td>{v.barcode === null ? t('newItem.barcodeAuto') : <code>{v.barcode}</code>}</td>
                    <td>
                      <input
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={2000}
                        aria-label={t('labels.copiesOf', { variant: name })}
                        value={copies[v.id] ?? '0'}
                        onChange={(e) => setCopies({ ...copies, [v.id]: e.target.value })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {!startValid && (
          <p className="message message-error" role="alert">
            {t('labels.startInvalid', { count: PER_SHEET[layout] })}
          </p>
        )}
        <ErrorMessage error={action.error} />
        <Notice>{action.notice}</Notice>
        <div className="row">
          <button
            type="submit"
            className="primary"
            disabled={action.busy || lines.length === 0 || !startValid}
          >
            {t('labels.print')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
