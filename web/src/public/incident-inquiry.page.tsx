/**
 * The public inquiry page: a customer who was told about an incident asks a question with the
 * reference from the message (no account). The answer comes back on the channel the notice used.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { publicApi } from '../api/incidents.api';
import { AuthFrame } from '../auth/auth-frame';
import { useAction } from '../shell/use-load';
import { ErrorMessage, Notice } from '../shell/status';

export function IncidentInquiryPage() {
  const { t } = useTranslation();
  const action = useAction();
  const [reference, setReference] = useState('');
  const [question, setQuestion] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { incident } = await publicApi.ask(reference.trim(), question);
      setQuestion('');
      return t('inquiry.thanks', { incident });
    });
  };
  return (
    <AuthFrame>
      <h1>{t('inquiry.title')}</h1>
      <p>{t('inquiry.intro')}</p>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="field">
          <label htmlFor="inquiry-reference">{t('inquiry.reference')}</label>
          <input
            id="inquiry-reference"
            required
            autoComplete="off"
            maxLength={20}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="inquiry-question">{t('inquiry.question')}</label>
          <textarea
            id="inquiry-question"
            rows={4}
            required
            maxLength={2000}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
          />
        </div>
        <ErrorMessage error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" className="primary" disabled={action.busy || question.trim() === ''}>
          {t('inquiry.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
