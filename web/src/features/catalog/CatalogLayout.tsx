// The indicator system's frame: one menu entry, the six catalogue screens as tabs
// (program tree, categories, data elements, indicators, validation rules, targets).
import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/session';
import { canSeeCatalogAdmin } from './access';
import './catalog.css';

const TABS = ['program', 'categories', 'data-elements', 'indicators', 'validation-rules', 'targets'] as const;
const LABELS: Record<(typeof TABS)[number], string> = {
  program: 'catalog.tabs.program',
  categories: 'catalog.tabs.categories',
  'data-elements': 'catalog.tabs.dataElements',
  indicators: 'catalog.tabs.indicators',
  'validation-rules': 'catalog.tabs.validationRules',
  targets: 'catalog.tabs.targets',
};

export function CatalogLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  if (!canSeeCatalogAdmin(me)) return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  const active = TABS.find((k) => location.pathname.startsWith(`/catalog/${k}`)) ?? 'program';
  return (
    <div className="ts-stack">
      <Tabs
        className="ts-tabs-nav"
        activeKey={active}
        onChange={(k) => void navigate(`/catalog/${k}`)}
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`catalog-tab-${k}`}>{t(LABELS[k])}</span> }))}
      />
      <Outlet />
    </div>
  );
}
