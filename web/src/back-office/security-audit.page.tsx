/**
 * The security audit: "Run now" (owners and admins), the latest report with its score, every
 * check with what it found and what to do, signed PDF and JSON exports for an auditor, the score
 * trend, and the history of runs (each can be opened). A run goes on in the background on the
 * server; this page follows it until it is done.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selfAuditApi, type RunDetail } from '../api/self-audit.api';
import { useSession } from '../auth/session';
import { formatDateTime } from '../format/dates';
import { ErrorMessage } from '../shell/status';
import { CheckList, ScoreSummary, Trend } from './security-audit.parts';
import { useAction, useLoad } from '../shell/use-load';

const POLL_MS = 1000;

export default function SecurityAuditPage() {
  const { t } = useTranslation();
  const session = useSession();
  const runs = useLoad(selfAuditApi.runs);
  // Stable across renders; a finished run reloads the history so the trend includes it.
  const { reload } = runs;
  const action = useAction();
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const shown = selected ?? runs.data?.runs[0]?.id ?? null;

  useEffect(() => {
    if (shown === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      selfAuditApi.run(shown).then(
        ({ run }) => {
          if (!live) return;
          setDetail(run);
          if (run.status === 'running') timer = setTimeout(() => void load(), POLL_MS);
          else if (selected !== null) void reload();
        },
        () => undefined,
      );
    void load();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [shown, selected, reload]);

  const runNow = () =>
    void action.run(async () => {
      const { run } = await selfAuditApi.runNow();
      setSelected(run.id);
      await runs.reload();
    });

  return (
    <div className="stack">
      <h1>{t('securityAudit.title')}</h1>
      <p>{t('securityAudit.intro')}</p>
      {session.permissions.has('security_audit.run') && (
        <div className="row">
          <button
            type="button"
            className="primary"
            onClick={runNow}
            disabled={action.busy || detail?.status === 'running'}
          >
            {t('securityAudit.runNow')}
          </button>
          {detail?.status === 'running' && (
            <span role="status" data-testid="audit-running">
              {t('securityAudit.running')}
            </span>
          )}
        </div>
      )}
      <ErrorMessage error={runs.error ?? action.error} />
      {runs.data !== null && runs.data.runs.length === 0 && <p>{t('securityAudit.noRuns')}</p>}
      {detail?.status === 'failed' && (
        <p className="message message-error">
          {t('securityAudit.failedRun', { reason: detail.error ?? '' })}
        </p>
      )}
      {detail !== null && detail.report !== null && (
        <>
          <ScoreSummary run={detail} />
          <CheckList checks={detail.report.checks} />
        </>
      )}
      {runs.data !== null && runs.data.runs.length > 0 && (
        <section className="stack" aria-labelledby="history-title">
          <h2 id="history-title">{t('securityAudit.history')}</h2>
          <Trend runs={runs.data.runs} />
          <div className="table-wrap">
            <table data-testid="audit-history">
              <thead>
                <tr>
                  <th scope="col">{t('securityAudit.when')}</th>
                  <th scope="col">{t('securityAudit.how')}</th>
                  <th scope="col" className="num">
                    {t('securityAudit.score')}
                  </th>
                  <th scope="col" className="num">
                    {t('securityAudit.failing')}
                  </th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {runs.data.runs.map((run) => (
                  <tr key={run.id}>
                    <th scope="row">{formatDateTime(run.startedAt)}</th>
                    <td>{t(`securityAudit.triggers.${run.trigger}`)}</td>
                    <td className="num">
                      {run.score === null ? t(`securityAudit.runStatus.${run.status}`) : run.score.toFixed(1)}
                    </td>
                    <td className="num">{run.counts.fail}</td>
                    <td>
                      {run.id === shown ? (
                        <span className="badge">{t('securityAudit.viewing')}</span>
                      ) : (
                        <button type="button" className="secondary small" onClick={() => setSelected(run.id)}>
                          {t('securityAudit.view')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
