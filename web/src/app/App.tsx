// Providers: server state (TanStack Query), antd (theme, vi_VN / en_US locale, App for
// message/modal), the session watcher, and the router.
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { isApiError, onAuthProblem } from '../lib/api';
import { useLanguageSync } from '../features/auth/language';
import { meKey, setSessionNotice, storeMe } from '../features/auth/session';
import { OfflineSync } from '../features/offline/OfflineSync';
import { router } from './router';
import { theme } from './theme';
import { UpdateNotice } from './UpdateNotice';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Run the request even when the browser says it is offline: the entry screen's reads
      // then answer from the device's copy (features/offline/sync.ts offlineRead), and the
      // other screens fail with "cannot reach the server" instead of waiting for ever.
      networkMode: 'always',
      // Client errors (not found, forbidden, invalid) do not get better by retrying.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

/** When any request finds the session gone, drop to the login page with a notice. */
function SessionWatcher() {
  const qc = useQueryClient();
  useLanguageSync();
  useEffect(
    () =>
      onAuthProblem((error) => {
        if (error.code === 'step_required') {
          void qc.invalidateQueries({ queryKey: meKey });
          return;
        }
        if (qc.getQueryData(meKey)) setSessionNotice('expired');
        storeMe(qc, null);
      }),
    [qc],
  );
  return null;
}

function Providers() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : viVN} theme={theme}>
      <AntApp>
        <SessionWatcher />
        <UpdateNotice />
        <OfflineSync />
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Providers />
    </QueryClientProvider>
  );
}
