// Small pieces the API client screens share: status, scope and HTTP status tags, and the
// "calls in 24 h · error rate" line, with numbers in the UI language (1.234 lượt, 2,5 %).
import { Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, formatPercent, type UiLang } from '../../lib/format';
import type { ApiClientStatus, ApiClientView } from './api';

const STATUS_COLOR: Record<ApiClientStatus, string> = { active: 'success', expired: 'warning', revoked: 'error' };

export function ClientStatusTag({ status }: { status: ApiClientStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="api-client-status">
      {t(`integration.clients.statuses.${status}`)}
    </Tag>
  );
}

/** "units.read" → its label; i18next keys cannot hold dots. */
export function scopeLabel(t: TFunction, scope: string): string {
  return t(`integration.clients.scopeLabels.${scope.replace(/\./g, '_')}`, { defaultValue: scope });
}

export function scopeHelp(t: TFunction, scope: string): string {
  return t(`integration.clients.scopeHelp.${scope.replace(/\./g, '_')}`, { defaultValue: '' });
}

export function ScopeTags({ scopes }: { scopes: string[] }) {
  const { t } = useTranslation();
  return (
    <span className="ts-tags">
      {scopes.map((s) => (
        <Tooltip key={s} title={<span className="ts-mono">{s}</span>}>
          <Tag color={s.endsWith('.write') ? 'gold' : 'blue'}>{scopeLabel(t, s)}</Tag>
        </Tooltip>
      ))}
    </span>
  );
}

export function UnitTags({ units }: { units: ApiClientView['units'] }) {
  return (
    <span className="ts-tags">
      {units.map((u) => (
        <Tag key={u.id} className="ts-tag-wrap">
          {u.name}
        </Tag>
      ))}
    </span>
  );
}

export function httpStatusColor(status: number): string {
  if (status >= 500) return 'error';
  if (status === 429) return 'magenta';
  if (status >= 400) return 'warning';
  if (status >= 300) return 'processing';
  return 'success';
}

export function HttpStatusTag({ status }: { status: number }) {
  return (
    <Tag color={httpStatusColor(status)} className="ts-mono" data-testid="api-call-status">
      {status}
    </Tag>
  );
}

export function callsText(t: TFunction, n: number, lang: UiLang): string {
  return t('integration.clients.callsN', { n: formatNumber(n, lang) });
}

/** The list's usage cell: calls in the last 24 h and, when there were any, the error rate. */
export function UsageCell({ client, lang }: { client: ApiClientView; lang: UiLang }) {
  const { t } = useTranslation();
  const u = client.usage;
  return (
    <div className="ts-nowrap" data-testid="api-client-usage">
      <div>{callsText(t, u.calls24h, lang)}</div>
      {u.calls24h > 0 ? (
        <Typography.Text type={u.errorRate24h >= 0.05 ? 'danger' : 'secondary'} className="ts-small">
          {t('integration.clients.errorRateShort', { rate: formatPercent(u.errorRate24h, lang) })}
        </Typography.Text>
      ) : null}
    </div>
  );
}

export function LastCall({ client }: { client: ApiClientView }) {
  const { t } = useTranslation();
  const at = client.usage?.lastCallAt;
  return at ? <span className="ts-nowrap">{formatDateTime(at)}</span> : <Typography.Text type="secondary">{t('integration.clients.noCalls')}</Typography.Text>;
}
