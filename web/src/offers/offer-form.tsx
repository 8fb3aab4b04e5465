/**
 * Create or change an offer: its type (percentage or rupees off, buy some get some, bundle price,
 * spend and save), what it applies to (a category, brand or collection by name, or everything),
 * the numbers of that type, when it runs (IST, to the minute), how it combines with other offers
 * and whether it needs a coupon.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { offersApi, type OfferRequest, type OfferView } from '../api/offers.api';
import { instantToIstInput } from '../format/ist-input';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';
import { percentBp, percentText, rupees, rupeesText, wholeNumber } from './form-values';
import { ScheduleFields, type ScheduleValue } from './schedule-fields';
import { TargetFields, type TargetKind } from './target-fields';

type Kind = OfferView['kind'];
const KINDS: readonly Kind[] = ['percent-off', 'flat-off', 'buy-x-get-y', 'bundle', 'bill-threshold'];
const STACKINGS = ['best', 'exclusive', 'stackable'] as const;

interface Fields {
  name: string;
  kind: Kind;
  targetKind: TargetKind;
  targetValue: string;
  percent: string;
  amount: string;
  buy: string;
  get: string;
  getPercent: string;
  bundleQty: string;
  bundlePrice: string;
  minBill: string;
  billBenefit: 'percent' | 'amount';
  stacking: (typeof STACKINGS)[number];
  couponRequired: boolean;
  schedule: ScheduleValue;
}

const blank: Fields = {
  name: '',
  kind: 'percent-off',
  targetKind: 'category',
  targetValue: '',
  percent: '',
  amount: '',
  buy: '2',
  get: '1',
  getPercent: '100',
  bundleQty: '3',
  bundlePrice: '',
  minBill: '',
  billBenefit: 'percent',
  stacking: 'best',
  couponRequired: false,
  schedule: { startsAt: '', endsAt: '' },
};

/** The form's fields for an offer being changed (only what the form can show). */
function fieldsOf(offer: OfferView): Fields {
  const r = offer.rule as Record<string, unknown> & {
    targets?: { kind: TargetKind; value: string }[];
    buy?: { targets: { kind: TargetKind; value: string }[]; quantity: number };
    get?: { quantity: number; percentBp: number };
  };
  const target = r.targets?.[0] ?? r.buy?.targets[0];
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    ...blank,
    name: offer.name,
    kind: offer.kind,
    targetKind: target?.kind ?? 'category',
    targetValue: target?.value ?? '',
    percent: r.percentBp === undefined ? '' : percentText(num(r.percentBp)),
    amount: r.amountPaise === undefined ? '' : rupeesText(num(r.amountPaise)),
    buy: String(r.buy?.quantity ?? 2),
    get: String(r.get?.quantity ?? 1),
    getPercent: percentText(r.get?.percentBp ?? 10_000),
    bundleQty: String(typeof r.quantity === 'number' ? r.quantity : 3),
    bundlePrice: r.pricePaise === undefined ? '' : rupeesText(num(r.pricePaise)),
    minBill: r.minBillPaise === undefined ? '' : rupeesText(num(r.minBillPaise)),
    billBenefit: r.amountPaise !== undefined && offer.kind === 'bill-threshold' ? 'amount' : 'percent',
    stacking: offer.stacking,
    couponRequired: offer.couponRequired,
    schedule: {
      startsAt: instantToIstInput(offer.startsAt),
      endsAt: offer.endsAt === null ? '' : instantToIstInput(offer.endsAt),
    },
  };
}

export function OfferForm({
  editing,
  onDone,
}: {
  editing: OfferView | null;
  onDone: (offer: OfferView | null) => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState<Fields>(() => (editing === null ? blank : fieldsOf(editing)));
  const action = useAction();
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setF((old) => ({ ...old, [key]: value }));
  const targets = [{ kind: f.targetKind, value: f.targetKind === 'all' ? '' : f.targetValue.trim() }];

  const rule = (): OfferRequest['rule'] => {
    switch (f.kind) {
      case 'percent-off':
        return { kind: f.kind, targets, percentBp: percentBp(t, f.percent, t('offers.percent')) };
      case 'flat-off':
        return { kind: f.kind, targets, amountPaise: rupees(t, f.amount, t('offers.amount')) };
      case 'buy-x-get-y':
        return {
          kind: f.kind,
          buy: { targets, quantity: wholeNumber(t, f.buy, t('offers.buyQty')) },
          get: {
            targets,
            quantity: wholeNumber(t, f.get, t('offers.getQty')),
            percentBp: percentBp(t, f.getPercent, t('offers.getPercent')),
          },
        };
      case 'bundle':
        return {
          kind: f.kind,
          targets,
          quantity: wholeNumber(t, f.bundleQty, t('offers.bundleQty')),
          pricePaise: rupees(t, f.bundlePrice, t('offers.bundlePrice')),
        };
      case 'bill-threshold':
        return {
          kind: f.kind,
          minBillPaise: rupees(t, f.minBill, t('offers.minBill')),
          ...(f.billBenefit === 'percent'
            ? { percentBp: percentBp(t, f.percent, t('offers.billPercent')) }
            : { amountPaise: rupees(t, f.amount, t('offers.billAmount')) }),
        };
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const body: OfferRequest = {
        name: f.name.trim(),
        startsAt: f.schedule.startsAt,
        endsAt: f.schedule.endsAt === '' ? null : f.schedule.endsAt,
        stacking: f.stacking,
        couponRequired: f.couponRequired,
        rule: rule(),
        ...(editing === null
          ? {}
          : { storeId: editing.storeId, customerGroup: editing.customerGroup, priority: editing.priority }),
      };
      const saved =
        editing === null ? await offersApi.createOffer(body) : await offersApi.updateOffer(editing.id, body);
      if (editing === null) setF(blank);
      onDone(saved);
      return t('offers.saved', { name: saved.name });
    });
  };

  const fieldLabels = {
    name: t('offers.name'),
    startsAt: t('offers.from'),
    endsAt: t('offers.until'),
    'rule.targets.*.value': t('offers.targetName'),
    'rule.buy.targets.*.value': t('offers.targetName'),
    'rule.get.targets.*.value': t('offers.targetName'),
    'rule.percentBp': t('offers.percent'),
    'rule.amountPaise': t('offers.amount'),
    'rule.buy.quantity': t('offers.buyQty'),
    'rule.get.quantity': t('offers.getQty'),
    'rule.get.percentBp': t('offers.getPercent'),
    'rule.quantity': t('offers.bundleQty'),
    'rule.pricePaise': t('offers.bundlePrice'),
    'rule.minBillPaise': t('offers.minBill'),
  };
  const showPercent =
    f.kind === 'percent-off' || (f.kind === 'bill-threshold' && f.billBenefit === 'percent');
  const showAmount = f.kind === 'flat-off' || (f.kind === 'bill-threshold' && f.billBenefit === 'amount');
  return (
    <form className="stack card" onSubmit={submit} aria-busy={action.busy} data-testid="offer-form">
      <h2>{editing === null ? t('offers.newOffer') : t('offers.changeOffer')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="offer-name">{t('offers.name')}</label>
          <input
            id="offer-name"
            required
            maxLength={80}
            value={f.name}
            onChange={(e) => set('name', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="offer-kind">{t('offers.type')}</label>
          <select id="offer-kind" value={f.kind} onChange={(e) => set('kind', e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`offers.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {f.kind !== 'bill-threshold' && (
        <div className="row">
          <TargetFields
            idPrefix="offer"
            kind={f.targetKind}
            value={f.targetValue}
            hint
            onKind={(k) => set('targetKind', k)}
            onValue={(v) => set('targetValue', v)}
          />
        </div>
      )}
      <div className="row">
        {f.kind === 'buy-x-get-y' && (
          <>
            <NumberField
              id="offer-buy"
              label={t('offers.buyQty')}
              value={f.buy}
              onChange={(v) => set('buy', v)}
            />
            <NumberField
              id="offer-get"
              label={t('offers.getQty')}
              value={f.get}
              onChange={(v) => set('get', v)}
            />
            <NumberField
              id="offer-get-percent"
              label={t('offers.getPercent')}
              value={f.getPercent}
              onChange={(v) => set('getPercent', v)}
            />
          </>
        )}
        {f.kind === 'bundle' && (
          <>
            <NumberField
              id="offer-bundle-qty"
              label={t('offers.bundleQty')}
              value={f.bundleQty}
              onChange={(v) => set('bundleQty', v)}
            />
            <NumberField
              id="offer-bundle-price"
              label={t('offers.bundlePrice')}
              value={f.bundlePrice}
              onChange={(v) => set('bundlePrice', v)}
            />
          </>
        )}
        {f.kind === 'bill-threshold' && (
          <>
            <NumberField
              id="offer-min-bill"
              label={t('offers.minBill')}
              value={f.minBill}
              onChange={(v) => set('minBill', v)}
            />
            <div className="field">
              <label htmlFor="offer-benefit">{t('offers.billBenefit')}</label>
              <select
                id="offer-benefit"
                value={f.billBenefit}
                onChange={(e) => set('billBenefit', e.target.value as Fields['billBenefit'])}
              >
                <option value="percent">{t('offers.billPercent')}</option>
                <option value="amount">{t('offers.billAmount')}</option>
              </select>
            </div>
          </>
        )}
        {showPercent && (
          <NumberField
            id="offer-percent"
            label={t('offers.percent')}
            value={f.percent}
            onChange={(v) => set('percent', v)}
          />
        )}
        {showAmount && (
          <NumberField
            id="offer-amount"
            label={t('offers.amount')}
            value={f.amount}
            onChange={(v) => set('amount', v)}
          />
        )}
      </div>
      <ScheduleFields prefix="offer" value={f.schedule} onChange={(v) => set('schedule', v)} />
      <div className="row">
        <div className="field">
          <label htmlFor="offer-stacking">{t('offers.stacking')}</label>
          <select
            id="offer-stacking"
            value={f.stacking}
            onChange={(e) => set('stacking', e.target.value as Fields['stacking'])}
          >
            {STACKINGS.map((s) => (
              <option key={s} value={s}>
                {t(`offers.stackings.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={f.couponRequired}
            onChange={(e) => set('couponRequired', e.target.checked)}
          />{' '}
          {t('offers.couponRequired')}
        </label>
      </div>
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

export function NumberField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
