/**
 * Enrolling an authenticator app: the QR code (an image made by the server, shown as a data: URL
 * that the CSP allows for images), the key to type by hand, and a first code to prove it works.
 * On success the server issues a new session and ten recovery codes.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.api';
import { ErrorMessage, Loading } from '../shell/status';

/** The base32 secret of an otpauth:// URI, in groups of four for typing. */
export function manualKey(otpauthUri: string): string {
  const secret = new URL(otpauthUri).searchParams.get('secret') ?? '';
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export function TotpEnrolment({ onEnrolled }: { onEnrolled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<{ otpauthUri: string; qrDataUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    authApi.startTotp().then(
      (started) => live && setEnrolment(started),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const confirmed = await authApi.confirmTotp(code.replace(/\s/g, ''));
      onEnrolled(confirmed.recoveryCodes);
    } catch (e) {
      setError(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  if (enrolment === null) return error === null ? <Loading /> : <ErrorMessage error={error} />;
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-busy={busy}>
      <p>{t('mfa.scan')}</p>
      <img className="qr" src={enrolment.qrDataUrl} alt={t('mfa.qrAlt')} width={200} height={200} />
      <p>
        {t('mfa.manualKey')} <code data-testid="totp-key">{manualKey(enrolment.otpauthUri)}</code>
      </p>
      <div className="field">
        <label htmlFor="totp-confirm">{t('mfa.enterCode')}</label>
        <input
          id="totp-confirm"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('mfa.confirm')}
      </button>
    </form>
  );
}
