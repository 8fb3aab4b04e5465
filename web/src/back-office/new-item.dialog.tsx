/**
 * A new item with its variants as a size x colour grid: the sizes and colours typed once make the
 * rows; each row takes a barcode (scanned into the box, or left empty for one in the shop's own
 * range), a SKU, price, MRP and the opening stock in the chosen store; the item's category, brand
 * and collection (what offers name) are typed once for all. One request: the item, its
 * variants and their stock are created together or not at all.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { ItemView } from '../api/catalog.api';
import { FieldError, messageFor, namesAField } from '../first-run/field-error';
import { Dialog } from '../shell/dialog';
import { MoneyInput } from '../shell/money-input';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';
import { groupsPatch, ItemGroupsFields, type ItemGroups } from './item-groups-fields';

interface Cell {
  barcode: string;
  sku: string;
  pricePaise: number;
  mrpPaise: number;
  opening: string;
}

const loadCategories = async () =>
  (await api<{ categories: { id: string; name: string }[] }>('GET', '/billing/rates')).categories;

/** `S, M, L` -> ['S', 'M', 'L'] (empty parts dropped, repeats kept once). */
function parts(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    ),
  ];
}

export function NewItemDialog({
  storeId,
  onDone,
  onClose,
}: {
  storeId: string;
  onDone: (item: ItemView) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const categories = useLoad(loadCategories);
  const [name, setName] = useState('');
  const [hsn, setHsn] = useState('');
  const [category, setCategory] = useState('apparel');
  const [groups, setGroups] = useState<ItemGroups>({ category: '', brand: '', collection: '' });
  const [sizes, setSizes] = useState('');
  const [colours, setColours] = useState('');
  const [price, setPrice] = useState(0);
  const [mrp, setMrp] = useState(0);
  const [cells, setCells] = useState<Record<string, Cell>>({});
  const action = useAction();
  const rows = (() => {
    const s = parts(sizes);
    const c = parts(colours);
    const sizeList = s.length === 0 ? [''] : s;
    const colourList = c.length === 0 ? [''] : c;
    return sizeList.flatMap((size) =>
      colourList.map((colour) => ({ size, colour, key: `${size}|${colour}` })),
    );
  })();
  const cell = (key: string): Cell =>
    cells[key] ?? { barcode: '', sku: '', pricePaise: price, mrpPaise: mrp, opening: '' };
  const setCell = (key: string, patch: Partial<Cell>) =>
    setCells({ ...cells, [key]: { ...cell(key), ...patch } });
  const label = (row: { size: string; colour: string }) =>
    [row.size, row.colour].filter((p) => p !== '').join(' / ') || name;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const variants = rows.map((row) => {
        const c = cell(row.key);
        const opening = Number(c.opening);
        return {
          ...(row.size === '' ? {} : { size: row.size }),
          ...(row.colour === '' ? {} : { colour: row.colour }),
          ...(c.barcode.trim() === '' ? {} : { barcode: c.barcode.trim() }),
          ...(c.sku.trim() === '' ? {} : { sku: c.sku.trim() }),
          pricePaise: c.pricePaise,
          ...(c.mrpPaise === 0 ? {} : { mrpPaise: c.mrpPaise }),
          ...(c.opening.trim() === '' || !Number.isFinite(opening) ? {} : { openingQuantity: opening }),
        };
      });
      const opening = variants.some((v) => 'openingQuantity' in v);
      const item = await api<ItemView>('POST', '/items', {
        kind: 'goods',
        name,
        hsnSac: hsn.trim(),
        rateCategory: category,
        priceIncludesTax: true,
        ...groupsPatch(groups),
        generateBarcodes: true,
        ...(opening ? { openingStoreId: storeId } : {}),
        variants,
      });
      onDone(item);
    });
  };
  const top = ['name', 'hsnSac', 'rateCategory'];
  const rowError = (i: number) =>
    rows.length > 0 && action.error !== null ? messageFor(action.error, `variants.${String(i)}`) : null;
  return (
    <Dialog title={t('newItem.title')} onClose={onClose} wide>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="row wrap">
          <div className="field grow">
            <label htmlFor="new-item-name">{t('items.name')}</label>
            <input
              id="new-item-name"
              required
              maxLength={120}
              value={name}
              aria-invalid={messageFor(action.error, 'name') !== null}
              aria-describedby={messageFor(action.error, 'name') === null ? undefined : 'new-item-name-error'}
              onChange={(e) => setName(e.target.value)}
            />
            <FieldError
              id="new-item-name-error"
              label={t('items.name')}
              message={messageFor(action.error, 'name')}
            />
          </div>
          <div className="field">
            <label htmlFor="new-item-hsn">{t('newItem.hsn')}</label>
            <input
              id="new-item-hsn"
              required
              inputMode="numeric"
              maxLength={8}
              value={hsn}
              aria-invalid={messageFor(action.error, 'hsnSac') !== null}
              aria-describedby={
                messageFor(action.error, 'hsnSac') === null ? undefined : 'new-item-hsn-error'
              }
              onChange={(e) => setHsn(e.target.value)}
            />
            <FieldError
              id="new-item-hsn-error"
              label={t('newItem.hsn')}
              message={messageFor(action.error, 'hsnSac')}
            />
          </div>
          <div className="field">
            <label htmlFor="new-item-category">{t('items.rateCategory')}</label>
            <select id="new-item-category" value={category} onChange={(e) => setCategory(e.target.value)}>
              {(categories.data ?? [{ id: 'apparel', name: 'Apparel' }]).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ItemGroupsFields idPrefix="new-item" groups={groups} onChange={setGroups} />
        <div className="row wrap">
          <div className="field grow">
            <label htmlFor="new-item-sizes">{t('newItem.sizes')}</label>
            <input
              id="new-item-sizes"
              value={sizes}
              placeholder="S, M, L"
              onChange={(e) => setSizes(e.target.value)}
            />
          </div>
          <div className="field grow">
            <label htmlFor="new-item-colours">{t('newItem.colours')}</label>
            <input
              id="new-item-colours"
              value={colours}
              placeholder={t('newItem.coloursExample')}
              onChange={(e) => setColours(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="new-item-price">{t('newItem.priceForAll')}</label>
            <MoneyInput id="new-item-price" value={price} onAmount={setPrice} live />
          </div>
          <div className="field">
            <label htmlFor="new-item-mrp">{t('newItem.mrpForAll')}</label>
            <MoneyInput id="new-item-mrp" value={mrp} onAmount={setMrp} live />
          </div>
        </div>
        <p className="hint">{t('newItem.gridHint', { count: rows.length })}</p>
        <div className="table-wrap">
          <table data-testid="variant-grid">
            <caption className="visually-hidden">{t('newItem.gridCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('newItem.variant')}</th>
                <th scope="col">{t('items.barcode')}</th>
                <th scope="col">{t('newItem.sku')}</th>
                <th scope="col">{t('items.price')}</th>
                <th scope="col">{t('items.mrp')}</th>
                <th scope="col">{t('newItem.opening')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const c = cell(row.key);
                const what = label(row);
                const problem = rowError(i);
                return (
                  <tr key={row.key}>
                    <th scope="row">
                      {what}
                      <FieldError
                        id={`new-item-row-${String(i)}-error`}
                        label={what}
                        message={problem}
                        labels={{
                          [`variants.${String(i)}.barcode`]: t('newItem.barcodeOf', { variant: what }),
                          [`variants.${String(i)}.sku`]: t('newItem.skuOf', { variant: what }),
                          [`variants.${String(i)}.pricePaise`]: t('newItem.priceOf', { variant: what }),
                          [`variants.${String(i)}.mrpPaise`]: t('newItem.mrpOf', { variant: what }),
                          [`variants.${String(i)}.openingQuantity`]: t('newItem.openingOf', {
                            variant: what,
                          }),
                        }}
                      />
                    </th>
                    <td>
                      <input
                        aria-label={t('newItem.barcodeOf', { variant: what })}
                        aria-invalid={problem?.field?.endsWith('.barcode') === true}
                        aria-describedby={
                          problem?.field?.endsWith('.barcode') === true
                            ? `new-item-row-${String(i)}-error`
                            : undefined
                        }
                        placeholder={t('newItem.barcodeAuto')}
                        maxLength={64}
                        value={c.barcode}
                        onChange={(e) => setCell(row.key, { barcode: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={t('newItem.skuOf', { variant: what })}
                        aria-invalid={problem?.field?.endsWith('.sku') === true}
                        aria-describedby={
                          problem?.field?.endsWith('.sku') === true
                            ? `new-item-row-${String(i)}-error`
                            : undefined
                        }
                        maxLength={64}
                        value={c.sku}
                        onChange={(e) => setCell(row.key, { sku: e.target.value })}
                      />
                    </td>
                    <td>
                      <MoneyInput
                        aria-label={t('newItem.priceOf', { variant: what })}
                        value={c.pricePaise}
                        onAmount={(p) => setCell(row.key, { pricePaise: p })}
                        live
                      />
                    </td>
                    <td>
                      <MoneyInput
                        aria-label={t('newItem.mrpOf', { variant: what })}
                        value={c.mrpPaise}
                        onAmount={(p) => setCell(row.key, { mrpPaise: p })}
                        live
                      />
                    </td>
                    <td>
                      <input
                        aria-label={t('newItem.openingOf', { variant: what })}
                        type="number"
                        min={0}
                        step="any"
                        value={c.opening}
                        onChange={(e) => setCell(row.key, { opening: e.target.value })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {namesAField(action.error, top) || rows.some((_, i) => rowError(i) !== null) ? null : (
          <ErrorMessage error={action.error} />
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={action.busy || name.trim() === ''}>
            {t('newItem.create')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
