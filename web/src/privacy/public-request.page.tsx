/**
 * The public privacy request page, `/privacy-request/<shop id>` (no sign-in): choose what to ask,
 * give the email or phone the shop has, enter the code sent there, and for access or export
 * download the data as an encrypted zip whose password the shop sends to that email or phone
 * (ADR 0062). The reference and token stay in memory only; the same words appear whether or not the contact is on record.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { publicPrivacyApi, type Notice } from '../api/privacy.api';
import { AuthFrame } from '../auth/auth-frame';
import { formatDate } from '../format/dates';
import { ErrorMessage, Notice as Message } from '../shell/status';
import { RequestKindField, type RequestKindChoice } from './request-kind-field';

export function PublicRequestPage() {
  const { t } = useTranslation();
  const tenantId = useParams().tenantId ?? '';
  const [notice, setNotice] = useState<(Notice & { shop: string }) | null>(null);
  const [kind, setKind] = useState<RequestKindChoice>('export');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [ticket, setTicket] = useState<{ reference: string; requestToken: string; message: string } | null>(
    null,
  );
  const [code, setCode] = useState('');
  const [state, setState] = useState<{ canDownload: boolean; dueAt: string | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    publicPrivacyApi.notice(tenantId).then(setNotice, setError);
  }, [tenantId]);
  const attempt = (work: () => Promise<void>) => (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    work().catch(setError);
  };
  return (
    <AuthFrame wide>
      <h1>{t('privacy.public.title', { shop: notice?.shop ?? '…' })}</h1>
      <p>{t('privacy.public.intro')}</p>
      {notice !== null && <p className="hint">{notice.summary}</p>}
      {ticket === null && (
        <form
          className="stack"
          onSubmit={attempt(async () =>
            setTicket(
              await publicPrivacyApi.submit(tenantId, { kind, ...(email !== '' ? { email } : { phone }) }),
            ),
          )}
        >
          <RequestKindField
            id="public-kind"
            label={t('privacy.public.kind')}
            value={kind}
            onChange={setKind}
          />
          <div className="field">
            <label htmlFor="public-email">{t('privacy.public.email')}</label>
            <input
              id="public-email"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="public-phone">{t('privacy.public.phone')}</label>
            <input
              id="public-phone"
              type="tel"
              autoComplete="tel"
              value={phone}
              disabled={email !== ''}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={email === '' && phone === ''}>
            {t('privacy.public.submit')}
          </button>
        </form>
      )}
      {ticket !== null && state === null && (
        <form
          className="stack"
          onSubmit={attempt(async () =>
            setState(
              await publicPrivacyApi.verify(tenantId, {
                reference: ticket.reference,
                requestToken: ticket.requestToken,
                code,
              }),
            ),
          )}
        >
          <p role="status">{t('privacy.public.reference', { reference: ticket.reference })}</p>
          <p>{ticket.message}</p>
          <div className="field">
            <label htmlFor="public-code">{t('privacy.public.code')}</label>
            <input
              id="public-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
            />
          </div>
          <button type="submit" className="primary">
            {t('privacy.public.verify')}
          </button>
        </form>
      )}
      {ticket !== null && state !== null && (
        <div className="stack">
          <p role="status">
            {t('privacy.public.verified', { due: state.dueAt === null ? '—' : formatDate(state.dueAt) })}
          </p>
          {state.canDownload && (
            <form
              className="stack"
              onSubmit={attempt(async () => {
                await publicPrivacyApi.download(tenantId, {
                  reference: ticket.reference,
                  requestToken: ticket.requestToken,
                });
                setDone(t('privacy.public.downloaded'));
              })}
            >
              <p className="hint">{t('privacy.public.passwordHow')}</p>
              <button type="submit" className="primary">
                {t('privacy.public.download')}
              </button>
            </form>
          )}
          <Message>{done}</Message>
        </div>
      )}
      <ErrorMessage error={error} />
    </AuthFrame>
  );
}
