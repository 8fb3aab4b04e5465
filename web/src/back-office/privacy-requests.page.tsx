/**
 * Privacy requests: the open ones first with their deadlines (days left, overdue in red), and one
 * request at a time with its timeline and the next steps its state allows: verify (a code to the
 * customer's contact on record, or in person), acknowledge, extend, fulfil (an encrypted export
 * package, or erasure after a confirmation) and close.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { privacyApi, type ExportMade, type PrivacyRequest, type RequestDetail } from '../api/privacy.api';
import { formatDate } from '../format/dates';
import { TimelineEvent } from '../privacy/timeline-event';
import { AadhaarExportOption } from '../agri/aadhaar-export-option';
import type { Reason } from '../agri/farmer-records.api';
import { Dialog } from '../shell/dialog';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';

const DAY = 86_400_000;
const outcomes = [
  'fulfilled',
  'partially_fulfilled',
  'rejected',
  'withdrawn',
  'identity_not_verified',
] as const;

function Due({ request, now }: { request: PrivacyRequest; now: number }) {
  const { t } = useTranslation();
  const left = Math.ceil((new Date(request.dueAt).getTime() - now) / DAY);
  if (request.closedAt !== null) return <span>{formatDate(request.dueAt)}</span>;
  return (
    <span className={left < 0 ? 'badge bad' : left <= 7 ? 'badge warn' : 'badge'}>
      {formatDate(request.dueAt)} ·{' '}
      {left < 0 ? t('privacy.requests.overdue') : t('privacy.requests.daysLeft', { count: left })}
    </span>
  );
}

function RequestPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const [code, setCode] = useState('');
  const [made, setMade] = useState<ExportMade | null>(null);
  const [aadhaarReason, setAadhaarReason] = useState<Reason | null>(null);
  const [outcome, setOutcome] = useState<(typeof outcomes)[number]>('fulfilled');
  const [confirmErase, setConfirmErase] = useState(false);
  const action = useAction();
  const reload = useCallback(async () => setDetail(await privacyApi.request(id)), [id]);
  useEffect(() => {
    let live = true;
    privacyApi.request(id).then(
      (d) => live && setDetail(d),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id]);
  const run = (work: () => Promise<string | null | void>) =>
    void action.run(async () => {
      const notice = await work();
      await reload();
      onChanged();
      return notice;
    });
  if (detail === null) return null;
  const open = detail.status === 'open';
  const pending = detail.status === 'pending_verification';
  return (
    <section className="panel stack" aria-labelledby="request-title" data-testid="request-panel">
      <h2 id="request-title">
        {detail.reference} · {t(`privacy.kinds.${detail.kind}`)} ·{' '}
        {t(`privacy.requests.statuses.${detail.status}`)}
      </h2>
      <p>
        {t('privacy.requests.ackDue')}: {formatDate(detail.ackDueAt)} · {t('privacy.requests.due')}:{' '}
        {formatDate(detail.dueAt)} · {detail.law.toUpperCase()}
      </p>
      {detail.details !== null && <blockquote>{detail.details}</blockquote>}
      <h3>{t('privacy.requests.timeline')}</h3>
      <ol data-testid="request-timeline">
        {detail.events.map((e, i) => (
          <TimelineEvent key={`${e.at}-${String(i)}`} event={e} />
        ))}
      </ol>
      {pending && (
        <div className="row wrap">
          <button
            type="button"
            className="secondary"
            onClick={() =>
              run(async () => {
                const r = (await privacyApi.step(id, 'send-code')) as { channel: string };
                return t('privacy.requests.codeSent', { channel: r.channel });
              })
            }
          >
            {t('privacy.requests.sendCode')}
          </button>
          <label htmlFor="otp">{t('privacy.requests.code')}</label>
          <input
            id="otp"
            inputMode="numeric"
            pattern="\d{6}"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button
            type="button"
            className="primary"
            disabled={code.length !== 6}
            onClick={() =>
              run(async () => {
                await privacyApi.verifyCode(id, code);
                setCode('');
              })
            }
          >
            {t('privacy.requests.verify')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => run(() => privacyApi.step(id, 'verify-in-person').then(() => null))}
          >
            {t('privacy.requests.verifyInPerson')}
          </button>
        </div>
      )}
      {open && (
        <div className="row wrap">
          {detail.acknowledgedAt === null && (
            <button
              type="button"
              className="secondary"
              onClick={() => run(() => privacyApi.step(id, 'acknowledge').then(() => null))}
            >
              {t('privacy.requests.acknowledge')}
            </button>
          )}
          {detail.extendedAt === null && (
            <button
              type="button"
              className="secondary"
              onClick={() => run(() => privacyApi.extend(id, 'complex_request').then(() => null))}
            >
              {t('privacy.requests.extend')}
            </button>
          )}
        </div>
      )}
      {open && (detail.kind === 'access' || detail.kind === 'export') && detail.customerId !== null && (
        <AadhaarExportOption
          customerId={detail.customerId}
          value={aadhaarReason}
          onChange={setAadhaarReason}
        />
      )}
      {open && (detail.kind === 'access' || detail.kind === 'export') && (
        <div className="stack">
          <p className="hint">{t('privacy.requests.exportPasswordHow')}</p>
          <div className="row">
            <button
              type="button"
              className="primary"
              onClick={() =>
                run(async () => {
                  const reason =
                    aadhaarReason === null
                      ? undefined
                      : { reason: { ...aadhaarReason, text: aadhaarReason.text.trim() } };
                  setMade(await privacyApi.exportPackage(id, reason));
                })
              }
            >
              {t('privacy.requests.makeExport')}
            </button>
          </div>
        </div>
      )}
      {made !== null && (
        <div className="stack" data-testid="export-made">
          {made.passwordDelivery === 'in_person' && made.password !== undefined ? (
            <div className="notice-box" role="status">
              <p>{t('privacy.requests.exportPasswordInPerson')}</p>
              <p>
                <strong data-testid="export-password">{made.password}</strong>
              </p>
            </div>
          ) : (
            <p role="status">
              {t('privacy.requests.exportPasswordSent', {
                channel: t(`privacy.requests.passwordChannel.${made.passwordDelivery ?? 'email'}`),
              })}
            </p>
          )}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void action.run(async () => {
                await privacyApi.downloadExport(made.id);
                // The package is wiped at its download; the password leaves the screen with it.
                setMade(null);
              })
            }
          >
            {t('privacy.requests.downloadExport')}
          </button>
        </div>
      )}
      {open && detail.kind === 'erasure' && (
        <div className="row">
          <button type="button" className="danger" onClick={() => setConfirmErase(true)}>
            {t('privacy.requests.erase')}
          </button>
        </div>
      )}
      {confirmErase && (
        <Dialog title={t('privacy.requests.erase')} onClose={() => setConfirmErase(false)}>
          <p>{t('privacy.requests.eraseConfirm')}</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirmErase(false);
                run(async () => {
                  const r = (await privacyApi.step(id, 'erase')) as {
                    certificate: { certificateId: string };
                  };
                  return t('privacy.requests.erasedDone', { id: r.certificate.certificateId });
                });
              }}
            >
              {t('common.confirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmErase(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
      {(open || pending) && (
        <div className="row">
          <label htmlFor="outcome">{t('privacy.requests.close')}</label>
          <select
            id="outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as (typeof outcomes)[number])}
          >
            {outcomes.map((o) => (
              <option key={o} value={o}>
                {t(`privacy.requests.outcomes.${o}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="secondary"
            onClick={() => run(() => privacyApi.close(id, outcome).then(() => null))}
          >
            {t('common.confirm')}
          </button>
        </div>
      )}
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
    </section>
  );
}

export default function PrivacyRequestsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const [data, setData] = useState<{ requests: PrivacyRequest[]; now: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const load = useCallback(() => {
    privacyApi.requests(status).then(setData, setError);
  }, [status]);
  useEffect(load, [load]);
  const now = data === null ? 0 : new Date(data.now).getTime();
  return (
    <div className="stack">
      <h1>{t('privacy.requests.title')}</h1>
      <p>{t('privacy.requests.intro')}</p>
      <div className="row" role="group">
        {(['open', 'closed', 'all'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={s === status ? 'primary small' : 'secondary small'}
            aria-pressed={s === status}
            onClick={() => setStatus(s)}
          >
            {t(`privacy.requests.${s}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={error} />
      {data?.requests.length === 0 && <p>{t('privacy.requests.none')}</p>}
      {data !== null && data.requests.length > 0 && (
        <div className="table-wrap">
          <table data-testid="requests-table">
            <thead>
              <tr>
                <th scope="col">{t('privacy.requests.reference')}</th>
                <th scope="col">{t('privacy.requests.kind')}</th>
                <th scope="col">{t('privacy.requests.law')}</th>
                <th scope="col">{t('privacy.requests.status')}</th>
                <th scope="col">{t('privacy.requests.due')}</th>
              </tr>
            </thead>
            <tbody>
              {data.requests.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      aria-label={t('privacy.requests.open_detail', { reference: r.reference })}
                      onClick={() => setSelected(r.id)}
                    >
                      {r.reference}
                    </button>
                  </th>
                  <td>{t(`privacy.kinds.${r.kind}`)}</td>
                  <td>{r.law.toUpperCase()}</td>
                  <td>{t(`privacy.requests.statuses.${r.status}`)}</td>
                  <td>
                    <Due request={r} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected !== null && <RequestPanel key={selected} id={selected} onChanged={load} />}
    </div>
  );
}
