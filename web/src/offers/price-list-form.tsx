/**
 * Create or change sale prices (a price list): its name, when it runs (IST, to the minute; a
 * seasonal sale is one scheduled ahead), its priority where sales overlap, and its price for a
 * category, brand or collection (or everything): a percentage off the selling price or the MRP,
 * or a fixed price. A price above an item's MRP is refused at the counter.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { offersApi, type PriceListRequest, type PriceListView } from '../api/offers.api';
import { instantToIstInput } from '../format/ist-input';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';
import { percentBp, percentText, rupees, rupeesText, wholeNumber } from './form-values';
import { NumberField } from './offer-form';
import { ScheduleFields, type ScheduleValue } from './schedule-fields';
import { TargetFields, type TargetKind } from './target-fields';

type Method = PriceListView['entries'][number]['method'];
const METHODS: readonly Method[] = ['percent-off-list', 'percent-off-mrp', 'fixed'];

interface Fields {
  name: string;
  priority: string;
  targetKind: TargetKind;
  targetValue: string;
  method: Method;
  value: string;
  schedule: ScheduleValue;
}

const blank: Fields = {
  name: '',
  priority: '0',
  targetKind: 'category',
  targetValue: '',
  method: 'percent-off-list',
  value: '',
  schedule: { startsAt: '', endsAt: '' },
};

function fieldsOf(list: PriceListView): Fields {
  const entry = list.entries[0];
  const kind = entry?.target.kind;
  return {
    name: list.name,
    priority: String(list.priority),
    targetKind:
      kind === 'category' || kind === 'brand' || kind === 'collection' || kind === 'all' ? kind : 'category',
    targetValue: entry?.target.value ?? '',
    method: entry?.method ?? 'percent-off-list',
    value:
      entry === undefined
        ? ''
        : entry.method === 'fixed'
          ? rupeesText(entry.value)
          : percentText(entry.value),
    schedule: {
      startsAt: instantToIstInput(list.startsAt),
      endsAt: list.endsAt === null ? '' : instantToIstInput(list.endsAt),
    },
  };
}

export function PriceListForm({
  editing,
  onDone,
}: {
  editing: PriceListView | null;
  onDone: (list: PriceListView | null) => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState<Fields>(() => (editing === null ? blank : fieldsOf(editing)));
  const action = useAction();
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setF((old) => ({ ...old, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const entry = {
        target: { kind: f.targetKind, value: f.targetKind === 'all' ? '' : f.targetValue.trim() },
        method: f.method,
        value:
          f.method === 'fixed'
            ? rupees(t, f.value, t('offers.value'))
            : percentBp(t, f.value, t('offers.value')),
      };
      // Changing keeps the list's other prices (the form shows the first).
      const entries = editing === null ? [entry] : [entry, ...editing.entries.slice(1)];
      const body: PriceListRequest = {
        name: f.name.trim(),
        priority: wholeNumber(t, f.priority, t('offers.priority')),
        startsAt: f.schedule.startsAt,
        endsAt: f.schedule.endsAt === '' ? null : f.schedule.endsAt,
        entries,
        ...(editing === null ? {} : { storeId: editing.storeId, customerGroup: editing.customerGroup }),
      };
      const saved =
        editing === null
          ? await offersApi.createPriceList(body)
          : await offersApi.updatePriceList(editing.id, body);
      if (editing === null) setF(blank);
      onDone(saved);
      return t('offers.saved', { name: saved.name });
    });
  };
  const fieldLabels = {
    name: t('offers.name'),
    priority: t('offers.priority'),
    startsAt: t('offers.from'),
    endsAt: t('offers.until'),
    'entries.*.target.value': t('offers.targetName'),
    'entries.*.value': t('offers.value'),
    'entries.*.target': t('offers.appliesTo'),
  };
  return (
    <form className="stack card" onSubmit={submit} aria-busy={action.busy} data-testid="price-list-form">
      <h2>{editing === null ? t('offers.newList') : t('offers.changeList')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="list-name">{t('offers.name')}</label>
          <input
            id="list-name"
            required
            maxLength={80}
            value={f.name}
            onChange={(e) => set('name', e.target.value)}
          />
        </div>
        <NumberField
          id="list-priority"
          label={t('offers.priority')}
          value={f.priority}
          onChange={(v) => set('priority', v)}
        />
      </div>
      <div className="row">
        <TargetFields
          idPrefix="list"
          kind={f.targetKind}
          value={f.targetValue}
          onKind={(k) => set('targetKind', k)}
          onValue={(v) => set('targetValue', v)}
        />
        <div className="field">
          <label htmlFor="list-method">{t('offers.method')}</label>
          <select id="list-method" value={f.method} onChange={(e) => set('method', e.target.value as Method)}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`offers.methods.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <NumberField
          id="list-value"
          label={t('offers.value')}
          value={f.value}
          onChange={(v) => set('value', v)}
        />
      </div>
      <ScheduleFields prefix="list" value={f.schedule} onChange={(v) => set('schedule', v)} />
      <ErrorMessage error={action.error} fields={fieldLabels} />
      <Notice>{action.notice}</Notice>
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy}>
          {editing === null ? t('offers.create') : t('offers.saveChanges')}
        </button>
        {editing !== null && (
          <button type="button" className="secondary" onClick={() => onDone(null)}>
            {t('offers.cancelEdit')}
          </button>
        )}
      </div>
    </form>
  );
}
