/**
 * Items and stock: search the catalogue by name, see each variant's barcode, price and stock in
 * the chosen store; those who manage the catalogue edit items and variants, adjust stock with a
 * reason, and import items from a CSV file (with a report of every bad row).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BatchesLink } from '../agri/batches-link';
import { adminApi } from '../api/admin.api';
import { catalogApi, variantName, type ItemView, type VariantView } from '../api/catalog.api';
import { useSession } from '../auth/session';
import { formatRupees } from '../format/money';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useFetch, useLoad } from '../shell/use-load';
import { CsvImport } from './csv-import';
import { ItemDialog, StockDialog, VariantDialog } from './item-dialogs';
import { LabelsDialog } from './labels.dialog';
import { NewItemDialog } from './new-item.dialog';
import { ReceiveGoodsDialog } from './receive-goods.dialog';

const IMPORT_COLUMNS =
  'name, kind, hsn_sac, uqc, rate_category, price_includes_tax, price, mrp, barcode, sku, size, colour, opening_quantity, store';
/** Items per page (the API's default page). */
const ITEMS_PAGE = 50;
const loadStores = async () => (await adminApi.stores()).stores;

type Editing =
  | { kind: 'item'; item: ItemView }
  | { kind: 'variant'; item: ItemView; variant: VariantView }
  | { kind: 'stock'; item: ItemView; variant: VariantView }
  | { kind: 'new' }
  | { kind: 'receive'; item: ItemView }
  | { kind: 'labels'; item: ItemView; copies?: Record<string, number> }
  | null;

export default function ItemsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.permissions.has('catalog.manage');
  const stores = useLoad(loadStores);
  const [chosenStore, setChosenStore] = useState<string | null>(null);
  const storeId = chosenStore ?? stores.data?.[0]?.id ?? null;
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const key = `${query}|${String(includeInactive)}`;
  const items = useFetch(key, () => catalogApi.items({ q: query, includeInactive }));
  const [extra, setExtra] = useState<{ for: string; items: ItemView[]; more: boolean } | null>(null);
  const more = useAction();
  const pages = extra?.for === key ? extra : null;
  const shown = items.data === null ? null : [...items.data.items, ...(pages?.items ?? [])];
  const hasMore = pages === null ? items.data?.items.length === ITEMS_PAGE : pages.more;
  const loadMore = () =>
    void more.run(async () => {
      const after = shown?.[shown.length - 1]?.id;
      const page = await catalogApi.items({
        q: query,
        includeInactive,
        ...(after === undefined ? {} : { after }),
      });
      setExtra({
        for: key,
        items: [...(pages?.items ?? []), ...page.items],
        more: page.items.length === ITEMS_PAGE,
      });
    });
  const stock = useFetch(storeId ?? '', () =>
    storeId === null ? Promise.resolve({ levels: [] }) : catalogApi.stock(storeId),
  );
  const [editing, setEditing] = useState<Editing>(null);
  const [created, setCreated] = useState<string | null>(null);
  const onHand = (variantId: string) =>
    stock.data?.levels.find((l) => l.variantId === variantId)?.quantity ?? 0;
  const done = () => {
    setEditing(null);
    setExtra(null);
    void items.reload();
    void stock.reload();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(text.trim());
  };

  return (
    <div className="stack">
      <div className="row spread">
        <h1>{t('items.title')}</h1>
        {canManage && storeId !== null && (
          <button type="button" className="primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('newItem.add')}
          </button>
        )}
      </div>
      <BatchesLink />
      <Notice>{created}</Notice>
      <form className="row wrap" onSubmit={submit} role="search">
        <div className="field grow">
          <label htmlFor="items-find">{t('items.search')}</label>
          <input id="items-find" value={text} maxLength={60} onChange={(e) => setText(e.target.value)} />
        </div>
        {stores.data !== null && stores.data.length > 1 && (
          <div className="field">
            <label htmlFor="items-store">{t('counter.store')}</label>
            <select id="items-store" value={storeId ?? ''} onChange={(e) => setChosenStore(e.target.value)}>
              {stores.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={includeInactive}
            onChange={(e) => setIncludeInactive(e.target.checked)}
          />
          {t('items.showInactive')}
        </label>
        <button type="submit" className="primary">
          {t('customer.find')}
        </button>
      </form>
      <ErrorMessage error={items.error ?? stock.error ?? stores.error ?? more.error} />
      {shown !== null && (
        <div className="table-wrap">
          <table data-testid="items-table">
            <thead>
              <tr>
                <th scope="col">{t('items.name')}</th>
                <th scope="col">{t('items.barcode')}</th>
                <th scope="col" className="num">
                  {t('items.price')}
                </th>
                <th scope="col" className="num">
                  {t('items.mrp')}
                </th>
                <th scope="col" className="num">
                  {t('items.stock')}
                </th>
                {canManage && <th scope="col">{t('users.actions')}</th>}
              </tr>
            </thead>
            {shown.length === 0 && (
              <tbody>
                <tr>
                  <td colSpan={6} className="empty">
                    {t('items.none')}
                  </td>
                </tr>
              </tbody>
            )}
            {shown.map((item) => (
              <tbody key={item.id} className="item-group">
                <tr className="item-head">
                  <th scope="rowgroup" colSpan={canManage ? 5 : 6}>
                    {item.name}{' '}
                    <span className="hint">
                      {t('docs.hsn')} {item.hsnSac} · {item.rateCategory}
                    </span>{' '}
                    {!item.active && <span className="badge">{t('items.notSold')}</span>}
                  </th>
                  {canManage && (
                    <td>
                      <div className="row wrap">
                        <button
                          type="button"
                          className="small secondary"
                          aria-label={t('items.editItem', { name: item.name })}
                          onClick={() => setEditing({ kind: 'item', item })}
                        >
                          {t('items.edit')}
                        </button>
                        {item.kind === 'goods' && (
                          <button
                            type="button"
                            className="small secondary"
                            aria-label={t('receive.actionFor', { name: item.name })}
                            onClick={() => setEditing({ kind: 'receive', item })}
                          >
                            {t('receive.action')}
                          </button>
                        )}
                        {item.kind === 'goods' && (
                          <button
                            type="button"
                            className="small secondary"
                            aria-label={t('labels.actionFor', { name: item.name })}
                            onClick={() => setEditing({ kind: 'labels', item })}
                          >
                            {t('labels.action')}
                          </button>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
                {item.variants.map((v) => (
                  <tr key={v.id}>
                    <th scope="row" className="variant">
                      {variantName(item, v)}{' '}
                      {!v.active && <span className="badge">{t('items.notSold')}</span>}
                    </th>
                    <td>
                      <code>{v.barcode ?? '—'}</code>
                    </td>
                    <td className="num">{formatRupees(v.pricePaise)}</td>
                    <td className="num">{v.mrpPaise === null ? '—' : formatRupees(v.mrpPaise)}</td>
                    <td className="num">{onHand(v.id)}</td>
                    {canManage && (
                      <td>
                        <div className="row wrap">
                          <button
                            type="button"
                            className="small secondary"
                            aria-label={t('items.editVariant', { name: variantName(item, v) })}
                            onClick={() => setEditing({ kind: 'variant', item, variant: v })}
                          >
                            {t('items.edit')}
                          </button>
                          <button
                            type="button"
                            className="small secondary"
                            aria-label={t('items.adjustTitle', { name: variantName(item, v) })}
                            onClick={() => setEditing({ kind: 'stock', item, variant: v })}
                          >
                            {t('items.adjust')}
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      {hasMore && (
        <button type="button" className="secondary" disabled={more.busy} onClick={loadMore}>
          {t('common.more')}
        </button>
      )}
      {canManage && (
        <CsvImport
          title={t('items.import')}
          columns={IMPORT_COLUMNS}
          send={(csv, skipInvalid) => catalogApi.importItems(csv, skipInvalid, storeId ?? undefined)}
          onImported={() => {
            void items.reload();
            void stock.reload();
          }}
        />
      )}
      {editing?.kind === 'new' && storeId !== null && (
        <NewItemDialog
          storeId={storeId}
          onDone={(item) => {
            setCreated(t('newItem.created', { name: item.name, count: item.variants.length }));
            done();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'receive' && storeId !== null && (
        <ReceiveGoodsDialog
          item={editing.item}
          storeId={storeId}
          onDone={(summary, received) => {
            setCreated(summary);
            done();
            setEditing({ kind: 'labels', item: editing.item, copies: received });
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'labels' && (
        <LabelsDialog
          item={editing.item}
          {...(editing.copies === undefined ? {} : { copies: editing.copies })}
          onDone={() => void items.reload()}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'item' && (
        <ItemDialog item={editing.item} onDone={done} onClose={() => setEditing(null)} />
      )}
      {editing?.kind === 'variant' && (
        <VariantDialog
          item={editing.item}
          variant={editing.variant}
          onDone={done}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'stock' && storeId !== null && (
        <StockDialog
          item={editing.item}
          variant={editing.variant}
          storeId={storeId}
          onHand={onHand(editing.variant.id)}
          onDone={done}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
