// Small pieces shared by the investment screens: the stage tag with physical progress,
// and the disbursement rate drawn against the plan's share for today.
import { Progress, Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { PROGRESS_COLORS, type WorkStage, type YearFigures } from './api';

const STAGE_COLORS: Record<WorkStage, string> = { preparation: 'default', construction: 'processing', completed: 'success', settled: 'purple' };

export function StageTag({ stage, progress }: { stage: WorkStage; progress: number }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <Tag color={STAGE_COLORS[stage]}>
      {t(`investments.stages.${stage}`)}
      {stage === 'construction' ? ` · ${formatNumber(progress, lang, 0)} %` : ''}
    </Tag>
  );
}

const pct = (v: number, lang: 'vi' | 'en') => (lang === 'vi' ? `${formatNumber(v, lang, 1)} %` : `${formatNumber(v, lang, 1)}%`);

/** The rate as a bar with a tick at the plan's share; red when behind. */
export function RateVsPlan({ figures, testId }: { figures: Pick<YearFigures, 'rate' | 'planShare' | 'behind'>; testId?: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  if (figures.rate === null) return <span className="ts-muted">{t('investments.noAllocation')}</span>;
  const color = figures.behind ? '#cf1322' : '#389e0d';
  return (
    <Tooltip title={t('investments.rateTooltip', { rate: pct(figures.rate, lang), plan: pct(figures.planShare, lang) })}>
      <div className="ts-rate-plan" data-testid={testId}>
        <div className="ts-rate-plan-bar">
          <Progress percent={Math.min(100, figures.rate)} showInfo={false} size="small" strokeColor={color} style={{ margin: 0 }} />
          <span className="ts-rate-plan-tick" style={{ left: `${Math.min(100, figures.planShare)}%` }} />
        </div>
        <span className="ts-rate-plan-text" style={{ color }}>
          {pct(figures.rate, lang)}
          <span className="ts-muted"> / {pct(figures.planShare, lang)}</span>
        </span>
        {figures.behind ? (
          <Tag color="error" style={{ marginInlineEnd: 0 }}>
            {t('investments.behind')}
          </Tag>
        ) : null}
      </div>
    </Tooltip>
  );
}

/** The colours of works by physical progress (map layers). */
export function ProgressLegend() {
  const { t } = useTranslation();
  const items = Object.entries(PROGRESS_COLORS);
  return (
    <Space wrap size={12} style={{ marginTop: 8 }} data-testid="investments-legend">
      {items.map(([k, color]) => (
        <span key={k} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 13 }}>
          <span style={{ width: 12, height: 12, borderRadius: 6, background: color, display: 'inline-block' }} />
          {t(`investments.progressClass.${k}`)}
        </span>
      ))}
    </Space>
  );
}
