/**
 * The shop's logo for A4 bills: choose a PNG or JPEG (at most 96 KB; the server keeps only its
 * pixels), see it, or remove it. The chosen file is read in the browser as a `data:` URL.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

const MAX_BYTES = 96 * 1024;

export function LogoField({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (logo: string | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const choose = (file: File | undefined) => {
    if (file === undefined) return;
    if (file.type !== 'image/png' && file.type !== 'image/jpeg') return setProblem(t('logo.wrongType'));
    if (file.size > MAX_BYTES) return setProblem(t('logo.tooLarge'));
    setProblem(null);
    const reader = new FileReader();
    reader.onload = () => onChange(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(file);
  };
  return (
    <fieldset className="stack">
      <legend>{t('logo.title')}</legend>
      <p className="hint">{t('logo.hint')}</p>
      {value !== null && <img src={value} alt={t('logo.current')} style={{ maxWidth: 192, maxHeight: 56 }} />}
      <div className="row wrap">
        <div className="field">
          <label htmlFor={id}>{t('logo.choose')}</label>
          <input
            id={id}
            type="file"
            accept="image/png,image/jpeg"
            onChange={(e) => choose(e.target.files?.[0])}
          />
        </div>
        {value !== null && (
          <button type="button" className="secondary" onClick={() => onChange(null)}>
            {t('logo.remove')}
          </button>
        )}
      </div>
      {problem !== null && (
        <p className="message message-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
