// A chart of an analytics answer: the ECharts option built by chart-options.ts for the
// chosen type, or — for "single value" — the latest figure in large type with its change
// against the previous period, its target status and a small trend line.
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Empty } from 'antd';
import { useMemo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsResponse } from '@shared/schemas/analytics.ts';
import type { UiLang } from '../../lib/format';
import { chartData, chartOption, describeSeries, singleValue, sparkline, STATUS_COLORS, type ChartLabels, type ChartType } from './chart-options';
import { EChart, type EChartsInstance } from './EChart';

export function ChartView({
  response,
  type,
  labels,
  lang,
  height = 440,
  compact,
  hideEmpty = true,
  chartRef,
  testId = 'chart',
}: {
  response: AnalyticsResponse;
  type: ChartType;
  labels: ChartLabels;
  lang: UiLang;
  height?: number | string;
  compact?: boolean;
  /** Leave out categories without any value (34 provinces of which two report). */
  hideEmpty?: boolean;
  chartRef?: RefObject<EChartsInstance | null>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const data = useMemo(() => chartData(response, lang, labels, { hideEmpty }), [response, lang, labels, hideEmpty]);
  const option = useMemo(() => chartOption(type, data, { lang, labels, compact }), [type, data, lang, labels, compact]);
  const summary = useMemo(() => describeSeries(data, lang).join('. '), [data, lang]);
  if (data.series.every((s) => s.values.every((v) => v === null))) return <Empty description={t('analytics.noData')} data-testid={`${testId}-empty`} />;

  if (type === 'single_value') {
    const v = singleValue(data, lang);
    const up = v.change !== null && v.change > 0;
    return (
      <div className="an-single" data-testid={testId}>
        {compact ? null : <div className="an-single-name">{v.name}</div>}
        <div className="an-single-value" style={v.status ? { color: STATUS_COLORS[v.status] } : undefined} data-testid={`${testId}-value`}>
          {v.text}
        </div>
        <div className="an-single-meta">
          {v.changeText ? (
            <span className="an-single-change">
              {up ? <ArrowUpOutlined /> : v.change! < 0 ? <ArrowDownOutlined /> : null} {v.changeText} {t('analytics.sincePrevious')}
            </span>
          ) : null}
          {v.targetText ? (
            <span>
              {t('analytics.target')}: {v.targetText}
              {v.status ? ` · ${t(`analytics.status.${v.status}`)}` : ''}
            </span>
          ) : null}
        </div>
        {v.trend.length > 1 ? <EChart option={sparkline(v, { lang, labels })} height={typeof height === 'number' ? Math.max(36, Math.min(120, height - (compact ? 84 : 130))) : 100} ariaLabel={summary} chartRef={chartRef} /> : null}
      </div>
    );
  }
  return <EChart option={option} height={height} ariaLabel={summary} chartRef={chartRef} testId={testId} />;
}
