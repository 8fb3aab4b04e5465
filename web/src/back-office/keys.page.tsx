/**
 * The crypto inventory (every data key with purpose, version, status, age and rotation date) and
 * online rotation: starting one creates the next key version at once; the server re-encrypts in
 * the background and this page follows its progress.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type PepperStatus, type RotationProgress } from '../api/admin.api';
import { formatDate, formatDateTime } from '../format/dates';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

const POLL_MS = 500;

function Progress({ rotation }: { rotation: RotationProgress }) {
  const { t } = useTranslation();
  // Every value is re-encrypted, but the old version retires only once every server instance has
  // had time to drop it from its cache (about half a minute).
  const state =
    rotation.status === 'running' && rotation.rowsDone >= rotation.rowsTotal ? 'retiring' : rotation.status;
  const label = t(`keys.rotation.${state}`, {
    done: rotation.rowsDone,
    total: rotation.rowsTotal,
    key: t(`keys.purposes.${rotation.keyId}`, { defaultValue: t('keys.purpose') }),
    to: rotation.toVersion,
  });
  return (
    <div className="stack" role="status" data-testid="rotation-status" data-status={state}>
      <label htmlFor="rotation-progress">{label}</label>
      <progress
        id="rotation-progress"
        max={Math.max(rotation.rowsTotal, 1)}
        value={rotation.status === 'completed' ? Math.max(rotation.rowsTotal, 1) : rotation.rowsDone}
      />
    </div>
  );
}

/**
 * After a master key (KEK) change: the people who must sign in before the old password secret's
 * deadline (in IST), and those who must have their password reset once it has passed. Nothing when
 * nobody is waiting.
 */
function PepperPanel({ status }: { status: PepperStatus }) {
  const { t } = useTranslation();
  if (status.retired.length === 0 && status.mustReset.length === 0) return null;
  return (
    <section className="panel stack" aria-labelledby="pepper-title" data-testid="pepper-status">
      <h2 id="pepper-title">{t('keys.pepper.title')}</h2>
      {status.retired.map((r) => (
        <div key={r.deadline} className="stack" data-testid="pepper-waiting">
          <p>{t('keys.pepper.waiting', { count: r.waiting.length, deadline: formatDateTime(r.deadline) })}</p>
          <ul>
            {r.waiting.map((p) => (
              <li key={p.userId}>{p.name}</li>
            ))}
          </ul>
          <p className="hint">{t('keys.pepper.waitingHint')}</p>
        </div>
      ))}
      {status.mustReset.length > 0 && (
        <div className="stack" role="alert" data-testid="pepper-must-reset">
          <p>{t('keys.pepper.mustReset', { count: status.mustReset.length })}</p>
          <ul>
            {status.mustReset.map((p) => (
              <li key={p.userId}>{p.name}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export default function KeysPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(adminApi.keys);
  const pepper = useLoad(adminApi.pepperStatus);
  const action = useAction();
  const [rotation, setRotation] = useState<RotationProgress | null>(null);

  useEffect(() => {
    if (rotation?.status !== 'running') return;
    const timer = setTimeout(() => {
      adminApi.rotation(rotation.id).then(
        (next) => {
          setRotation(next);
          if (next.status !== 'running') void reload();
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [rotation, reload]);

  const rotate = (purpose: string) =>
    void action.run(async () => {
      setRotation(await adminApi.startRotation(purpose));
      await reload();
    });

  return (
    <div className="stack">
      <h1>{t('keys.title')}</h1>
      <p>{t('keys.intro')}</p>
      <ErrorMessage error={error ?? action.error} />
      {rotation !== null && <Progress rotation={rotation} />}
      {pepper.data !== undefined && pepper.data !== null && <PepperPanel status={pepper.data} />}
      <div className="table-wrap">
        <table data-testid="keys-table">
          <thead>
            <tr>
              <th scope="col">{t('keys.purpose')}</th>
              <th scope="col">{t('keys.kind')}</th>
              <th scope="col" className="num">
                {t('keys.version')}
              </th>
              <th scope="col">{t('keys.status')}</th>
              <th scope="col" className="num">
                {t('keys.age')}
              </th>
              <th scope="col">{t('keys.rotateBy')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data?.keys.map((key) => (
              <tr key={`${key.keyId}:${String(key.version)}`}>
                <th scope="row">{t(`keys.purposes.${key.purpose}`, { defaultValue: key.purpose })}</th>
                <td>{t(`keys.kinds.${key.kind}`, { defaultValue: key.kind })}</td>
                <td className="num">{key.version}</td>
                <td>
                  <span
                    className={key.overdue ? 'badge bad' : key.status === 'active' ? 'badge good' : 'badge'}
                  >
                    {key.overdue
                      ? t('keys.overdue')
                      : t(`keys.states.${key.status}`, { defaultValue: key.status })}
                  </span>
                </td>
                <td className="num">{t('keys.days', { count: key.ageDays })}</td>
                <td>{formatDate(key.rotateBy)}</td>
                <td>
                  {key.status === 'active' && key.kind === 'encryption' && key.keyId === key.purpose && (
                    <button
                      type="button"
                      className="secondary small"
                      disabled={action.busy || rotation?.status === 'running'}
                      onClick={() => rotate(key.purpose)}
                    >
                      {t('keys.rotate')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
