// Targets per indicator × unit × period (first-class data): filter, set or change one on
// screen, remove one, or import many from an XLSX file.
import { DeleteOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../lib/api';
import { formatDate, formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { UnitSelect } from '../units/UnitSelect';
import { catalogKeys, foldedFilter, listIndicators, listTargets, nameOf, type TargetView } from './api';
import { TargetImportModal } from './TargetImportModal';
import { TargetModal } from './TargetModal';

const PAGE_SIZE = 20;

export function useIndicatorOptions() {
  const lang = useUiLanguage();
  const query = { limit: 500 };
  const { data, isPending } = useQuery({ queryKey: catalogKeys.indicators(query), queryFn: ({ signal }) => listIndicators(query, signal) });
  return { loading: isPending, options: (data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} — ${nameOf(i, lang)}` })) };
}

export function TargetsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [indicatorId, setIndicatorId] = useState<string>();
  const [unitId, setUnitId] = useState<string>();
  const [periodText, setPeriodText] = useState('');
  const period = useDebounced(periodText.trim(), 400);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ target?: TargetView } | null>(null);
  const [importing, setImporting] = useState(false);
  const indicators = useIndicatorOptions();
  const query = { indicatorId, unitId, period: period || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const { data, error, isPending, isFetching, refetch } = useQuery({ queryKey: catalogKeys.targets(query), queryFn: () => listTargets(query), placeholderData: (p) => p });
  const canSet = data?.abilities.setTargets ?? false;
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/catalog/targets/${id}`),
    onSuccess: async () => {
      message.success(t('catalog.targets.removed'));
      await qc.invalidateQueries({ queryKey: ['catalog', 'targets'] });
    },
    onError: (e) => message.error(e.message),
  });

  const columns: ColumnsType<TargetView> = [
    {
      key: 'indicator',
      title: t('catalog.targets.indicator'),
      render: (_, x) => (
        <div style={{ minWidth: 200, maxWidth: 260 }}>
          <span className="ts-mono ts-small">{x.indicator.code}</span>
          <div>{nameOf(x.indicator, lang)}</div>
        </div>
      ),
    },
    { key: 'unit', title: t('catalog.targets.unit'), render: (_, x) => <div style={{ minWidth: 110, maxWidth: 160 }}>{x.unit.name}</div> },
    { key: 'period', title: t('catalog.targets.period'), render: (_, x) => <span style={{ whiteSpace: 'nowrap' }}>{x.periodLabel}</span> },
    {
      key: 'value',
      title: t('catalog.targets.value'),
      align: 'right',
      render: (_, x) => (
        <strong style={{ whiteSpace: 'nowrap' }}>
          {formatNumber(x.value, lang, 4)}
          {x.indicator.unitOfMeasureVi ? ` ${x.indicator.unitOfMeasureVi}` : ''}
        </strong>
      ),
    },
    {
      key: 'note',
      title: t('catalog.targets.note'),
      render: (_, x) => (
        <div className="ts-small" style={{ minWidth: 160, maxWidth: 220 }}>
          {x.note}
          <div>
            <Typography.Text type="secondary">
              {t('catalog.targets.updatedOn', { date: formatDate(x.updatedAt) })}
              {x.updatedBy ? ` · ${x.updatedBy.displayName}` : ''}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, x) =>
        x.abilities.manage ? (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} title={t('common.edit')} aria-label={t('common.edit')} onClick={() => setEditing({ target: x })} />
            <Popconfirm title={t('catalog.targets.removeConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(x.id)}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} title={t('common.delete')} aria-label={t('common.delete')} />
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('catalog.targets.title')}
        subtitle={t('catalog.targets.subtitle')}
        extra={
          canSet ? (
            <Space wrap>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="targets-import">
                {t('catalog.targets.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="target-create">
                {t('catalog.targets.create')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Card className="ts-card">
        <div className="ts-filters">
          <Select
            allowClear
            showSearch={{ filterOption: foldedFilter }}
            className="ts-filter-w"
            placeholder={t('catalog.targets.anyIndicator')}
            loading={indicators.loading}
            options={indicators.options}
            value={indicatorId}
            popupMatchSelectWidth={false}
            data-testid="targets-indicator"
            onChange={(v?: string) => {
              setIndicatorId(v);
              setPage(1);
            }}
          />
          <div className="ts-filter-w">
            <UnitSelect
              value={unitId}
              placeholder={t('catalog.targets.anyUnit')}
              onChange={(v) => {
                setUnitId(v);
                setPage(1);
              }}
            />
          </div>
          <Input
            allowClear
            style={{ width: 160 }}
            placeholder={t('catalog.targets.periodPlaceholder')}
            value={periodText}
            onChange={(e) => {
              setPeriodText(e.target.value);
              setPage(1);
            }}
          />
        </div>
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<TargetView>
          rowKey="id"
          data-testid="targets-table"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isPending || isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('catalog.targets.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (total) => t('catalog.total', { count: total, formatted: formatNumber(total, lang) }),
          }}
        />
      </Card>
      {editing ? <TargetModal target={editing.target} onClose={() => setEditing(null)} /> : null}
      {importing ? <TargetImportModal onClose={() => setImporting(false)} /> : null}
    </div>
  );
}
