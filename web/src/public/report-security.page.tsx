/**
 * The public page where anyone reports a suspected breach or a security problem (no account; the
 * server throttles per network). It also carries the disclosure policy that security.txt names.
 * The browser keeps nothing: what was typed is gone once sent.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { publicApi } from '../api/incidents.api';
import { AuthFrame } from '../auth/auth-frame';
import { useAction } from '../shell/use-load';
import { ErrorMessage, Notice } from '../shell/status';

const categories = ['data_breach', 'phishing', 'vulnerability', 'lost_device', 'other'] as const;

export function ReportSecurityPage() {
  const { t } = useTranslation();
  const action = useAction();
  const [category, setCategory] = useState<string>('data_breach');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState('');
  const [gstin, setGstin] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { reference } = await publicApi.report({
        category,
        description,
        ...(contact.trim() === '' ? {} : { contact: contact.trim() }),
        ...(gstin.trim() === '' ? {} : { shopGstin: gstin.trim() }),
      });
      setDescription('');
      setContact('');
      return t('publicReport.thanks', { reference });
    });
  };
  return (
    <AuthFrame wide>
      <h1>{t('publicReport.title')}</h1>
      <p>{t('publicReport.intro')}</p>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="field">
          <label htmlFor="report-category">{t('publicReport.category')}</label>
          <select id="report-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            {categories.map((c) => (
              <option key={c} value={c}>
                {t(`incidents.reportCategories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-description">{t('publicReport.description')}</label>
          <textarea
            id="report-description"
            rows={5}
            required
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="report-contact">{t('publicReport.contact')}</label>
          <input
            id="report-contact"
            maxLength={200}
            autoComplete="email"
            value={contact}
            onChange={(e) => setContact(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="report-gstin">{t('publicReport.gstin')}</label>
          <input id="report-gstin" maxLength={15} value={gstin} onChange={(e) => setGstin(e.target.value)} />
        </div>
        <ErrorMessage error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" className="primary" disabled={action.busy || description.trim() === ''}>
          {t('publicReport.submit')}
        </button>
      </form>
      <section id="policy" aria-labelledby="policy-title" className="stack">
        <h2 id="policy-title">{t('publicReport.policyTitle')}</h2>
        <p>{t('publicReport.policy')}</p>
      </section>
    </AuthFrame>
  );
}
