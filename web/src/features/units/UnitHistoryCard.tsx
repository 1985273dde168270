// History across the 2025 reorganisation on a unit's page: for a form's element, the
// unit's figure year by year next to its predecessors' (or successors'), so a commune
// merged in 2025 shows what its old communes reported before and what it reports since.
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UnitLineage } from '@shared/schemas/reports.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { formName, getForm, listForms } from '../forms-admin/api';

type Row = UnitLineage['rows'][number];

export function UnitHistoryCard({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const forms = useQuery({ queryKey: ['forms'], queryFn: listForms });
  const [formId, setFormId] = useState<string | null>(null);
  const chosenForm = formId ?? forms.data?.items[0]?.id ?? null;
  const detail = useQuery({ queryKey: ['forms', chosenForm], queryFn: () => getForm(chosenForm!), enabled: chosenForm !== null });
  const lineage = useQuery({
    queryKey: ['reports', 'lineage', unitId, chosenForm],
    queryFn: () => api.get<UnitLineage>('/api/reports/lineage', { query: { unitId, formId: chosenForm! } }),
    enabled: chosenForm !== null,
  });
  const elements = useMemo(
    () => (detail.data?.sections ?? []).flatMap((s) => s.elements.map((e) => ({ id: e.dataElementId, label: `${e.code} — ${lang === 'en' && e.nameEn ? e.nameEn : e.nameVi}` }))),
    [detail.data, lang],
  );
  const [elementId, setElementId] = useState<string | null>(null);
  // Default: the first element with a figure in any year.
  const withData = elements.find((e) => lineage.data?.rows.some((r) => Object.values(r.values[e.id] ?? {}).some((v) => v !== null)));
  const chosenElement = elementId && elements.some((e) => e.id === elementId) ? elementId : (withData?.id ?? elements[0]?.id ?? null);

  const relation = (r: Row) =>
    r.relation === 'self' ? <Tag color="blue">{t('units.historySelf')}</Tag> : r.relation === 'predecessor' ? <Tag>{t('units.historyPredecessor')}</Tag> : <Tag color="green">{t('units.historySuccessor')}</Tag>;
  const columns: ColumnsType<Row> = [
    {
      title: t('units.historyUnit'),
      key: 'unit',
      fixed: 'left',
      width: 220,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          {r.relation === 'self' ? <Typography.Text strong>{r.unit.name}</Typography.Text> : <Link to={`/units/${r.unit.id}`}>{r.unit.name}</Link>}
          <Space size={4} wrap>
            {relation(r)}
            {r.weight !== null && r.weight !== 1 ? <Typography.Text type="secondary" className="ts-small">{t('units.historyWeight', { weight: formatNumber(r.weight, lang, 4) })}</Typography.Text> : null}
          </Space>
        </Space>
      ),
    },
    ...(lineage.data?.years ?? []).map((year) => ({
      title: year,
      key: year,
      align: 'right' as const,
      render: (_: unknown, r: Row) => {
        const v = chosenElement ? r.values[chosenElement]?.[year] : null;
        return v === null || v === undefined ? <Typography.Text type="secondary">–</Typography.Text> : formatNumber(v, lang, 2);
      },
    })),
  ];

  return (
    <Card className="ts-card" title={t('units.historyTitle')} data-testid="unit-history">
      <Typography.Paragraph type="secondary" className="ts-small">
        {t('units.historyHelp')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('units.historyForm')}
          style={{ minWidth: 260 }}
          value={chosenForm ?? undefined}
          loading={forms.isLoading}
          onChange={(v) => {
            setFormId(v);
            setElementId(null);
          }}
          options={(forms.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.code} — ${formName(f, lang)}` }))}
        />
        <Select
          aria-label={t('units.historyElement')}
          style={{ minWidth: 320, maxWidth: '100%' }}
          showSearch
          optionFilterProp="label"
          value={chosenElement ?? undefined}
          onChange={setElementId}
          options={elements.map((e) => ({ value: e.id, label: e.label }))}
        />
      </Space>
      {lineage.error ? <ErrorAlert error={lineage.error} /> : null}
      {lineage.isLoading || forms.isLoading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : lineage.data ? (
        <Table<Row> size="small" rowKey={(r) => r.unit.id} columns={columns} dataSource={lineage.data.rows} pagination={false} scroll={{ x: 'max-content' }} />
      ) : (
        <Empty description={t('units.historyNoForm')} />
      )}
    </Card>
  );
}
