// Loading states: the whole screen (before we know who is signed in) and a page body.
import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div className="ts-full-center" role="status" aria-live="polite">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

export function PageSpin() {
  const { t } = useTranslation();
  return (
    <div className="ts-page-spin" role="status" aria-live="polite">
      <Spin description={t('common.loading')} />
    </div>
  );
}
