// Routes. The login page and the guard are in the main bundle; the shell and every
// feature page load on demand so the first (login) page stays light.
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { FullPageSpin, PageSpin } from '../components/Spinners';
import { RequireAuth } from './RequireAuth';
import { RouteError } from './RouteError';

function page<K extends string>(loader: () => Promise<Record<K, ComponentType>>, name: K) {
  const Component = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await loader())[name] }));
  return (
    <Suspense fallback={<PageSpin />}>
      <Component />
    </Suspense>
  );
}

const AppShell = lazy(async () => ({ default: (await import('./AppShell')).AppShell }));

function Shell(): ReactNode {
  return (
    <RequireAuth>
      <Suspense fallback={<FullPageSpin />}>
        <AppShell />
      </Suspense>
    </RequireAuth>
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: page(() => import('../features/home/HomePage'), 'HomePage') },
      { path: 'data-entry', element: page(() => import('../features/data-entry/DataEntryPage'), 'DataEntryPage') },
      {
        path: 'catalog',
        element: page(() => import('../features/catalog/CatalogLayout'), 'CatalogLayout'),
        children: [
          { index: true, element: <Navigate to="/catalog/program" replace /> },
          { path: 'program', element: page(() => import('../features/catalog/ProgramPage'), 'ProgramPage') },
          { path: 'categories', element: page(() => import('../features/catalog/CategoriesPage'), 'CategoriesPage') },
          { path: 'data-elements', element: page(() => import('../features/catalog/DataElementsPage'), 'DataElementsPage') },
          { path: 'indicators', element: page(() => import('../features/catalog/IndicatorsPage'), 'IndicatorsPage') },
          { path: 'validation-rules', element: page(() => import('../features/catalog/ValidationRulesPage'), 'ValidationRulesPage') },
          { path: 'targets', element: page(() => import('../features/catalog/TargetsPage'), 'TargetsPage') },
        ],
      },
      { path: 'review', element: page(() => import('../features/submissions/ReviewPage'), 'ReviewPage') },
      { path: 'completeness', element: page(() => import('../features/completeness/CompletenessPage'), 'CompletenessPage') },
      { path: 'reports', element: page(() => import('../features/reports/ReportsPage'), 'ReportsPage') },
      { path: 'investments', element: page(() => import('../features/investments/InvestmentsPage'), 'InvestmentsPage') },
      { path: 'investments/reports', element: page(() => import('../features/investments/InvestmentReportsPage'), 'InvestmentReportsPage') },
      { path: 'investments/:id', element: page(() => import('../features/investments/WorkPage'), 'WorkPage') },
      { path: 'documents', element: page(() => import('../features/documents/DocumentsPage'), 'DocumentsPage') },
      { path: 'documents/templates', element: page(() => import('../features/documents/TemplatesPage'), 'TemplatesPage') },
      { path: 'analytics', element: page(() => import('../features/analytics/AnalyticsPage'), 'AnalyticsPage') },
      { path: 'analytics/maps', element: page(() => import('../features/maps/MapPage'), 'MapPage') },
      { path: 'dashboards', element: page(() => import('../features/dashboards/DashboardsPage'), 'DashboardsPage') },
      { path: 'dashboards/:id', element: page(() => import('../features/dashboards/DashboardPage'), 'DashboardPage') },
      {
        path: 'tasks',
        element: page(() => import('../features/tasks/TasksLayout'), 'TasksLayout'),
        children: [
          { index: true, element: page(() => import('../features/tasks/TasksPage'), 'TasksPage') },
          { path: 'timeline', element: page(() => import('../features/tasks/TimelinePage'), 'TimelinePage') },
          { path: 'scores', element: page(() => import('../features/tasks/ScoresPage'), 'ScoresPage') },
          { path: 'plans', element: page(() => import('../features/tasks/PlansPage'), 'PlansPage') },
          { path: ':id', element: page(() => import('../features/tasks/TaskPage'), 'TaskPage') },
        ],
      },
      { path: 'forms-admin', element: page(() => import('../features/forms-admin/FormsListPage'), 'FormsListPage') },
      { path: 'forms-admin/new', element: page(() => import('../features/forms-admin/FormEditorPage'), 'FormEditorPage') },
      { path: 'forms-admin/:id', element: page(() => import('../features/forms-admin/FormDetailPage'), 'FormDetailPage') },
      { path: 'forms-admin/:id/edit', element: page(() => import('../features/forms-admin/FormEditorPage'), 'FormEditorPage') },
      { path: 'units', element: page(() => import('../features/units/UnitsPage'), 'UnitsPage') },
      { path: 'units/succession-report', element: page(() => import('../features/units/SuccessionReportPage'), 'SuccessionReportPage') },
      { path: 'units/:id', element: page(() => import('../features/units/UnitPage'), 'UnitPage') },
      { path: 'unit-groups', element: page(() => import('../features/units/GroupsPage'), 'GroupsPage') },
      { path: 'unit-groups/:id', element: page(() => import('../features/units/GroupPage'), 'GroupPage') },
      { path: 'users', element: page(() => import('../features/users/UsersPage'), 'UsersPage') },
      { path: 'users/:id', element: page(() => import('../features/users/UserPage'), 'UserPage') },
      { path: 'roles', element: page(() => import('../features/roles/RolesPage'), 'RolesPage') },
      { path: 'audit', element: page(() => import('../features/audit/AuditPage'), 'AuditPage') },
      { path: 'mail-outbox', element: page(() => import('../features/notifications/MailOutboxPage'), 'MailOutboxPage') },
      {
        path: 'integration',
        element: page(() => import('../features/integration/IntegrationLayout'), 'IntegrationLayout'),
        children: [
          { index: true, element: <Navigate to="/integration/api-clients" replace /> },
          { path: 'api-clients', element: page(() => import('../features/integration/ApiClientsPage'), 'ApiClientsPage') },
          { path: 'api-clients/:id', element: page(() => import('../features/integration/ApiClientPage'), 'ApiClientPage') },
          { path: 'webhooks', element: page(() => import('../features/integration/WebhooksPage'), 'WebhooksPage') },
          { path: 'webhooks/:id', element: page(() => import('../features/integration/WebhookPage'), 'WebhookPage') },
          { path: 'connectors', element: page(() => import('../features/integration/ConnectorsPage'), 'ConnectorsPage') },
          { path: 'connectors/:id', element: page(() => import('../features/integration/ConnectorPage'), 'ConnectorPage') },
        ],
      },
      { path: 'account', element: page(() => import('../features/profile/AccountPage'), 'AccountPage') },
      { path: '*', element: page(() => import('./NotFoundPage'), 'NotFoundPage') },
    ],
  },
]);
