/**
 * Offers in the back office: offers (create, change, pause, copy), sale prices (price lists: a
 * seasonal sale scheduled ahead), coupons, a calendar of what runs when, and the offer report.
 * Managing needs the catalogue permission; the lists are read-only without it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { offersApi, type OfferView, type PriceListView, type RunStatus } from '../api/offers.api';
import { useSession } from '../auth/session';
import { ErrorMessage, Loading, Notice } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';
import { CouponForm } from './coupon-form';
import { OfferCalendar } from './offer-calendar';
import { OfferForm } from './offer-form';
import { OfferReport } from './offer-report';
import { describeList, describeOffer, describeWhen } from './offer-words';
import { PriceListForm } from './price-list-form';

const TABS = ['offers', 'priceLists', 'coupons', 'calendar', 'report'] as const;
type Tab = (typeof TABS)[number];

/** What a row's buttons do: pause or resume, copy, edit. */
interface RowActions {
  toggle: (next: RunStatus) => Promise<unknown>;
  copy: () => Promise<{ name: string }>;
  edit: () => void;
}

type Schedulable = (OfferView | PriceListView) & { id: string; name: string; status: RunStatus };

const loadAll = async () => {
  const [offers, priceLists, coupons] = await Promise.all([
    offersApi.offers(),
    offersApi.priceLists(),
    offersApi.coupons(),
  ]);
  return { offers, priceLists, coupons };
};

export default function OffersPage() {
  const { t } = useTranslation();
  const { permissions } = useSession();
  const canManage = permissions.has('catalog.manage');
  const canReport = permissions.has('report.sales');
  const [tab, setTab] = useState<Tab>('offers');
  const all = useLoad(loadAll);
  const action = useAction();
  const [editingOffer, setEditingOffer] = useState<OfferView | null>(null);
  const [editingList, setEditingList] = useState<PriceListView | null>(null);
  const reload = () => void all.reload();

  const toggle = (name: string, status: RunStatus, change: (next: RunStatus) => Promise<unknown>) =>
    void action.run(async () => {
      const next = status === 'active' ? 'paused' : 'active';
      await change(next);
      await all.reload();
      return t(next === 'paused' ? 'offers.pausedDone' : 'offers.resumedDone', { name });
    });
  const copy = (make: () => Promise<{ name: string }>) =>
    void action.run(async () => {
      const made = await make();
      await all.reload();
      return t('offers.copied', { name: made.name });
    });

  const rowActions = (
    name: string,
    status: RunStatus,
    { toggle: onToggle, copy: onCopy, edit: onEdit }: RowActions,
  ) =>
    canManage ? (
      <td className="row">
        <button
          type="button"
          className="small secondary"
          aria-label={t('offers.editOf', { name })}
          onClick={onEdit}
        >
          {t('offers.edit')}
        </button>
        <button
          type="button"
          className="small secondary"
          aria-label={t(status === 'active' ? 'offers.pauseOf' : 'offers.resumeOf', { name })}
          onClick={() => toggle(name, status, onToggle)}
        >
          {t(status === 'active' ? 'offers.pause' : 'offers.resume')}
        </button>
        <button
          type="button"
          className="small secondary"
          aria-label={t('offers.copyOf', { name })}
          onClick={() => copy(onCopy)}
        >
          {t('offers.copy')}
        </button>
      </td>
    ) : null;

  const statusText = (s: RunStatus) => t(s === 'active' ? 'offers.running' : 'offers.paused');

  /** Offers or sale prices: name, what, when, status and (to managers) edit, pause and copy. */
  const scheduleTable = <T extends Schedulable>(
    testId: string,
    caption: string,
    rows: readonly T[],
    what: (row: T) => string,
    actions: (row: T) => RowActions,
  ) => (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('offers.name')}</th>
            <th scope="col">{t('offers.what')}</th>
            <th scope="col">{t('offers.when')}</th>
            <th scope="col">{t('offers.status')}</th>
            {canManage && <th scope="col">{t('offers.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                {t('offers.none')}
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.name}</th>
              <td>{what(row)}</td>
              <td>{describeWhen(t, row)}</td>
              <td>{statusText(row.status)}</td>
              {rowActions(row.name, row.status, actions(row))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  const tabs = TABS.filter((x) => x !== 'report' || canReport);

  return (
    <div className="stack">
      <h1>{t('offers.title')}</h1>
      <p>{t('offers.intro')}</p>
      <nav aria-label={t('offers.sections')} className="row">
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            className={tab === x ? 'primary small' : 'secondary small'}
            aria-pressed={tab === x}
            onClick={() => setTab(x)}
          >
            {t(`offers.tab.${x}`)}
          </button>
        ))}
      </nav>
      <ErrorMessage error={action.error ?? all.error} />
      <Notice>{action.notice}</Notice>
      {tab === 'calendar' && <OfferCalendar />}
      {tab === 'report' && <OfferReport />}
      {(tab === 'offers' || tab === 'priceLists' || tab === 'coupons') && all.data === null && <Loading />}
      {tab === 'offers' && all.data !== null && (
        <>
          {canManage && (
            <OfferForm
              key={editingOffer?.id ?? 'new'}
              editing={editingOffer}
              onDone={() => {
                setEditingOffer(null);
                reload();
              }}
            />
          )}
          {scheduleTable(
            'offer-list',
            t('offers.tab.offers'),
            all.data.offers,
            (o) => describeOffer(t, o),
            (o) => ({
              toggle: (next) => offersApi.setOfferStatus(o.id, next),
              copy: () => offersApi.copyOffer(o.id),
              edit: () => setEditingOffer(o),
            }),
          )}
        </>
      )}
      {tab === 'priceLists' && all.data !== null && (
        <>
          {canManage && (
            <PriceListForm
              key={editingList?.id ?? 'new'}
              editing={editingList}
              onDone={() => {
                setEditingList(null);
                reload();
              }}
            />
          )}
          {scheduleTable(
            'price-list-list',
            t('offers.tab.priceLists'),
            all.data.priceLists,
            (l) => describeList(t, l),
            (l) => ({
              toggle: (next) => offersApi.setPriceListStatus(l.id, next),
              copy: () => offersApi.copyPriceList(l.id),
              edit: () => setEditingList(l),
            }),
          )}
        </>
      )}
      {tab === 'coupons' && all.data !== null && (
        <>
          {canManage && <CouponForm offers={all.data.offers} onCreated={reload} />}
          <div className="table-wrap">
            <table data-testid="coupon-list">
              <caption>{t('offers.tab.coupons')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('offers.coupon.code')}</th>
                  <th scope="col">{t('offers.coupon.offer')}</th>
                  <th scope="col">{t('offers.when')}</th>
                  <th scope="col">{t('offers.coupon.uses')}</th>
                  <th scope="col">{t('offers.status')}</th>
                  {canManage && <th scope="col">{t('offers.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {all.data.coupons.length === 0 && (
                  <tr>
                    <td colSpan={6} className="empty">
                      {t('offers.none')}
                    </td>
                  </tr>
                )}
                {all.data.coupons.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.code}</th>
                    <td>{all.data?.offers.find((o) => o.id === c.offerId)?.name ?? '—'}</td>
                    <td>{describeWhen(t, c)}</td>
                    <td>
                      {t('offers.coupon.usesOf', {
                        uses: c.uses,
                        max: c.maxUses === null ? t('offers.coupon.unlimited') : c.maxUses,
                      })}
                    </td>
                    <td>{statusText(c.status)}</td>
                    {canManage && (
                      <td>
                        <button
                          type="button"
                          className="small secondary"
                          aria-label={t(
                            c.status === 'active' ? 'offers.coupon.pauseOf' : 'offers.coupon.resumeOf',
                            {
                              code: c.code,
                            },
                          )}
                          onClick={() =>
                            toggle(c.code, c.status, (next) => offersApi.setCouponStatus(c.id, next))
                          }
                        >
                          {t(c.status === 'active' ? 'offers.pause' : 'offers.resume')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
