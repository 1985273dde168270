// Indicators: numerator ÷ denominator × factor over data elements, shown in words, with
// direction and national target; open one to edit its expressions in the editor.
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, listIndicators, nameOf, type IndicatorView } from './api';
import { IndicatorModal } from './IndicatorModal';

const PAGE_SIZE = 20;

export function DirectionTag({ direction }: { direction: IndicatorView['direction'] }) {
  const { t } = useTranslation();
  return direction === 'higher' ? (
    <Typography.Text type="success" style={{ whiteSpace: 'nowrap' }}>
      <ArrowUpOutlined /> {t('catalog.directions.higher')}
    </Typography.Text>
  ) : (
    <Typography.Text type="warning" style={{ whiteSpace: 'nowrap' }}>
      <ArrowDownOutlined /> {t('catalog.directions.lower')}
    </Typography.Text>
  );
}

export function IndicatorsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<{ id?: string } | null>(null);
  const query = { q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const { data, error, isPending, isFetching, refetch } = useQuery({ queryKey: catalogKeys.indicators(query), queryFn: ({ signal }) => listIndicators(query, signal), placeholderData: (p) => p });
  const manage = data?.abilities.manage ?? false;

  const columns: ColumnsType<IndicatorView> = [
    {
      key: 'name',
      title: t('catalog.indicators.indicator'),
      render: (_, i) => (
        <div style={{ minWidth: 220, maxWidth: 360 }}>
          <Button type="link" size="small" className="ts-mono ts-small" style={{ padding: 0, height: 'auto' }} onClick={() => setOpen({ id: i.id })} data-testid="indicator-open">
            {i.code}
          </Button>
          <br />
          {nameOf(i, lang)}
          {i.unitOfMeasureVi ? <Typography.Text type="secondary"> ({i.unitOfMeasureVi})</Typography.Text> : null}
          <div className="ts-small">
            <DirectionTag direction={i.direction} />
          </div>
        </div>
      ),
    },
    {
      key: 'formula',
      title: t('catalog.indicators.formula'),
      render: (_, i) => (
        <div className="ts-small" style={{ minWidth: 220, maxWidth: 340 }}>
          <div>{i.numeratorInWords}</div>
          {i.denominator.trim() !== '1' ? <div style={{ borderTop: '1px solid #d9d9d9', marginTop: 2, paddingTop: 2 }}>{i.denominatorInWords}</div> : null}
          {i.factor !== 1 ? <Typography.Text type="secondary">× {formatNumber(i.factor, lang)}</Typography.Text> : null}
        </div>
      ),
    },
    {
      key: 'target',
      title: t('catalog.indicators.nationalTarget'),
      render: (_, i) =>
        i.nationalTargets.length ? (
          <div>
            {i.nationalTargets.map((x) => (
              <div key={x.period} style={{ whiteSpace: 'nowrap' }}>
                <strong>{formatNumber(x.value, lang, 2)}{i.unitOfMeasureVi ? ` ${i.unitOfMeasureVi}` : ''}</strong> <Typography.Text type="secondary">({x.period})</Typography.Text>
              </div>
            ))}
          </div>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('catalog.indicators.title')}
        subtitle={t('catalog.indicators.subtitle')}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({})} data-testid="indicator-create">
              {t('catalog.indicators.create')}
            </Button>
          ) : null
        }
      />
      <Card className="ts-card">
        <div className="ts-filters">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            className="ts-filter-w"
            placeholder={t('catalog.indicators.search')}
            value={text}
            data-testid="indicator-search"
            onChange={(e) => {
              setText(e.target.value);
              setPage(1);
            }}
          />
        </div>
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<IndicatorView>
          rowKey="id"
          size="middle"
          data-testid="indicators-table"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isPending || isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: q ? t('catalog.noResults') : t('catalog.indicators.empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        />
      </Card>
      {open ? <IndicatorModal id={open.id} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
