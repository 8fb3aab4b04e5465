/**
 * The regulatory clocks as live countdowns: the server sends each deadline and what was left when
 * it answered; the screen counts down every second from there (so a wrong browser clock does not
 * matter), and shows the deadline in India time.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Clock } from '../api/incidents.api';
import { formatDuration } from '../format/ist-input';

function useSecondsSince(start: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now - start;
}

export function ClockLine({ clock, loadedAt }: { clock: Clock; loadedAt: number }) {
  const { t } = useTranslation();
  const elapsed = useSecondsSince(loadedAt);
  const left = clock.remainingMs === null ? null : clock.remainingMs - elapsed;
  const status = left !== null && left <= 0 && clock.status === 'running' ? 'lapsed' : clock.status;
  const tone = status === 'lapsed' || status === 'met_late' ? 'bad' : status === 'met' ? 'good' : '';
  return (
    <li className="row wrap" data-testid={`clock-${clock.clock}`} data-status={status}>
      <strong>{t(`incidents.clockNames.${clock.clock}`)}</strong>
      <span className={`badge ${tone}`}>
        {t(`incidents.clockStatus.${status}`, { left: left === null ? '' : formatDuration(left) })}
      </span>
      {(status === 'running' || status === 'lapsed') && (
        <span className="hint">{t('incidents.dueBy', { when: clock.deadlineIst })}</span>
      )}
    </li>
  );
}

export function Clocks({ clocks, loadedAt }: { clocks: readonly Clock[]; loadedAt: number }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="clocks-title" className="panel stack">
      <h2 id="clocks-title">{t('incidents.clocks')}</h2>
      <ul className="plain stack">
        {clocks.map((c) => (
          <ClockLine key={c.clock} clock={c} loadedAt={loadedAt} />
        ))}
      </ul>
    </section>
  );
}
