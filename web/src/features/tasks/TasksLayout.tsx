// The tasks' frame: one menu entry, four tabs (list, timeline, scores and ranking, plans
// and recurring tasks). The task page itself (/tasks/:id) has no tabs.
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import './tasks.css';

const TABS = [
  { key: 'list', path: '/tasks' },
  { key: 'timeline', path: '/tasks/timeline' },
  { key: 'scores', path: '/tasks/scores' },
  { key: 'plans', path: '/tasks/plans' },
] as const;

export function TasksLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const active = TABS.find((x) => x.key !== 'list' && location.pathname.startsWith(x.path))?.key ?? 'list';
  const detail = /^\/tasks\/\d+/.test(location.pathname);
  return (
    <div className="ts-stack">
      {detail ? null : (
        <Tabs
          className="ts-tabs-nav"
          activeKey={active}
          onChange={(k) => void navigate(TABS.find((x) => x.key === k)!.path)}
          items={TABS.map((x) => ({ key: x.key, label: <span data-testid={`tasks-tab-${x.key}`}>{t(`tasks.tabs.${x.key}`)}</span> }))}
        />
      )}
      <Outlet />
    </div>
  );
}
