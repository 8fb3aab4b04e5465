/**
 * Pieces of the security audit page: the score with its counts, versions and signed exports; the
 * checks (failing first) with what each found, what to do and its evidence; and the score trend.
 */
import { useTranslation } from 'react-i18next';
import { detailsWords } from '../format/words';
import { selfAuditApi, type CheckResult, type RunDetail, type RunSummary } from '../api/self-audit.api';
import { formatDate, formatDateTime } from '../format/dates';

const ORDER: Record<CheckResult['status'], number> = { fail: 0, error: 1, unknown: 2, warn: 3, pass: 4 };
const BADGE: Record<CheckResult['status'], string> = {
  fail: 'badge bad',
  error: 'badge bad',
  unknown: 'badge',
  warn: 'badge warn',
  pass: 'badge good',
};

export function ScoreSummary({ run }: { run: RunDetail }) {
  const { t } = useTranslation();
  const report = run.report;
  if (report === null) return null;
  const version = (name: string, v: typeof report.versions.node) =>
    t('securityAudit.versionLine', {
      name,
      version: v.version,
      status: t(`securityAudit.lifecycle.${v.status}`, {
        date: v.endOfLife === null ? '' : formatDate(v.endOfLife),
      }),
    });
  return (
    <section className="tile stack" aria-labelledby="score-title" data-testid="audit-score">
      <h2 id="score-title">
        {t('securityAudit.score')}:{' '}
        <span data-testid="score-value">
          {t('securityAudit.scoreOf', { score: report.score.toFixed(1) })}
        </span>
      </h2>
      <p>{t('securityAudit.counts', report.counts)}</p>
      <p>
        {t('securityAudit.ranAt', {
          when: formatDateTime(report.finishedAt),
          trigger: t(`securityAudit.triggers.${report.trigger}`),
        })}
      </p>
      <p>
        {version('Tijori', report.versions.tijori)}
        <br />
        {version('Node.js', report.versions.node)}
      </p>
      <div className="row wrap">
        <span>{t('securityAudit.export')}:</span>
        <a className="download" href={selfAuditApi.exportUrl(run.id, 'pdf')} download>
          {t('securityAudit.exportPdf')}
        </a>
        <a className="download" href={selfAuditApi.exportUrl(run.id, 'json')} download>
          {t('securityAudit.exportJson')}
        </a>
      </div>
      <p className="perm-list">{t('securityAudit.exportHint')}</p>
    </section>
  );
}

export function CheckList({ checks }: { checks: readonly CheckResult[] }) {
  const { t } = useTranslation();
  const sorted = [...checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <div className="table-wrap">
      <table data-testid="audit-checks">
        <thead>
          <tr>
            <th scope="col">{t('securityAudit.check')}</th>
            <th scope="col">{t('securityAudit.severity')}</th>
            <th scope="col">{t('securityAudit.found')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((check) => (
            <tr key={check.id} data-check={check.id} data-status={check.status}>
              <th scope="row">
                <span className={BADGE[check.status]}>{t(`securityAudit.checkStatus.${check.status}`)}</span>{' '}
                {check.title}
              </th>
              <td>{t(`securityAudit.severities.${check.severity}`)}</td>
              <td className="stack">
                <span>{check.found}</span>
                {check.remediation !== null && (
                  <details>
                    <summary>{t('securityAudit.whatToDo')}</summary>
                    <p>{check.remediation}</p>
                    <p>{t('securityAudit.evidence')}:</p>
                    <ul className="evidence">
                      {detailsWords(t, check.evidence).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The scores of completed runs, oldest first, as a small line chart. */
export function Trend({ runs }: { runs: readonly RunSummary[] }) {
  const { t } = useTranslation();
  const points = runs.filter((r) => r.score !== null).reverse();
  if (points.length < 2) return null;
  const width = 320;
  const height = 80;
  const step = width / (points.length - 1);
  const coords = points.map(
    (r, i) => `${(i * step).toFixed(1)},${(height - ((r.score ?? 0) / 100) * height).toFixed(1)}`,
  );
  return (
    <figure className="stack">
      <svg
        role="img"
        aria-label={t('securityAudit.trendLabel', { count: points.length })}
        viewBox={`-4 -4 ${width + 8} ${height + 8}`}
        width={width}
        height={height}
        data-testid="audit-trend"
      >
        <polyline points={coords.join(' ')} fill="none" stroke="currentColor" strokeWidth="2" />
        {coords.map((c, i) => {
          const [x, y] = c.split(',');
          return <circle key={points[i]?.id} cx={x} cy={y} r="3" fill="currentColor" />;
        })}
      </svg>
      <figcaption className="perm-list">{t('securityAudit.trendLabel', { count: points.length })}</figcaption>
    </figure>
  );
}
