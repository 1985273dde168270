// Data sharing with other systems (issue 7): one menu entry for system administrators,
// the screens as tabs: API clients, webhooks, sector database connectors.
import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/session';
import { canManageApiClients } from './api';
import './integration.css';

const TABS = ['api-clients', 'webhooks', 'connectors'] as const;
const LABELS: Record<(typeof TABS)[number], string> = {
  'api-clients': 'integration.tabs.apiClients',
  webhooks: 'integration.tabs.webhooks',
  connectors: 'integration.tabs.connectors',
};

export function IntegrationLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  if (!canManageApiClients(me)) return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  const active = TABS.find((k) => location.pathname.startsWith(`/integration/${k}`)) ?? 'api-clients';
  return (
    <div className="ts-stack">
      <Tabs
        className="ts-integration-tabs"
        activeKey={active}
        // A click on the active tab from a detail page goes back to its list.
        onTabClick={(k) => void navigate(`/integration/${k}`)}
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`integration-tab-${k}`}>{t(LABELS[k])}</span> }))}
      />
      <Outlet />
    </div>
  );
}
