/** The frame of the pages outside the app shell (sign-in, two-step, invite): brand and language. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shell/language-switch';

export function AuthFrame({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="centered">
      <main id="main" className={wide ? 'card' : 'card narrow'}>
        <div className="row spread">
          <p className="brand">{t('common.appName')}</p>
          <LanguageSwitch />
        </div>
        {children}
      </main>
    </div>
  );
}
