/**
 * Access reviews: the campaigns (period, status, due date, progress), and for the one shown, each
 * person's roles with Keep / Remove for the items this reviewer decides (the store's managers, or
 * the owners). Removing asks for confirmation and the password (step-up, through the API client)
 * and ends that person's sessions. User managers can start a review and set how often they run.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reviewApi, type CampaignView, type ItemView } from '../api/self-audit.api';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime } from '../format/dates';
import { Dialog } from '../shell/dialog';
import { ErrorMessage, Notice } from '../shell/status';
import { ReviewSettingsForm } from './review-settings-form';
import { useAction, useLoad } from '../shell/use-load';

function Decision({ item }: { item: ItemView }) {
  const { t } = useTranslation();
  if (item.decision !== null)
    return (
      <span className={item.decision === 'remove' ? 'badge bad' : 'badge good'}>
        {t(`accessReviews.decisions.${item.decision}`)}
      </span>
    );
  if (item.escalated) return <span className="badge warn">{t('accessReviews.escalated')}</span>;
  return <span>{t('accessReviews.waiting', { who: t(`accessReviews.reviewers.${item.reviewer}`) })}</span>;
}

export default function AccessReviewsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.permissions.has('user.manage');
  const campaigns = useLoad(reviewApi.campaigns);
  const action = useAction();
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<{ campaign: CampaignView; items: ItemView[] } | null>(null);
  const [removing, setRemoving] = useState<ItemView | null>(null);
  const shown = selected ?? campaigns.data?.campaigns[0]?.id ?? null;

  useEffect(() => {
    if (shown === null) return;
    let live = true;
    reviewApi.campaign(shown).then(
      (d) => live && setDetail(d),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [shown]);

  const refresh = async () => {
    if (shown !== null) setDetail(await reviewApi.campaign(shown));
    await campaigns.reload();
  };
  const decide = (item: ItemView, decision: 'confirm' | 'remove') =>
    void action.run(async () => {
      if (detail === null) return;
      await reviewApi.decide(detail.campaign.id, item.id, decision);
      setRemoving(null);
      await refresh();
    });
  const start = () =>
    void action.run(async () => {
      const { campaign } = await reviewApi.start();
      setSelected(campaign.id);
      await campaigns.reload();
    });

  const open = detail?.items.filter((i) => i.mayDecide) ?? [];
  return (
    <div className="stack">
      <h1>{t('accessReviews.title')}</h1>
      <p>{t('accessReviews.intro')}</p>
      <ErrorMessage error={campaigns.error ?? action.error} />
      <Notice>{action.notice}</Notice>
      {canManage && (
        <div className="row wrap">
          <button type="button" className="primary" onClick={start} disabled={action.busy}>
            {t('accessReviews.start')}
          </button>
          <ReviewSettingsForm />
        </div>
      )}
      {campaigns.data?.campaigns.length === 0 && <p>{t('accessReviews.none')}</p>}
      {(campaigns.data?.campaigns.length ?? 0) > 0 && (
        <div className="table-wrap">
          <table data-testid="review-campaigns">
            <caption>{t('accessReviews.campaigns')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accessReviews.period')}</th>
                <th scope="col">{t('accessReviews.status')}</th>
                <th scope="col">{t('accessReviews.due')}</th>
                <th scope="col">{t('accessReviews.progressTitle')}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data?.campaigns.map((c) => (
                <tr key={c.id} aria-current={c.id === shown ? 'true' : undefined}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => setSelected(c.id)}>
                      {c.period}
                    </button>
                  </th>
                  <td>{t(`accessReviews.statuses.${c.status}`, { defaultValue: c.status })}</td>
                  <td>{formatDate(c.dueAt)}</td>
                  <td>
                    {t('accessReviews.progress', {
                      done: c.counts.total - c.counts.pending,
                      total: c.counts.total,
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail !== null && (
        <section className="stack" aria-labelledby="items-title">
          <h2 id="items-title">
            {t('accessReviews.items')}: {detail.campaign.period}
          </h2>
          {detail.campaign.status === 'open' && open.length === 0 && (
            <p>{t('accessReviews.nothingToDecide')}</p>
          )}
          <div className="table-wrap">
            <table data-testid="review-items">
              <thead>
                <tr>
                  <th scope="col">{t('accessReviews.person')}</th>
                  <th scope="col">{t('accessReviews.role')}</th>
                  <th scope="col">{t('accessReviews.store')}</th>
                  <th scope="col">{t('accessReviews.lastActive')}</th>
                  <th scope="col">{t('accessReviews.decision')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.items.map((item) => (
                  <tr key={item.id} data-user={item.userId} data-role={item.role}>
                    <th scope="row">{item.userName ?? item.userId.slice(0, 8)}</th>
                    <td>{t(`roles.${item.role}`, { defaultValue: item.role })}</td>
                    <td>{item.storeName ?? t('accessReviews.allStores')}</td>
                    <td>
                      {item.lastActiveAt === null
                        ? t('accessReviews.never')
                        : formatDateTime(item.lastActiveAt)}
                    </td>
                    <td>
                      {item.mayDecide ? (
                        <div className="row">
                          <button
                            type="button"
                            className="secondary small"
                            disabled={action.busy}
                            onClick={() => decide(item, 'confirm')}
                          >
                            {t('accessReviews.keep')}
                          </button>
                          <button
                            type="button"
                            className="danger small"
                            disabled={action.busy}
                            onClick={() => setRemoving(item)}
                          >
                            {t('accessReviews.remove')}
                          </button>
                        </div>
                      ) : (
                        <Decision item={item} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {removing !== null && (
        <Dialog title={t('accessReviews.remove')} onClose={() => setRemoving(null)}>
          <p>
            {t('accessReviews.removeConfirm', {
              role: t(`roles.${removing.role}`, { defaultValue: removing.role }),
              name: removing.userName ?? removing.userId.slice(0, 8),
            })}
          </p>
          <div className="row">
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => decide(removing, 'remove')}
            >
              {t('accessReviews.remove')}
            </button>
            <button type="button" className="secondary" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
