// Disaggregation categories (ethnic group with the 54 GSO codes, sex, age group, area
// type…) with their options, and the combinations built from them (ethnic group × sex…)
// that data elements are disaggregated by.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, getCombo, listCategories, listCombos, nameOf, type CategoryView, type ComboSummary } from './api';
import { CategoryModal } from './CategoryModal';
import { ComboModal } from './ComboModal';

export function CategoriesPage() {
  const { t } = useTranslation();
  return (
    <div className="ts-stack">
      <PageHeader title={t('catalog.categories.title')} subtitle={t('catalog.categories.subtitle')} />
      <CategoriesCard />
      <CombosCard />
    </div>
  );
}

function CategoriesCard() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, error, isPending, refetch } = useQuery({ queryKey: catalogKeys.categories, queryFn: listCategories });
  const [editing, setEditing] = useState<{ category?: CategoryView } | null>(null);
  const manage = data?.abilities.manage ?? false;
  const columns: ColumnsType<CategoryView> = [
    { key: 'code', title: t('catalog.code'), dataIndex: 'code', render: (c: string) => <span className="ts-mono">{c}</span> },
    {
      key: 'name',
      title: t('catalog.name'),
      render: (_, c) => (
        <>
          {nameOf(c, lang)}
          {c.description ? (
            <Typography.Paragraph type="secondary" className="ts-small" style={{ margin: 0, maxWidth: 300 }} ellipsis={{ rows: 2 }}>
              {c.description}
            </Typography.Paragraph>
          ) : null}
        </>
      ),
    },
    { key: 'options', title: t('catalog.categories.options'), align: 'right', render: (_, c) => formatNumber(c.options.length, lang) },
    { key: 'combos', title: t('catalog.categories.usedBy'), render: (_, c) => <div className="ts-tags" style={{ maxWidth: 190 }}>{c.comboCodes.map((code) => <Tag key={code}>{code}</Tag>)}</div> },
  ];
  if (manage)
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_, c) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ category: c })} data-testid={`category-edit-${c.code}`} aria-label={t('common.edit')} title={t('common.edit')} />
      ),
    });
  return (
    <Card
      className="ts-card"
      title={t('catalog.categories.categories')}
      extra={
        manage ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('catalog.categories.create')}
          </Button>
        ) : null
      }
    >
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<CategoryView>
        rowKey="id"
        size="middle"
        data-testid="categories-table"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('catalog.categories.empty') }}
        expandable={{
          expandedRowRender: (c) => (
            <div className="ts-small">
              {c.options.map((o) => (
                <Tag key={o.id} style={{ marginBottom: 4 }}>
                  <span className="ts-mono">{o.code}</span> {nameOf(o, lang)}
                </Tag>
              ))}
            </div>
          ),
        }}
      />
      {editing ? <CategoryModal category={editing.category} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

function ComboOptions({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, error, isPending } = useQuery({ queryKey: catalogKeys.combo(id), queryFn: () => getCombo(id) });
  if (isPending) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  if (error) return <ErrorAlert error={error} />;
  return (
    <div className="ts-small">
      {data.optionCombos.map((o) => (
        <Tag key={o.id} style={{ marginBottom: 4 }} color={o.active ? undefined : 'warning'}>
          <span className="ts-mono">{o.code}</span> {nameOf(o, lang)}
        </Tag>
      ))}
    </div>
  );
}

function CombosCard() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, error, isPending, refetch } = useQuery({ queryKey: catalogKeys.combos, queryFn: listCombos });
  const [creating, setCreating] = useState(false);
  const manage = data?.abilities.manage ?? false;
  const columns: ColumnsType<ComboSummary> = [
    { key: 'code', title: t('catalog.code'), dataIndex: 'code', render: (c: string) => <span className="ts-mono">{c}</span> },
    { key: 'name', title: t('catalog.name'), render: (_, c) => nameOf(c, lang) },
    { key: 'categories', title: t('catalog.categories.categoriesOf'), render: (_, c) => (c.categories.length ? <div className="ts-tags">{c.categories.map((x) => <Tag key={x.id}>{nameOf(x, lang)}</Tag>)}</div> : <Typography.Text type="secondary">—</Typography.Text>) },
    { key: 'cells', title: t('catalog.categories.optionCombos'), align: 'right', render: (_, c) => formatNumber(c.optionComboCount, lang) },
    { key: 'elements', title: t('catalog.categories.elements'), align: 'right', render: (_, c) => formatNumber(c.dataElementCount, lang) },
  ];
  return (
    <Card
      className="ts-card"
      title={t('catalog.categories.combos')}
      extra={
        manage ? (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('catalog.categories.createCombo')}
          </Button>
        ) : null
      }
    >
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<ComboSummary>
        rowKey="id"
        size="middle"
        data-testid="combos-table"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('catalog.categories.emptyCombos') }}
        expandable={{ expandedRowRender: (c) => <ComboOptions id={c.id} />, rowExpandable: (c) => !c.isDefault }}
      />
      {creating ? <ComboModal onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}
