// Data elements: search by code or name with or without diacritics (the server folds
// Vietnamese), filter by value type, disaggregation and program item; open one to read
// or edit every field.
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, listCombos, listElements, nameOf, VALUE_TYPES, type DataElementView } from './api';
import { DataElementModal } from './DataElementModal';
import { ProgramItemSelect } from './ProgramItemSelect';

const PAGE_SIZE = 20;

export function DataElementsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [valueType, setValueType] = useState<string>();
  const [comboId, setComboId] = useState<string>();
  const [programItemId, setProgramItemId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<{ id?: string } | null>(null);
  const query = { q: q || undefined, valueType, categoryComboId: comboId, programItemId: programItemId ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const { data, error, isFetching, isPending, refetch } = useQuery({ queryKey: catalogKeys.elements(query), queryFn: ({ signal }) => listElements(query, signal), placeholderData: (p) => p });
  const combos = useQuery({ queryKey: catalogKeys.combos, queryFn: listCombos });
  const manage = data?.abilities.manage ?? false;

  const columns: ColumnsType<DataElementView> = [
    {
      key: 'name',
      title: t('catalog.elements.element'),
      render: (_, e) => (
        <div style={{ minWidth: 220, maxWidth: 360 }}>
          <Button type="link" size="small" className="ts-mono ts-small" style={{ padding: 0, height: 'auto' }} onClick={() => setOpen({ id: e.id })} data-testid="element-open">
            {e.code}
          </Button>
          <br />
          {nameOf(e, lang)}
          {e.unitOfMeasureVi ? <Typography.Text type="secondary"> ({e.unitOfMeasureVi})</Typography.Text> : null}
        </div>
      ),
    },
    { key: 'valueType', title: t('catalog.elements.valueType'), render: (_, e) => t(`catalog.valueTypes.${e.valueType}`) },
    { key: 'aggregation', title: t('catalog.elements.aggregationType'), render: (_, e) => t(`catalog.aggregationTypes.${e.aggregationType}`) },
    { key: 'combo', title: t('catalog.elements.combo'), render: (_, e) => (e.categoryCombo.code === 'DEFAULT' ? <Typography.Text type="secondary">{nameOf(e.categoryCombo, lang)}</Typography.Text> : <Tag color="blue">{nameOf(e.categoryCombo, lang)}</Tag>) },
    {
      key: 'program',
      title: t('catalog.programItem'),
      render: (_, e) =>
        e.programItem ? (
          <span title={nameOf(e.programItem, lang)} className="ts-mono ts-small">
            {e.programItem.code}
          </span>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('catalog.elements.title')}
        subtitle={t('catalog.elements.subtitle')}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({})} data-testid="element-create">
              {t('catalog.elements.create')}
            </Button>
          ) : null
        }
      />
      <Card className="ts-card">
        <div className="ts-filters">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            className="ts-filter-search"
            placeholder={t('catalog.elements.search')}
            title={t('catalog.elements.searchHelp')}
            value={text}
            data-testid="element-search"
            onChange={(e) => {
              setText(e.target.value);
              setPage(1);
            }}
          />
          <Select
            allowClear
            className="ts-filter-w"
            placeholder={t('catalog.elements.anyValueType')}
            value={valueType}
            onChange={(v?: string) => {
              setValueType(v);
              setPage(1);
            }}
            options={VALUE_TYPES.map((v) => ({ value: v, label: t(`catalog.valueTypes.${v}`) }))}
          />
          <Select
            allowClear
            className="ts-filter-w"
            placeholder={t('catalog.elements.anyCombo')}
            value={comboId}
            onChange={(v?: string) => {
              setComboId(v);
              setPage(1);
            }}
            options={(combos.data?.items ?? []).map((c) => ({ value: c.id, label: nameOf(c, lang) }))}
          />
          <ProgramItemSelect
            className="ts-filter-w"
            value={programItemId}
            onChange={(v) => {
              setProgramItemId(v);
              setPage(1);
            }}
          />
        </div>
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<DataElementView>
          rowKey="id"
          size="middle"
          data-testid="elements-table"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isPending || isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: q ? t('catalog.noResults') : t('catalog.elements.empty') }}
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
      {open ? <DataElementModal id={open.id} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
