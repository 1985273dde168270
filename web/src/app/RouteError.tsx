// Shown when a page fails to render or its code cannot be loaded (e.g. after a deploy).
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const chunkFailed = error instanceof Error && /dynamically imported module|Failed to fetch|Importing a module script failed/i.test(error.message);
  return (
    <Result
      status="error"
      title={chunkFailed ? t('app.updatedTitle') : t('app.crashTitle')}
      subTitle={chunkFailed ? t('app.updatedText') : t('app.crashText')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}
