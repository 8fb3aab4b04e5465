/**
 * Counters (managers): each counter of each store with its own invoice series for offline sales,
 * the blocks of numbers it kept, how many sales arrived from each, and after a wipe the numbers
 * that never arrived (sales lost with the counter, or numbers never used). Wiping a lost or
 * stolen counter destroys its keys: what it kept can no longer be read or sent.
 */
import { useTranslation } from 'react-i18next';
import { adminApi, type Store } from '../api/admin.api';
import { api } from '../api/api-client';
import { formatDateTime } from '../format/dates';
import { ErrorMessage, Loading } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';
import type { CounterStatus } from '../../../src/modules/offline/counter-keys.service';

interface StoreCounters {
  store: Store;
  counters: CounterStatus[];
}

const loadAll = async (): Promise<StoreCounters[]> => {
  const { stores } = await adminApi.stores();
  return Promise.all(
    stores.map(async (store) => ({
      store,
      counters: (await api<{ counters: CounterStatus[] }>('GET', `/offline/counters?storeId=${store.id}`))
        .counters,
    })),
  );
};

function CounterCard({ counter, onWiped }: { counter: CounterStatus; onWiped: () => Promise<void> }) {
  const { t } = useTranslation();
  const wipe = useAction();
  return (
    <section className="card stack" aria-labelledby={`counter-${counter.counterId}`}>
      <h2 id={`counter-${counter.counterId}`}>{counter.counterName}</h2>
      <p>
        {t('counters.series')}: {counter.seriesCode ?? t('counters.none')}
      </p>
      <p>{t('counters.signedIn', { count: counter.activeKeys })}</p>
      {counter.lastWipedAt !== null && (
        <p className="badge">{t('counters.wipedAt', { time: formatDateTime(counter.lastWipedAt) })}</p>
      )}
      {counter.blocks.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('counters.numbers')}</th>
              <th scope="col">{t('counters.state')}</th>
              <th scope="col">{t('counters.received')}</th>
              <th scope="col">{t('counters.reserved')}</th>
              <th scope="col">{t('counters.notReceived')}</th>
            </tr>
          </thead>
          <tbody>
            {counter.blocks.map((b) => (
              <tr key={b.firstNumber} data-testid="counter-block">
                <td>
                  {b.firstNumber} – {b.lastNumber}
                </td>
                <td>{t(`counters.states.${b.state}`)}</td>
                <td>{b.received}</td>
                <td>{formatDateTime(b.reservedAt)}</td>
                <td>
                  {b.notReceived.length === 0
                    ? t('counters.nothingLost')
                    : b.notReceived.map((r) => (
                        <span key={r.from} className="block">
                          {t('counters.range', { from: r.from, to: r.to, count: r.count })}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorMessage error={wipe.error} />
      <button
        type="button"
        className="danger"
        disabled={wipe.busy}
        onClick={() => {
          if (window.confirm(t('counters.wipeConfirm', { name: counter.counterName })))
            void wipe.run(async () => {
              await api('POST', `/offline/counters/${counter.counterId}/wipe`);
              await onWiped();
            });
        }}
      >
        {t('counters.wipe')}
      </button>
    </section>
  );
}

export default function CountersPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(loadAll);
  return (
    <div className="stack">
      <h1>{t('counters.title')}</h1>
      <p className="hint">{t('counters.intro')}</p>
      <ErrorMessage error={error} />
      {data === null && error === null && <Loading />}
      {data?.map(({ store, counters }) => (
        <div key={store.id} className="stack">
          {data.length > 1 && <h2>{store.name}</h2>}
          {counters.map((c) => (
            <CounterCard key={c.counterId} counter={c} onWiped={reload} />
          ))}
        </div>
      ))}
    </div>
  );
}
