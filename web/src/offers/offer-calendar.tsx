/** A calendar of what runs when: each offer and sale price as a row, each day (IST) a column. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { offersApi, type CalendarEntry } from '../api/offers.api';
import { formatDateOnly, todayInIst } from '../format/dates';
import { DateInput } from '../shell/date-input';
import { ErrorMessage, Loading } from '../shell/status';
import { useFetch } from '../shell/use-load';

const DAYS = 14;
const DAY_MS = 86_400_000;
const IST_OFFSET_MS = 330 * 60_000;

/** The IST calendar days from `from`, as ISO dates. */
function daysFrom(from: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: DAYS }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/** Whether the entry runs at some moment of the IST day. */
function runsOn(entry: CalendarEntry, day: string): boolean {
  const dayStart = Date.parse(`${day}T00:00:00Z`) - IST_OFFSET_MS;
  const dayEnd = dayStart + DAY_MS;
  const start = Date.parse(entry.startsAt);
  const end = entry.endsAt === null ? Infinity : Date.parse(entry.endsAt);
  return start < dayEnd && end > dayStart;
}

export function OfferCalendar() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(todayInIst());
  const days = from === '' ? [] : daysFrom(from);
  const last = days[days.length - 1] ?? from;
  const after =
    last === '' ? '' : new Date(Date.parse(`${last}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const loaded = useFetch(`${from}|${after}`, () =>
    from === '' ? Promise.resolve([]) : offersApi.calendar(`${from}T00:00`, `${after}T00:00`),
  );
  return (
    <section className="stack" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t('offers.tab.calendar')}</h2>
      <div className="field">
        <label htmlFor="calendar-from">{t('offers.calendar.from')}</label>
        <DateInput id="calendar-from" value={from} onValue={setFrom} />
      </div>
      <ErrorMessage error={loaded.error} />
      {loaded.data === null ? (
        from === '' ? null : (
          <Loading />
        )
      ) : loaded.data.length === 0 ? (
        <p className="empty">{t('offers.calendar.none')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="offer-calendar">
            <caption>{t('offers.calendar.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('offers.name')}</th>
                {days.map((d) => (
                  <th scope="col" key={d}>
                    {formatDateOnly(d).slice(0, 5)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((e) => (
                <tr key={`${e.type}-${e.id}`}>
                  <th scope="row">
                    {e.name}{' '}
                    <small>
                      ({t(e.type === 'offer' ? 'offers.calendar.offer' : 'offers.calendar.priceList')}
                      {e.status === 'paused' ? `, ${t('offers.paused')}` : ''})
                    </small>
                  </th>
                  {days.map((d) =>
                    runsOn(e, d) ? (
                      <td key={d} className={e.status === 'paused' ? 'runs paused' : 'runs'}>
                        <span aria-hidden="true">■</span>
                        <span className="visually-hidden">{t('offers.calendar.runs')}</span>
                      </td>
                    ) : (
                      <td key={d} />
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
