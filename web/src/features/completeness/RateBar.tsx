// A rate (0–1) as a thin bar with its percentage, Vietnamese-formatted ("88,9 %").
import { Progress } from 'antd';
import { formatPercent } from '../../lib/format';
import { useUiLanguage } from '../auth/language';

/** A rate (0–1) as a bar with its percentage; green from 90 %, orange from 50 %, red below. */
export function RateBar({ value, testId }: { value: number | null; testId?: string }) {
  const lang = useUiLanguage();
  if (value === null) return <span className="ts-muted">—</span>;
  const pct = Math.round(value * 1000) / 10;
  const color = pct >= 90 ? '#389e0d' : pct >= 50 ? '#d48806' : '#cf1322';
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 130 }} data-testid={testId}>
      <Progress percent={pct} showInfo={false} size="small" strokeColor={color} style={{ flex: 1, margin: 0 }} />
      <span style={{ minWidth: 52, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{formatPercent(value, lang)}</span>
    </div>
  );
}
