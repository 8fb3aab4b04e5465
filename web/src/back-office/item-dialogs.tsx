/**
 * Changing the catalogue: an item's name, HSN/SAC, unit, rate category, its category, brand and
 * collection (what offers name) and whether it is sold;
 * a variant's barcode, price, MRP and whether it is sold; and the stock of a variant in a store
 * (received, counted, damaged, lost ..., each a recorded movement, never an overwrite).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogApi, variantName, type ItemView, type VariantView } from '../api/catalog.api';
import { Dialog } from '../shell/dialog';
import { MoneyInput } from '../shell/money-input';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';
import { groupsPatch, ItemGroupsFields, type ItemGroups } from './item-groups-fields';

export const adjustmentReasons = ['received', 'count', 'damaged', 'lost', 'opening', 'other'] as const;

interface Done {
  onDone: () => void;
  onClose: () => void;
}

function Buttons({ busy, onClose }: { busy: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <button type="submit" className="primary" disabled={busy}>
        {t('common.save')}
      </button>
      <button type="button" className="secondary" onClick={onClose}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

export function ItemDialog({ item, onDone, onClose }: Done & { item: ItemView }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    name: item.name,
    hsnSac: item.hsnSac,
    uqc: item.uqc,
    rateCategory: item.rateCategory,
    active: item.active,
  });
  const [groups, setGroups] = useState<ItemGroups>({
    category: item.category ?? '',
    brand: item.brand ?? '',
    collection: item.collection ?? '',
  });
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await catalogApi.updateItem(item.id, { ...form, ...groupsPatch(groups) });
      onDone();
    });
  };
  const text = (name: 'name' | 'hsnSac' | 'uqc' | 'rateCategory', label: string) => (
    <div className="field">
      <label htmlFor={`item-${name}`}>{label}</label>
      <input
        id={`item-${name}`}
        required
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </div>
  );
  return (
    <Dialog title={t('items.editItem', { name: item.name })} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        {text('name', t('items.name'))}
        {text('hsnSac', t('docs.hsn'))}
        {text('uqc', t('items.unit'))}
        {text('rateCategory', t('items.rateCategory'))}
        <ItemGroupsFields idPrefix="item" groups={groups} onChange={setGroups} />
        <label className="check">
          <input
            type="checkbox"
            checked={form.active}
            onChange={(e) => setForm({ ...form, active: e.target.checked })}
          />
          {t('items.sold')}
        </label>
        <ErrorMessage error={action.error} />
        <Buttons busy={action.busy} onClose={onClose} />
      </form>
    </Dialog>
  );
}

export function VariantDialog({
  item,
  variant,
  onDone,
  onClose,
}: Done & { item: ItemView; variant: VariantView }) {
  const { t } = useTranslation();
  const [barcode, setBarcode] = useState(variant.barcode ?? '');
  const [price, setPrice] = useState(variant.pricePaise);
  const [mrp, setMrp] = useState(variant.mrpPaise ?? 0);
  const [active, setActive] = useState(variant.active);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await catalogApi.updateVariant(item.id, variant.id, {
        barcode: barcode.trim() === '' ? null : barcode.trim(),
        pricePaise: price,
        mrpPaise: mrp === 0 ? null : mrp,
        active,
      });
      onDone();
    });
  };
  return (
    <Dialog title={t('items.editVariant', { name: variantName(item, variant) })} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="variant-barcode">{t('items.barcode')}</label>
          <input
            id="variant-barcode"
            value={barcode}
            maxLength={64}
            onChange={(e) => setBarcode(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="variant-price">{t('items.price')}</label>
          <MoneyInput id="variant-price" value={price} onAmount={setPrice} live required />
        </div>
        <div className="field">
          <label htmlFor="variant-mrp">{t('items.mrp')}</label>
          <MoneyInput id="variant-mrp" value={mrp} onAmount={setMrp} live />
        </div>
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t('items.sold')}
        </label>
        <ErrorMessage error={action.error} />
        <Buttons busy={action.busy} onClose={onClose} />
      </form>
    </Dialog>
  );
}

export function StockDialog({
  item,
  variant,
  storeId,
  onHand,
  onDone,
  onClose,
}: Done & { item: ItemView; variant: VariantView; storeId: string; onHand: number }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<(typeof adjustmentReasons)[number]>('received');
  const [change, setChange] = useState('');
  const action = useAction();
  const quantity = Number(change);
  const valid = change.trim() !== '' && Number.isFinite(quantity) && quantity !== 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    void action.run(async () => {
      await catalogApi.adjust(storeId, reason, [{ variantId: variant.id, quantity }]);
      onDone();
    });
  };
  return (
    <Dialog title={t('items.adjustTitle', { name: variantName(item, variant) })} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <p>{t('items.onHand', { count: onHand })}</p>
        <div className="field">
          <label htmlFor="stock-reason">{t('items.reason')}</label>
          <select
            id="stock-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value as typeof reason)}
          >
            {adjustmentReasons.map((r) => (
              <option key={r} value={r}>
                {t(`items.reasons.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="stock-change">{t('items.change')}</label>
          <input
            id="stock-change"
            type="number"
            step="any"
            required
            value={change}
            aria-describedby="stock-change-hint"
            onChange={(e) => setChange(e.target.value)}
          />
          <p id="stock-change-hint" className="hint">
            {t('items.changeHint')}
          </p>
        </div>
        {valid && <p>{t('items.after', { count: onHand + quantity })}</p>}
        <ErrorMessage error={action.error} />
        <Buttons busy={action.busy || !valid} onClose={onClose} />
      </form>
    </Dialog>
  );
}
