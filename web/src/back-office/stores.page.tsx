/**
 * Stores: the business's stores with their GSTIN and state, adding a store (the same GSTIN or
 * another registration of the business, its address and invoice series), renaming one, and
 * moving stock from one store to another with its delivery challan (a PDF in the sending store's
 * own series). Printed details, series and receipt language are edited in Settings.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { StoreSelect } from '../shell/store-select';
import { adminApi, type Store } from '../api/admin.api';
import { api, apiFile } from '../api/api-client';
import { searchItems, type CatalogItem } from '../api/catalog.api';
import { FieldError, messageFor, namesAField } from '../first-run/field-error';
import { formatDateTime } from '../format/dates';
import { formatRupees } from '../format/money';
import { stateName } from '../../../src/domain/gst/states';
import { useSession } from '../auth/session';
import { saveFile } from '../shell/save-file';
import { ErrorMessage, Loading, Notice } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

interface TransferView {
  id: string;
  challanNumber: string;
  fromStoreId: string;
  toStoreId: string;
  valuePaise: number;
  quantity: number;
  createdAt: string;
}

const loadAll = async () => {
  const [{ stores }, { transfers }] = await Promise.all([
    adminApi.stores(),
    api<{ transfers: TransferView[] }>('GET', '/stock/transfers?limit=50'),
  ]);
  return { stores, transfers };
};

const newStoreFields = [
  'name',
  'gstin',
  'addressLine1',
  'city',
  'pincode',
  'phone',
  'invoicePrefix',
  'creditNotePrefix',
] as const;
type NewStoreField = (typeof newStoreFields)[number];

function AddStoreForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const { t } = useTranslation();
  const action = useAction();
  const empty: Record<NewStoreField, string> = {
    name: '',
    gstin: '',
    addressLine1: '',
    city: '',
    pincode: '',
    phone: '',
    invoicePrefix: '',
    creditNotePrefix: '',
  };
  const [form, setForm] = useState(empty);
  const [sameGstin, setSameGstin] = useState(true);
  const [language, setLanguage] = useState<'en' | 'hi'>('en');
  const labels: Record<NewStoreField, string> = {
    name: t('stores.name'),
    gstin: t('stores.gstin'),
    addressLine1: t('firstRun.fields.addressLine'),
    city: t('firstRun.fields.city'),
    pincode: t('firstRun.fields.pin'),
    phone: t('firstRun.fields.phone'),
    invoicePrefix: t('store.invoicePrefix'),
    creditNotePrefix: t('store.creditNotePrefix'),
  };
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const added = await api<Store>('POST', '/stores', {
        name: form.name,
        ...(sameGstin ? {} : { gstin: form.gstin }),
        addressLine1: form.addressLine1,
        city: form.city,
        pincode: form.pincode.trim(),
        ...(optional(form.phone) === undefined ? {} : { phone: optional(form.phone) }),
        invoicePrefix: form.invoicePrefix,
        creditNotePrefix: form.creditNotePrefix,
        receiptLanguage: language,
      });
      setForm(empty);
      await onAdded();
      return t('stores.added', { name: added.name });
    });
  };
  const field = (f: NewStoreField, maxLength: number, required = true) => (
    <div className="field" key={f}>
      <label htmlFor={`new-store-${f}`}>{labels[f]}</label>
      <input
        id={`new-store-${f}`}
        required={required}
        maxLength={maxLength}
        value={form[f]}
        aria-invalid={messageFor(action.error, f) !== null}
        aria-describedby={messageFor(action.error, f) === null ? undefined : `new-store-${f}-error`}
        onChange={(e) => setForm({ ...form, [f]: e.target.value })}
      />
      <FieldError id={`new-store-${f}-error`} label={labels[f]} message={messageFor(action.error, f)} />
    </div>
  );
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="add-store-title" aria-busy={action.busy}>
      <h2 id="add-store-title">{t('stores.addTitle')}</h2>
      <div className="row wrap">
        {field('name', 60)}
        <label className="check">
          <input type="checkbox" checked={sameGstin} onChange={(e) => setSameGstin(e.target.checked)} />
          {t('stores.sameGstin')}
        </label>
        {!sameGstin && field('gstin', 15)}
      </div>
      <div className="row wrap">
        {field('addressLine1', 100)}
        {field('city', 50)}
        {field('pincode', 6)}
        {field('phone', 20, false)}
      </div>
      <div className="row wrap">
        {field('invoicePrefix', 12)}
        {field('creditNotePrefix', 12)}
        <div className="field">
          <label htmlFor="new-store-language">{t('stores.receiptLanguage')}</label>
          <select
            id="new-store-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value === 'hi' ? 'hi' : 'en')}
          >
            <option value="en">{t('stores.languages.en')}</option>
            <option value="hi">{t('stores.languages.hi')}</option>
          </select>
        </div>
      </div>
      <p className="hint">{t('stores.seriesHint')}</p>
      {namesAField(action.error, newStoreFields) ? null : <ErrorMessage error={action.error} />}
      <Notice>{action.notice}</Notice>
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy}>
          {t('stores.add')}
        </button>
      </div>
    </form>
  );
}

function RenameForm({ stores, onDone }: { stores: readonly Store[]; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const action = useAction();
  const [storeId, setStoreId] = useState(stores[0]?.id ?? '');
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await api('PATCH', `/stores/${encodeURIComponent(storeId)}`, { name });
      setName('');
      await onDone();
      return t('stores.renamed');
    });
  };
  return (
    <form className="row wrap" onSubmit={submit} aria-label={t('stores.renameTitle')}>
      <StoreSelect
        id="rename-store"
        label={t('stores.store')}
        stores={stores}
        value={storeId}
        onChange={setStoreId}
      />
      <div className="field">
        <label htmlFor="rename-name">{t('stores.newName')}</label>
        <input
          id="rename-name"
          required
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <FieldError
          id="rename-name-error"
          label={t('stores.newName')}
          message={messageFor(action.error, 'name')}
        />
      </div>
      <button type="submit" className="secondary" disabled={action.busy}>
        {t('stores.rename')}
      </button>
      {namesAField(action.error, ['name']) ? null : <ErrorMessage error={action.error} />}
      <Notice>{action.notice}</Notice>
    </form>
  );
}

function TransferForm({ stores, onMoved }: { stores: readonly Store[]; onMoved: () => Promise<void> }) {
  const { t } = useTranslation();
  const action = useAction();
  const search = useAction();
  const [from, setFrom] = useState(stores[0]?.id ?? '');
  const [to, setTo] = useState(stores[1]?.id ?? '');
  const [text, setText] = useState('');
  const [found, setFound] = useState<CatalogItem[]>([]);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const find = () =>
    void search.run(async () => {
      setFound(await searchItems(text, 30));
      setQuantities({});
    });
  const lines = found
    .map((v) => ({ variantId: v.id, quantity: Number(quantities[v.id] ?? '') }))
    .filter((l) => Number.isFinite(l.quantity) && l.quantity > 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const moved = await api<{ transferId: string; challanNumber: string }>('POST', '/stock/transfers', {
        fromStoreId: from,
        toStoreId: to,
        lines,
      });
      setQuantities({});
      await onMoved();
      return t('stores.moved', { number: moved.challanNumber });
    });
  };
  const lineError = (i: number) => messageFor(action.error, `lines.${String(i)}`);
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="transfer-title" aria-busy={action.busy}>
      <h2 id="transfer-title">{t('stores.transferTitle')}</h2>
      <p className="hint">{t('stores.transferHint')}</p>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="transfer-from">{t('stores.from')}</label>
          <select id="transfer-from" value={from} onChange={(e) => setFrom(e.target.value)}>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="transfer-to">{t('stores.to')}</label>
          <select id="transfer-to" value={to} onChange={(e) => setTo(e.target.value)}>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <FieldError
            id="transfer-to-error"
            label={t('stores.to')}
            message={messageFor(action.error, 'toStoreId')}
          />
        </div>
        <div className="field">
          <label htmlFor="transfer-item">{t('stores.findItem')}</label>
          <input
            id="transfer-item"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                find();
              }
            }}
          />
        </div>
        <button
          type="button"
          className="secondary"
          onClick={find}
          disabled={search.busy || text.trim() === ''}
        >
          {t('stores.find')}
        </button>
      </div>
      <ErrorMessage error={search.error} />
      {found.length > 0 && (
        <div className="table-wrap">
          <table data-testid="transfer-lines">
            <caption>{t('stores.linesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stores.item')}</th>
                <th scope="col">{t('stores.quantity')}</th>
              </tr>
            </thead>
            <tbody>
              {found.map((v) => {
                const index = lines.findIndex((l) => l.variantId === v.id);
                const error = index < 0 ? null : lineError(index);
                return (
                  <tr key={v.id}>
                    <th scope="row">{v.name}</th>
                    <td>
                      <input
                        type="number"
                        min={0}
                        step={1}
                        className="narrow"
                        aria-label={t('stores.quantityOf', { item: v.name })}
                        value={quantities[v.id] ?? ''}
                        aria-invalid={error !== null}
                        onChange={(e) => setQuantities({ ...quantities, [v.id]: e.target.value })}
                      />
                      <FieldError id={`transfer-line-${v.id}`} label={v.name} message={error} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {namesAField(action.error, ['toStoreId', 'lines']) ? null : <ErrorMessage error={action.error} />}
      <Notice>{action.notice}</Notice>
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy || lines.length === 0}>
          {t('stores.move')}
        </button>
      </div>
    </form>
  );
}

export default function StoresPage() {
  const { t } = useTranslation();
  const session = useSession();
  const loaded = useLoad(loadAll);
  const download = useAction();
  const manages = session.permissions.has('settings.manage');
  const moves = session.permissions.has('catalog.manage');
  if (loaded.data === null)
    return (
      <div className="stack">
        <h1>{t('stores.title')}</h1>
        <ErrorMessage error={loaded.error} />
        {loaded.error === null && <Loading />}
      </div>
    );
  const { stores, transfers } = loaded.data;
  const nameOf = (id: string) => stores.find((s) => s.id === id)?.name ?? t('stores.unknownStore');
  const challan = (transfer: TransferView) =>
    void download.run(async () => {
      const file = await apiFile('GET', `/stock/transfers/${encodeURIComponent(transfer.id)}/challan.pdf`);
      saveFile(file.blob, file.filename);
    });
  return (
    <div className="stack">
      <h1>{t('stores.title')}</h1>
      <div className="table-wrap">
        <table data-testid="stores-table">
          <caption>{t('stores.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stores.name')}</th>
              <th scope="col">{t('stores.gstin')}</th>
              <th scope="col">{t('stores.state')}</th>
            </tr>
          </thead>
          <tbody>
            {stores.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>
                  <code>{s.gstin}</code>
                </td>
                <td>{stateName(s.stateCode)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('stores.staffHint')}</p>
      {manages && <RenameForm stores={stores} onDone={loaded.reload} />}
      {manages && <AddStoreForm onAdded={loaded.reload} />}
      {moves && stores.length > 1 && <TransferForm stores={stores} onMoved={loaded.reload} />}
      <section className="panel stack" aria-labelledby="transfers-title">
        <h2 id="transfers-title">{t('stores.transfersTitle')}</h2>
        <ErrorMessage error={download.error} />
        <div className="table-wrap">
          <table data-testid="transfers-table">
            <thead>
              <tr>
                <th scope="col">{t('stores.challan')}</th>
                <th scope="col">{t('stores.when')}</th>
                <th scope="col">{t('stores.from')}</th>
                <th scope="col">{t('stores.to')}</th>
                <th scope="col">{t('stores.pieces')}</th>
                <th scope="col">{t('stores.value')}</th>
                <th scope="col">{t('stores.pdf')}</th>
              </tr>
            </thead>
            <tbody>
              {transfers.length === 0 && (
                <tr>
                  <td colSpan={7} className="empty">
                    {t('stores.noTransfers')}
                  </td>
                </tr>
              )}
              {transfers.map((tr) => (
                <tr key={tr.id}>
                  <th scope="row">{tr.challanNumber}</th>
                  <td>{formatDateTime(tr.createdAt)}</td>
                  <td>{nameOf(tr.fromStoreId)}</td>
                  <td>{nameOf(tr.toStoreId)}</td>
                  <td>{tr.quantity}</td>
                  <td>{formatRupees(tr.valuePaise)}</td>
                  <td>
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => challan(tr)}
                      aria-label={t('stores.challanOf', { number: tr.challanNumber })}
                    >
                      {t('stores.challanPdf')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
