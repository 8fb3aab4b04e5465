/** The sub-pages of incident response: incidents, drills, the plan, reports from the public. */
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

export function IncidentTabs() {
  const { t } = useTranslation();
  const tabs = [
    ['/incidents', 'list'],
    ['/incidents/drills', 'drills'],
    ['/incidents/plan', 'plan'],
    ['/incidents/reports', 'reports'],
  ] as const;
  return (
    <nav aria-label={t('incidents.title')} className="row wrap tabs">
      {tabs.map(([to, key]) => (
        <NavLink key={key} to={to} end>
          {t(`incidents.tabs.${key}`)}
        </NavLink>
      ))}
    </nav>
  );
}
