/**
 * The recall of one batch (issue 17): the bills it went out on (number, date, quantity; no
 * customer data), then the farmers to contact behind a reason (and a recent password; recorded
 * in the audit trail; shown until "Hide"), and the recall notice by SMS: before sending, how many
 * farmers it will reach and, in words, why the others will not (no agreement to SMS reminders, no
 * phone number, data erased, already told, walk-in bills). Each farmer is sent a batch's notice once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../auth/session';
import { formatDate, formatDateOnly } from '../format/dates';
import { ErrorMessage, Loading, Notice } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import { BATCHES_PATH } from './batch-paths';
import { recallApi, type Reason, type RecallAudience, type RecallFarmer } from './farmer-records.api';
import { ReasonFields } from './reason-fields';

function AudienceWords({ audience }: { audience: RecallAudience }) {
  const { t } = useTranslation();
  const left: Array<[keyof RecallAudience, string]> = [
    ['withoutConsent', 'farmerRecords.recall.withoutConsent'],
    ['withoutPhone', 'farmerRecords.recall.withoutPhone'],
    ['erased', 'farmerRecords.recall.erased'],
    ['alreadySent', 'farmerRecords.recall.alreadySent'],
    ['walkInBills', 'farmerRecords.recall.walkInBills'],
  ];
  const reasons = left.filter(([k]) => Number(audience[k]) > 0);
  return (
    <div data-testid="recall-audience">
      <p className={audience.willReceive > 0 ? 'good' : 'warn'}>
        {t('farmerRecords.recall.willReceive', { count: audience.willReceive })}
      </p>
      {reasons.length > 0 && (
        <>
          <p>{t('farmerRecords.recall.leftOut')}</p>
          <ul>
            {reasons.map(([k, key]) => (
              <li key={k}>{t(key, { count: Number(audience[k]) })}</li>
            ))}
          </ul>
        </>
      )}
      {audience.lastSentAt !== null && (
        <p className="hint">
          {t('farmerRecords.recall.lastSent', { date: formatDate(audience.lastSentAt) })}
        </p>
      )}
    </div>
  );
}

function FarmersToContact({ batchId }: { batchId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<Reason>({ category: 'legal', text: '' });
  const [farmers, setFarmers] = useState<RecallFarmer[] | null>(null);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setFarmers((await recallApi.farmers(batchId, { ...reason, text: reason.text.trim() })).farmers);
    });
  };
  if (farmers !== null)
    return (
      <div className="stack">
        <p className="hint">{t('customers.revealRecorded')}</p>
        {farmers.length === 0 ? (
          <p className="empty">{t('farmerRecords.recall.noFarmers')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="recall-farmers">
              <thead>
                <tr>
                  <th scope="col">{t('farmerRecords.recall.farmer')}</th>
                  <th scope="col">{t('farmerRecords.recall.phone')}</th>
                  <th scope="col">{t('farmerRecords.recall.bills')}</th>
                  <th scope="col" className="num">
                    {t('farmerRecords.recall.quantity')}
                  </th>
                  <th scope="col">{t('farmerRecords.recall.sms')}</th>
                </tr>
              </thead>
              <tbody>
                {farmers.map((f) => (
                  <tr key={f.customerId}>
                    <th scope="row">{f.name ?? t('farmerRecords.recall.erasedName')}</th>
                    <td>{f.phone ?? t('farmerRecords.recall.noPhone')}</td>
                    <td>{f.bills.join(', ')}</td>
                    <td className="num">{f.quantity}</td>
                    <td>
                      {t(f.smsConsent ? 'farmerRecords.recall.agreed' : 'farmerRecords.recall.notAgreed')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="row">
          <button type="button" className="secondary" onClick={() => setFarmers(null)}>
            {t('farmerRecords.recall.hide')}
          </button>
        </div>
      </div>
    );
  return (
    <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
      <ReasonFields idPrefix="recall" value={reason} onChange={setReason} />
      <button type="submit" className="secondary" disabled={action.busy}>
        {t('farmerRecords.recall.show')}
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
}

export default function RecallPage() {
  const { t } = useTranslation();
  const { batchId = '' } = useParams();
  const session = useSession();
  const recall = useFetch(batchId, () => recallApi.recall(batchId));
  const send = useAction();
  if (recall.data === null)
    return recall.error === null ? <Loading /> : <ErrorMessage error={recall.error} />;
  const { batch, sales, audience } = recall.data;
  const farmersOnBills = sales.some((s) => s.hasFarmer);
  return (
    <div className="stack">
      <p>
        <Link to={BATCHES_PATH}>{t('farmerRecords.recall.back')}</Link>
      </p>
      <h1>{t('farmerRecords.recall.title', { item: batch.itemName, batch: batch.batchNo })}</h1>
      <p>{t('farmerRecords.recall.expiry', { date: formatDateOnly(batch.expiryDate) })}</p>

      <section className="card stack" aria-labelledby="recall-sales-title">
        <h2 id="recall-sales-title">{t('farmerRecords.recall.salesTitle')}</h2>
        {sales.length === 0 ? (
          <p className="empty">{t('farmerRecords.recall.noSales')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="recall-sales">
              <thead>
                <tr>
                  <th scope="col">{t('farmerRecords.recall.bill')}</th>
                  <th scope="col">{t('farmerRecords.recall.date')}</th>
                  <th scope="col" className="num">
                    {t('farmerRecords.recall.quantity')}
                  </th>
                  <th scope="col">{t('farmerRecords.recall.buyer')}</th>
                </tr>
              </thead>
              <tbody>
                {sales.map((s) => (
                  <tr key={s.documentId}>
                    <th scope="row">
                      <Link to={`/documents/invoice/${encodeURIComponent(s.documentId)}`}>
                        {s.billNumber}
                      </Link>
                    </th>
                    <td>{formatDateOnly(s.date)}</td>
                    <td className="num">{s.quantity}</td>
                    <td>
                      {t(s.hasFarmer ? 'farmerRecords.recall.namedFarmer' : 'farmerRecords.recall.walkIn')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {farmersOnBills && (
        <section className="card stack" aria-labelledby="recall-farmers-title">
          <h2 id="recall-farmers-title">{t('farmerRecords.recall.farmersTitle')}</h2>
          <p className="hint">{t('farmerRecords.recall.farmersIntro')}</p>
          {session.permissions.has('customer.pii.reveal') ? (
            <FarmersToContact batchId={batchId} />
          ) : (
            <p>{t('farmerRecords.recall.farmersNotAllowed')}</p>
          )}
        </section>
      )}

      {farmersOnBills && (
        <section className="card stack" aria-labelledby="recall-notice-title">
          <h2 id="recall-notice-title">{t('farmerRecords.recall.noticeTitle')}</h2>
          <p className="hint">{t('farmerRecords.recall.noticeIntro')}</p>
          <AudienceWords audience={audience} />
          {session.permissions.has('catalog.manage') && (
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={send.busy || audience.willReceive === 0}
                onClick={() =>
                  void send.run(async () => {
                    const sent = await recallApi.send(batchId);
                    await recall.reload();
                    return t('farmerRecords.recall.sent', { count: sent.queued });
                  })
                }
              >
                {audience.willReceive === 0
                  ? t('farmerRecords.recall.nobodyToSend')
                  : t('farmerRecords.recall.send', { count: audience.willReceive })}
              </button>
            </div>
          )}
          <Notice>{send.notice}</Notice>
          <ErrorMessage error={send.error} />
        </section>
      )}
    </div>
  );
}
