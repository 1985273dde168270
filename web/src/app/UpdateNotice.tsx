// "Đã có phiên bản mới": when a new build of the app has been installed in the background,
// a notification offers "Tải lại", which hands over to the new service worker and reloads
// (lib/service-worker.ts). Closing it is allowed; it comes back at the next update check,
// and the new build takes over by itself once every tab of the app is closed.
import { App, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { registerServiceWorker } from '../lib/service-worker';

const KEY = 'app-update';

export function UpdateNotice() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  // Registration happens once; the notice speaks the language chosen by then.
  const tRef = useRef(t);
  useEffect(() => {
    tRef.current = t;
  }, [t]);
  useEffect(() => {
    registerServiceWorker((update) => {
      const t = tRef.current;
      notification.info({
        key: KEY,
        title: t('app.updateReadyTitle'),
        description: t('app.updateReadyText'),
        duration: false,
        placement: 'bottomRight',
        props: { 'data-testid': 'app-update' },
        actions: (
          <Button
            type="primary"
            size="small"
            data-testid="app-update-reload"
            onClick={() => {
              notification.destroy(KEY);
              update.apply();
            }}
          >
            {t('app.updateReload')}
          </Button>
        ),
      });
    });
  }, [notification]);
  return null;
}
