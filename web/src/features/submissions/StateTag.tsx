// A report's state as a coloured tag, the same everywhere (entry page, review list).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATE_COLORS, type SubmissionState } from './api';

export function StateTag({ state }: { state: SubmissionState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="submission-state" data-state={state}>
      {t(`submission.state.${state}`)}
    </Tag>
  );
}

export function TimelinessTag({ onTime }: { onTime: boolean | null }) {
  const { t } = useTranslation();
  if (onTime === null) return null;
  return <Tag color={onTime ? 'green' : 'red'}>{onTime ? t('submission.onTime') : t('submission.late')}</Tag>;
}
