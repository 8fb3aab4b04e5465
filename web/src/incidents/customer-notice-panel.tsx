/**
 * Telling the affected customers: language (English, Hindi or both), channels, a plain-words
 * summary; a preview of exactly what goes out (the reference is filled in per customer), then
 * send. Below, the questions customers asked with their reference, and the answers.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { incidentsApi, type Inquiry, type NoticeRequest } from '../api/incidents.api';
import { useAction } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { ErrorMessage, Notice } from '../shell/status';

function Inquiries({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const [inquiries, setInquiries] = useState<Inquiry[] | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const load = () =>
    action.run(async () => setInquiries((await incidentsApi.inquiries(incidentId)).inquiries));
  return (
    <div className="stack">
      <h3>{t('incidents.inquiries')}</h3>
      <button type="button" className="secondary" onClick={() => void load()} disabled={action.busy}>
        {t('incidents.loadInquiries')}
      </button>
      {inquiries?.length === 0 && <p>{t('incidents.noInquiries')}</p>}
      <ul className="plain stack">
        {inquiries?.map((q) => (
          <li key={q.id} className="stack">
            <p>
              <strong>{formatDateTime(q.receivedAt)}</strong> {q.question}
            </p>
            {q.answer !== null ? (
              <p className="hint">{q.answer}</p>
            ) : (
              <div className="row wrap">
                <textarea
                  aria-label={t('incidents.answerLabel')}
                  rows={2}
                  value={answers[q.id] ?? ''}
                  onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                />
                <button
                  type="button"
                  className="primary"
                  disabled={action.busy || (answers[q.id] ?? '').trim() === ''}
                  onClick={() =>
                    void action.run(async () => {
                      await incidentsApi.answer(incidentId, q.id, answers[q.id] ?? '');
                      setInquiries((await incidentsApi.inquiries(incidentId)).inquiries);
                    })
                  }
                >
                  {t('incidents.answerSend')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={action.error} />
    </div>
  );
}

export function CustomerNoticePanel({ incidentId, onChange }: { incidentId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [language, setLanguage] = useState<NoticeRequest['language']>('both');
  const [channels, setChannels] = useState<Array<'email' | 'sms'>>(['email', 'sms']);
  const [en, setEn] = useState('');
  const [hi, setHi] = useState('');
  const [preview, setPreview] = useState<{
    subject: string;
    email: string;
    sms: string;
    recipients: Record<string, number>;
  } | null>(null);
  const request = (): NoticeRequest => ({
    language,
    channels,
    summary: { en, ...(hi.trim() === '' ? {} : { hi }) },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => setPreview(await incidentsApi.previewCustomerNotice(incidentId, request())));
  };
  const send = () =>
    void action.run(async () => {
      const sent = await incidentsApi.sendCustomerNotice(incidentId, request());
      setPreview(null);
      onChange();
      return sent.wouldSend ? t('incidents.wouldSend', sent) : t('incidents.sent', sent);
    });

  return (
    <section aria-labelledby="customers-title" className="panel stack">
      <h2 id="customers-title">{t('incidents.customersTitle')}</h2>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="notice-language">{t('incidents.language')}</label>
            <select
              id="notice-language"
              value={language}
              onChange={(e) => setLanguage(e.target.value as NoticeRequest['language'])}
            >
              {(['both', 'en', 'hi'] as const).map((l) => (
                <option key={l} value={l}>
                  {t(`incidents.languages.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="checks">
            <legend>{t('incidents.channels')}</legend>
            {(['email', 'sms'] as const).map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={channels.includes(c)}
                  onChange={(e) =>
                    setChannels(e.target.checked ? [...channels, c] : channels.filter((x) => x !== c))
                  }
                />
                {t(`incidents.${c}`)}
              </label>
            ))}
          </fieldset>
        </div>
        <div className="field">
          <label htmlFor="notice-en">{t('incidents.summaryEn')}</label>
          <textarea
            id="notice-en"
            rows={2}
            maxLength={600}
            required
            value={en}
            onChange={(e) => setEn(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="notice-hi">{t('incidents.summaryHi')}</label>
          <textarea
            id="notice-hi"
            rows={2}
            maxLength={600}
            lang="hi"
            value={hi}
            onChange={(e) => setHi(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className="secondary"
          disabled={action.busy || en.trim() === '' || channels.length === 0}
        >
          {t('incidents.preview')}
        </button>
      </form>
      {preview !== null && (
        <div className="stack" data-testid="notice-preview">
          <p>
            {t('incidents.recipients', {
              email: preview.recipients.email ?? 0,
              sms: preview.recipients.sms ?? 0,
            })}
          </p>
          <strong>{preview.subject}</strong>
          <pre className="notice-text">{preview.email}</pre>
          <pre className="notice-text">{preview.sms}</pre>
          <button type="button" className="primary" disabled={action.busy} onClick={send}>
            {t('incidents.send')}
          </button>
        </div>
      )}
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
      <Inquiries incidentId={incidentId} />
    </section>
  );
}
