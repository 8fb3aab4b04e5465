/**
 * The recovery codes, shown once right after enrolment: the server keeps only their hashes. The
 * person can download them as a text file (made in the browser, never sent anywhere) and must
 * confirm they kept them before going on.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

function download(codes: readonly string[]): void {
  const blob = new Blob([`Tijori recovery codes (each works once)\n\n${codes.join('\n')}\n`], {
    type: 'text/plain',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'tijori-recovery-codes.txt';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function RecoveryCodes({ codes, onContinue }: { codes: readonly string[]; onContinue: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  return (
    <section className="stack" aria-labelledby="recovery-title">
      <h2 id="recovery-title">{t('mfa.recoveryTitle')}</h2>
      <p>{t('mfa.recoveryIntro')}</p>
      <ol className="codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="row">
        <button type="button" className="secondary" onClick={() => download(codes)}>
          {t('mfa.download')}
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        {t('mfa.saved')}
      </label>
      <button type="button" className="primary" disabled={!saved} onClick={onContinue}>
        {t('common.continue')}
      </button>
    </section>
  );
}
