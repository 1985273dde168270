// The signed-in frame: a header (product, user and unit, language, account menu) and
// the navigation, which shows only what the user may use. Below 768 px the navigation
// moves into a drawer opened by the menu button.
import {
  ApiOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  EnvironmentOutlined,
  CheckSquareOutlined,
  AuditOutlined,
  BookOutlined,
  ClusterOutlined,
  BuildOutlined,
  DashboardOutlined,
  DisconnectOutlined,
  DownOutlined,
  FileTextOutlined,
  FileWordOutlined,
  HomeOutlined,
  LineChartOutlined,
  LogoutOutlined,
  MailOutlined,
  MenuOutlined,
  PieChartOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  TableOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Drawer, Dropdown, Layout, Menu, Tag, Tooltip, type MenuProps } from 'antd';
import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { PageSpin } from '../components/Spinners';
import { api } from '../lib/api';
import { wipe } from '../features/offline/store';
import { outbox } from '../features/offline/sync';
import { useIsMobile } from '../lib/hooks';
import { useOnline } from '../lib/online';
import { roleName } from '../lib/labels';
import { setSessionNotice, useCurrentUser, type Me } from '../features/auth/session';
import { useUiLanguage } from '../features/auth/language';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { canSeeCatalogAdmin } from '../features/catalog/access';
import { canManageApiClients } from '../features/integration/api';
import { canReadMailOutbox } from '../features/notifications/access';

interface NavItem {
  key: string;
  to: string;
  icon: ReactNode;
  label: string;
  testId: string;
}

function navItems(me: Me, t: (k: string) => string): NavItem[] {
  const a = me.abilities;
  const items: (NavItem | false)[] = [
    { key: 'home', to: '/', icon: <HomeOutlined />, label: t('nav.home'), testId: 'nav-home' },
    (me.permissions.includes('data.enter') || me.permissions.includes('data.read')) && { key: 'data-entry', to: '/data-entry', icon: <TableOutlined />, label: t('nav.dataEntry'), testId: 'nav-data-entry' },
    me.permissions.includes('form.approve') && { key: 'review', to: '/review', icon: <CheckSquareOutlined />, label: t('nav.review'), testId: 'nav-review' },
    me.permissions.includes('data.read') && { key: 'completeness', to: '/completeness', icon: <PieChartOutlined />, label: t('nav.completeness'), testId: 'nav-completeness' },
    me.permissions.includes('data.read') && { key: 'reports', to: '/reports', icon: <BarChartOutlined />, label: t('nav.reports'), testId: 'nav-reports' },
    (me.permissions.includes('data.read') || me.permissions.includes('investment.manage')) && { key: 'investments', to: '/investments', icon: <BuildOutlined />, label: t('nav.investments'), testId: 'nav-investments' },
    me.permissions.includes('data.read') && { key: 'documents', to: '/documents', icon: <FileWordOutlined />, label: t('nav.documents'), testId: 'nav-documents' },
    me.permissions.includes('analytics.read') && { key: 'analytics', to: '/analytics', icon: <LineChartOutlined />, label: t('analytics.nav'), testId: 'nav-analytics' },
    me.permissions.includes('analytics.read') && { key: 'maps', to: '/analytics/maps', icon: <EnvironmentOutlined />, label: t('nav.maps'), testId: 'nav-maps' },
    me.permissions.includes('analytics.read') && { key: 'dashboards', to: '/dashboards', icon: <DashboardOutlined />, label: t('dashboards.nav'), testId: 'nav-dashboards' },
    // Everyone with a unit sees the tasks their unit leads or co-operates on (task.manage assigns them).
    me.assignments.length > 0 && { key: 'tasks', to: '/tasks', icon: <ProjectOutlined />, label: t('nav.tasks'), testId: 'nav-tasks' },
    { key: 'units', to: '/units', icon: <ApartmentOutlined />, label: t('nav.units'), testId: 'nav-units' },
    canSeeCatalogAdmin(me) && { key: 'catalog', to: '/catalog/data-elements', icon: <BookOutlined />, label: t('catalog.nav'), testId: 'nav-catalog' },
    canSeeCatalogAdmin(me) && { key: 'forms-admin', to: '/forms-admin', icon: <FileTextOutlined />, label: t('formsAdmin.nav'), testId: 'nav-forms-admin' },
    a.manageUnits && { key: 'unit-groups', to: '/unit-groups', icon: <ClusterOutlined />, label: t('nav.unitGroups'), testId: 'nav-unit-groups' },
    a.manageUsers && { key: 'users', to: '/users', icon: <TeamOutlined />, label: t('nav.users'), testId: 'nav-users' },
    (a.manageUsers || a.manageRoles) && { key: 'roles', to: '/roles', icon: <SafetyCertificateOutlined />, label: t('nav.roles'), testId: 'nav-roles' },
    a.readAudit && { key: 'audit', to: '/audit', icon: <AuditOutlined />, label: t('nav.audit'), testId: 'nav-audit' },
    canReadMailOutbox(me) && { key: 'mail-outbox', to: '/mail-outbox', icon: <MailOutlined />, label: t('mailOutbox.nav'), testId: 'nav-mail-outbox' },
    canManageApiClients(me) && { key: 'integration', to: '/integration/api-clients', icon: <ApiOutlined />, label: t('integration.nav'), testId: 'nav-integration' },
    { key: 'account', to: '/account', icon: <UserOutlined />, label: t('nav.account'), testId: 'nav-account' },
  ];
  return items.filter((x): x is NavItem => Boolean(x));
}

function selectedKey(pathname: string): string {
  const first = pathname.split('/')[1] ?? '';
  if (pathname.startsWith('/analytics/maps')) return 'maps';
  return first === '' ? 'home' : first;
}

function NavMenu({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const location = useLocation();
  const menuItems: MenuProps['items'] = items.map((i) => ({
    key: i.key,
    icon: i.icon,
    label: (
      <Link to={i.to} data-testid={i.testId} onClick={onNavigate}>
        {i.label}
      </Link>
    ),
  }));
  return <Menu mode="inline" selectedKeys={[selectedKey(location.pathname)]} items={menuItems} className="ts-nav" />;
}

/** The unit shown next to the user's name: their first assignment (and how many more). */
function primaryUnit(me: Me, t: (k: string, o?: Record<string, unknown>) => string): string {
  const first = me.assignments[0];
  if (!first) return '';
  const more = me.assignments.length - 1;
  return more > 0 ? t('header.unitAndMore', { unit: first.unit.name, count: more }) : first.unit.name;
}

function initials(name: string): string {
  const words = name.replace(/\(.*\)/, '').trim().split(/\s+/).filter(Boolean);
  const last = words[words.length - 1] ?? name;
  return last.charAt(0).toUpperCase();
}

export function AppShell() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const online = useOnline();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const items = useMemo(() => navItems(me, t), [me, t]);
  const unit = primaryUnit(me, t);

  useEffect(() => setDrawerOpen(false), [location.pathname]);

  const signOut = async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      // Already signed out on the server (or no network): carry on locally.
    }
    // A shared device keeps nothing of this user: the offline copy and the (empty) outbox go.
    outbox.stop();
    await wipe().catch(() => undefined);
    // A full page load leaves nothing of this user's data in memory.
    setSessionNotice('signed_out');
    qc.clear();
    window.location.replace('/login');
  };

  // Changes not yet on the server are lost by signing out: say so and let the user stay.
  const logout = async () => {
    const waiting = outbox.getSnapshot().entries.length;
    if (waiting === 0) return signOut();
    modal.confirm({
      title: t('offline.unsyncedTitle'),
      content: t('offline.unsyncedBody', { count: waiting }),
      okText: t('offline.discardAndSignOut'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'signout-discard' } as Record<string, string>) },
      cancelText: t('offline.stay'),
      onOk: signOut,
    });
  };

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      className: 'ts-user-menu-who',
      label: (
        <div>
          <div className="ts-user-menu-name">{me.user.displayName}</div>
          <div className="ts-user-menu-sub">
            {me.user.username}
            {me.assignments[0] ? ` · ${roleName(me.assignments[0].role, lang)}` : ''}
          </div>
          {unit ? <div className="ts-user-menu-sub">{unit}</div> : null}
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'account', icon: <UserOutlined />, label: <Link to="/account">{t('nav.account')}</Link> },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="logout">{t('header.signOut')}</span>,
      onClick: () => void logout(),
    },
  ];

  return (
    <Layout className="ts-shell">
      <Layout.Header className="ts-header">
        {isMobile ? (
          <Button
            type="text"
            className="ts-header-icon"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)}
          />
        ) : null}
        <Link to="/" className="ts-brand" data-testid="nav-home" aria-label={t('nav.home')}>
          <Logo size={30} />
          <span className="ts-brand-name">{t('app.name')}</span>
          {!isMobile ? <span className="ts-brand-tag">{t('app.shortProgram')}</span> : null}
        </Link>
        <div className="ts-header-spacer" />
        {!online ? (
          <Tooltip title={t('header.offlineHint')}>
            <Tag color="warning" icon={<DisconnectOutlined />} className="ts-offline-tag" data-testid="offline-tag" role="status">
              {t('header.offline')}
            </Tag>
          </Tooltip>
        ) : null}
        {!isMobile ? (
          <div className="ts-header-user" title={`${me.user.displayName} — ${unit}`}>
            <div className="ts-header-user-name">{me.user.displayName}</div>
            <div className="ts-header-user-unit">{unit}</div>
          </div>
        ) : null}
        <NotificationBell onDark />
        <LanguageSwitch onDark />
        <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
          <Button type="text" className="ts-header-icon ts-user-button" data-testid="user-menu" aria-label={t('header.userMenu')}>
            <Avatar size={30} className="ts-avatar">
              {initials(me.user.displayName)}
            </Avatar>
            {!isMobile ? <DownOutlined className="ts-caret" /> : null}
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout className="ts-body">
        {!isMobile ? (
          <Layout.Sider width={232} className="ts-sider" theme="light">
            <NavMenu items={items} />
          </Layout.Sider>
        ) : null}
        <Layout.Content className="ts-content">
          <main className="ts-main">
            <Suspense fallback={<PageSpin />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
          title={
            <div className="ts-drawer-title">
              <div className="ts-user-menu-name">{me.user.displayName}</div>
              {unit ? <div className="ts-user-menu-sub">{unit}</div> : null}
            </div>
          }
          styles={{ body: { padding: 0 } }}
        >
          <NavMenu items={items} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : null}
    </Layout>
  );
}
