/** The language choice (English / हिन्दी), available on every screen including sign-in. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, languages, type Language } from '../i18n/i18n';

const names: Record<Language, string> = { en: 'English', hi: 'हिन्दी' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('common.language')}
      </label>
      <select id={id} value={i18n.language} onChange={(e) => void changeLanguage(e.target.value as Language)}>
        {languages.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {names[lng]}
          </option>
        ))}
      </select>
    </div>
  );
}
