// Shows a failed request: the server's localized message, and a retry when offered.
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api';

export function errorText(error: unknown, fallback: string): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

export function ErrorAlert({ error, onRetry, style }: { error: unknown; onRetry?: () => void; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      title={errorText(error, t('common.error'))}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
