/**
 * The farmer's khata through the season on the khata page: next due date, overdue, interest on
 * it (when the shop charges interest), what is payable and the ageing; and the statement of a
 * period downloaded as a PDF in English or Hindi.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { agriApi, type StatementLanguage } from '../api/agri.api';
import { formatDateOnly, todayInIst } from '../format/dates';
import { formatRupees } from '../format/money';
import { ErrorMessage, Loading } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';

const buckets = ['0-30', '31-90', '91-180', 'over-180'] as const;
const languages: readonly StatementLanguage[] = ['en', 'hi'];

/** The first day of the financial year (1 April) a day falls in. */
function financialYearStart(day: string): string {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '04-01' ? `${String(year)}-04-01` : `${String(year - 1)}-04-01`;
}

export function SeasonKhata({ customerId, version }: { customerId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const position = useFetch(`${customerId}:${String(version)}`, () => agriApi.khata(customerId));
  const today = todayInIst();
  const [from, setFrom] = useState(financialYearStart(today));
  const [to, setTo] = useState(today);
  const [lang, setLang] = useState<StatementLanguage>(i18n.language.startsWith('hi') ? 'hi' : 'en');
  const download = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void download.run(() => agriApi.statement(customerId, { from, to, lang }));
  };
  const p = position.data;
  return (
    <section className="card stack" aria-labelledby="season-khata-title" data-testid="season-khata">
      <h2 id="season-khata-title">{t('agri.season.title')}</h2>
      {p === null ? (
        position.error === null ? (
          <Loading />
        ) : (
          <ErrorMessage error={position.error} />
        )
      ) : (
        <dl className="summary">
          <div>
            <dt>{t('agri.season.nextDue')}</dt>
            <dd>{p.nextDueDate === null ? t('agri.season.nothingDue') : formatDateOnly(p.nextDueDate)}</dd>
          </div>
          <div>
            <dt>{t('agri.season.overdue')}</dt>
            <dd>{formatRupees(p.overduePaise)}</dd>
          </div>
          <div>
            <dt>{t('agri.season.interest')}</dt>
            <dd>{formatRupees(p.interestPaise)}</dd>
          </div>
          <div>
            <dt>{t('agri.season.payable')}</dt>
            <dd>{formatRupees(p.balancePaise + p.interestPaise)}</dd>
          </div>
          {buckets.map((b) => (
            <div key={b}>
              <dt>
                {t('agri.season.ageing')}: {t(`agri.season.bucket.${b}`)}
              </dt>
              <dd>{formatRupees(p.ageing[b])}</dd>
            </div>
          ))}
        </dl>
      )}
      <form
        className="row wrap"
        onSubmit={submit}
        aria-busy={download.busy}
        aria-label={t('agri.statement.title')}
      >
        <div className="field">
          <label htmlFor="statement-from">{t('agri.statement.from')}</label>
          <input
            id="statement-from"
            type="date"
            value={from}
            max={to}
            required
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="statement-to">{t('agri.statement.to')}</label>
          <input
            id="statement-to"
            type="date"
            value={to}
            min={from}
            required
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="statement-lang">{t('agri.statement.language')}</label>
          <select
            id="statement-lang"
            value={lang}
            onChange={(e) => setLang(e.target.value as StatementLanguage)}
          >
            {languages.map((l) => (
              <option key={l} value={l}>
                {t(`agri.statement.languages.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary" disabled={download.busy}>
          {t('agri.statement.download')}
        </button>
      </form>
      <ErrorMessage error={download.error} />
    </section>
  );
}
