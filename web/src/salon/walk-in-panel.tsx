/**
 * The walk-in queue: add a client who walked in (service wanted, a preferred stylist if any, the
 * client by phone if they give one), see how long each has waited, give a waiting client a free
 * stylist (an appointment checked in now, ready to bill) or mark them gone.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { salonApi, type SalonServiceView, type StaffMember, type WalkInView } from '../api/salon.api';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';
import { ClientLookupFields, useClientLookup } from './client-panel';

interface Props {
  storeId: string;
  staff: StaffMember[];
  services: SalonServiceView[];
  /** After a client is given a stylist (the day's appointments change). */
  onAssigned: () => Promise<void>;
}

export function WalkInPanel({ storeId, staff, services, onAssigned }: Props) {
  const { t } = useTranslation();
  const action = useAction();
  const lookup = useClientLookup();
  const [queue, setQueue] = useState<WalkInView[]>([]);
  const [serviceId, setServiceId] = useState('');
  const [preferred, setPreferred] = useState('');
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const reload = useCallback(async () => {
    setQueue((await salonApi.queue(storeId)).queue);
  }, [storeId]);
  useEffect(() => {
    void action.run(reload);
  }, [reload]); // eslint-disable-line react-hooks/exhaustive-deps
  /** The stylist chosen for an entry: picked on screen, else the preferred one if free, else the first free. */
  const pick = (entry: WalkInView): string =>
    chosen[entry.id] ??
    (entry.freeStaff.some((s) => s.staffId === entry.preferredStaffId)
      ? (entry.preferredStaffId ?? '')
      : (entry.freeStaff[0]?.staffId ?? ''));
  const join = () =>
    void action.run(async () => {
      const added = await salonApi.joinQueue({
        storeId,
        serviceId: serviceId || (services[0]?.id ?? ''),
        customerId: lookup.client?.id ?? null,
        preferredStaffId: preferred === '' ? null : preferred,
      });
      await reload();
      return t('salon.walkIns.added', { number: added.queueNumber });
    });
  const assign = (entry: WalkInView) =>
    void action.run(async () => {
      const made = await salonApi.assignWalkIn(entry.id, pick(entry));
      await reload();
      await onAssigned();
      return t('salon.walkIns.assigned', { number: entry.queueNumber, stylist: made.staffFirstName });
    });
  const leave = (entry: WalkInView) =>
    void action.run(async () => {
      await salonApi.leaveQueue(entry.id);
      await reload();
      return t('salon.walkIns.gone', { number: entry.queueNumber });
    });
  return (
    <section className="panel stack" aria-labelledby="walk-in-title">
      <h2 id="walk-in-title">{t('salon.walkIns.title')}</h2>
      <div className="row wrap">
        <label>
          {t('salon.walkIns.service')}
          <select value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('salon.walkIns.preferred')}
          <select value={preferred} onChange={(e) => setPreferred(e.target.value)}>
            <option value="">{t('salon.walkIns.anyStylist')}</option>
            {staff.map((s) => (
              <option key={s.staffId} value={s.staffId}>
                {s.firstName}
              </option>
            ))}
          </select>
        </label>
        <ClientLookupFields
          lookup={lookup}
          phoneLabel={t('salon.walkIns.clientPhone')}
          findLabel={t('salon.walkIns.findClient')}
        />
        <button type="button" disabled={action.busy} onClick={join}>
          {t('salon.walkIns.join')}
        </button>
      </div>
      <ErrorMessage error={lookup.action.error ?? action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
      {queue.length === 0 ? (
        <p>{t('salon.walkIns.empty')}</p>
      ) : (
        <table data-testid="walk-in-queue">
          <thead>
            <tr>
              <th scope="col">{t('salon.walkIns.number')}</th>
              <th scope="col">{t('salon.walkIns.service')}</th>
              <th scope="col">{t('salon.clientColumn')}</th>
              <th scope="col">{t('salon.walkIns.waiting')}</th>
              <th scope="col">{t('salon.walkIns.stylist')}</th>
              <th scope="col">{t('salon.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((entry) => (
              <tr key={entry.id}>
                <td>{entry.queueNumber}</td>
                <td>{entry.serviceName}</td>
                <td>{entry.customerMasked ?? t('salon.walkIns.noName')}</td>
                <td>{t('salon.walkIns.minutes', { count: entry.waitingMinutes })}</td>
                <td>
                  {entry.freeStaff.length === 0 ? (
                    t('salon.walkIns.nobodyFree')
                  ) : (
                    <label>
                      <span className="visually-hidden">
                        {t('salon.walkIns.stylistFor', { number: entry.queueNumber })}
                      </span>
                      <select
                        value={pick(entry)}
                        onChange={(e) => setChosen({ ...chosen, [entry.id]: e.target.value })}
                      >
                        {entry.freeStaff.map((s) => (
                          <option key={s.staffId} value={s.staffId}>
                            {s.firstName}
                            {s.staffId === entry.preferredStaffId ? ` ${t('salon.walkIns.asked')}` : ''}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    disabled={action.busy || entry.freeStaff.length === 0}
                    onClick={() => assign(entry)}
                  >
                    {t('salon.walkIns.assign')}
                  </button>
                  <button type="button" disabled={action.busy} onClick={() => leave(entry)}>
                    {t('salon.walkIns.left')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
