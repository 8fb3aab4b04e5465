/**
 * Importing a CSV file (items or customers): the file is read in the browser and sent as the
 * body; the server checks every row and answers a report. By default one bad row stops the whole
 * import (nothing is written) and the report lists every problem by row and column; "skip bad
 * rows" imports the good ones.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../api/catalog.api';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';

export interface CsvImportProps {
  title: string;
  /** The header the file needs, shown as help. */
  columns: string;
  send: (csv: string, skipInvalid: boolean) => Promise<ImportReport>;
  onImported?: () => void;
}

export function CsvImport({ title, columns, send, onImported }: CsvImportProps) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file === null) return;
    void action.run(async () => {
      const result = await send(await file.text(), skip);
      setReport(result);
      if (result.imported > 0) onImported?.();
    });
  };
  return (
    <section className="panel stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <form className="stack" onSubmit={submit}>
        <p className="hint">
          {t('imports.columnsLead')} <code>{columns}</code>
        </p>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('imports.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />
          {t('imports.skipInvalid')}
        </label>
        <ErrorMessage error={action.error} />
        <button type="submit" className="primary" disabled={action.busy || file === null}>
          {t('imports.run')}
        </button>
      </form>
      {report !== null && (
        <div className="stack" data-testid="import-report" role="status">
          <p className={report.rejected ? 'warn' : 'good'}>
            {report.rejected
              ? t('imports.rejected', { rows: report.rows, problems: report.problems.length })
              : t('imports.done', { imported: report.imported, skipped: report.skipped, rows: report.rows })}
          </p>
          {report.problems.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('imports.row')}</th>
                    <th scope="col">{t('imports.column')}</th>
                    <th scope="col">{t('imports.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.problems.map((p, i) => (
                    <tr key={i}>
                      <td>{p.row}</td>
                      <td>
                        <code>{p.column}</code>
                      </td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
