// Completeness and timeliness of reporting: for a form and a period, the chosen unit's
// totals (expected, submitted, on time, late, approved, overdue) and a table of its
// child units with completion bars; a row opens that unit (drill down), the breadcrumb
// goes back up. Below, the reports of the unit's subtree that are overdue or due within
// 7 days. Form, period and unit live in the URL.
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { unitKindLabel } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { UnitSelect } from '../units/UnitSelect';
import type { UnitSummary } from '../units/api';
import { AttentionList } from './AttentionList';
import { RateBar } from './RateBar';
import { completenessKeys, entryLink, getAttention, getCompleteness, type CompletenessRow } from './api';
import { FormPeriodPickers, useFormPeriodParams } from '../submissions/FormPeriodPickers';

const DAYS = 7;

export function CompletenessPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const { params, forms, formId, periods, period, update: setFilters } = useFormPeriodParams();
  const unitId = params.get('unit');

  const data = useQuery({
    queryKey: completenessKeys.counts(formId ?? '', period ?? '', unitId),
    queryFn: ({ signal }) => getCompleteness({ formId: formId!, period: period!, unitId }, signal),
    enabled: Boolean(formId && period),
  });
  const shownUnit = data.data?.total.unitId ?? unitId;
  const attention = useQuery({
    queryKey: completenessKeys.attention(formId, shownUnit, DAYS),
    queryFn: ({ signal }) => getAttention({ formId, unitId: shownUnit, days: DAYS, limit: 20 }, signal),
    enabled: Boolean(formId && shownUnit),
  });

  // Drilling down is a navigation (Back goes up again); changing pickers is not.
  const update = (changes: Record<string, string | null>) => setFilters(changes, { push: 'unit' in changes });

  const total = data.data?.total;
  // The shown unit, so the unit picker names it before any search.
  const knownUnits = useMemo<UnitSummary[]>(
    () =>
      total && data.data
        ? [
            {
              id: total.unitId,
              code: total.unitCode,
              name: total.unitName,
              fullName: total.unitName,
              kind: total.unitKind as UnitSummary['kind'],
              type: '',
              level: 0,
              hierarchy: '2025',
              parentId: null,
              validFrom: null,
              validTo: null,
              childCount: 0,
              path: data.data.path.slice(0, -1).map((p) => p.unitName),
            },
          ]
        : [],
    [total, data.data],
  );
  const n = (v: number) => formatNumber(v, lang);
  const count = (key: keyof CompletenessRow, danger = false) => ({
    key,
    align: 'right' as const,
    width: 84,
    sorter: (a: CompletenessRow, b: CompletenessRow) => (a[key] as number) - (b[key] as number),
    render: (_: unknown, r: CompletenessRow) => {
      const v = r[key] as number;
      return danger && v > 0 ? <Typography.Text type="danger">{n(v)}</Typography.Text> : n(v);
    },
  });

  return (
    <>
      <PageHeader
        title={t('completeness.title')}
        subtitle={t('completeness.subtitle')}
        breadcrumb={
          data.data && data.data.path.length > 1 ? (
            <Breadcrumb
              data-testid="completeness-path"
              items={data.data.path.map((p, i) => ({
                key: p.unitId,
                title: i === data.data!.path.length - 1 ? p.unitName : <a onClick={() => update({ unit: p.unitId })}>{p.unitName}</a>,
              }))}
            />
          ) : undefined
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={[12, 8]}>
          <FormPeriodPickers
            forms={forms.data?.items}
            loading={forms.isLoading}
            formId={formId}
            period={period}
            periods={periods}
            onForm={(v) => update({ form: v, period: null })}
            onPeriod={(v) => update({ period: v })}
            testIdPrefix="completeness"
            isMobile={isMobile}
            lang={lang}
          />
          <div style={{ width: isMobile ? 'calc(100vw - 56px)' : 320 }}>
            <UnitSelect
              value={unitId ?? total?.unitId}
              known={knownUnits}
              placeholder={t('review.unit')}
              data-testid="completeness-unit"
              onChange={(v) => update({ unit: v ?? null })}
            />
          </div>
          {data.data?.dues.map((d) => (
            <Typography.Text key={d.unitKind} type="secondary">
              {t('completeness.dueFor', { level: unitKindLabel(t, d.unitKind), date: formatDate(d.dueAt) })}
            </Typography.Text>
          ))}
        </Space>
      </Card>
      <ErrorAlert error={data.error} onRetry={() => void data.refetch()} style={{ marginBottom: 12 }} />
      {!formId || !period ? (
        <Empty description={t('review.pickForm')} />
      ) : (
        <>
          {total ? (
            <Card size="small" style={{ marginBottom: 12 }} title={total.unitName} data-testid="completeness-total">
              <Row gutter={[16, 12]}>
                <Col xs={12} sm={8} lg={4}>
                  <Statistic title={t('completeness.expected')} value={n(total.expected)} data-testid="completeness-expected" />
                </Col>
                <Col xs={12} sm={8} lg={4}>
                  <Statistic title={t('completeness.submitted')} value={n(total.submitted)} data-testid="completeness-submitted" />
                </Col>
                <Col xs={12} sm={8} lg={4}>
                  <Statistic title={t('completeness.onTime')} value={n(total.onTime)} valueStyle={{ color: '#389e0d' }} />
                </Col>
                <Col xs={12} sm={8} lg={4}>
                  <Statistic title={t('completeness.late')} value={n(total.late)} valueStyle={{ color: total.late > 0 ? '#d48806' : undefined }} />
                </Col>
                <Col xs={12} sm={8} lg={4}>
                  <Statistic title={t('completeness.approved')} value={n(total.approved)} />
                </Col>
                <Col xs={12} sm={8} lg={4}>
                  <Statistic title={t('completeness.overdue')} value={n(total.overdue)} valueStyle={{ color: total.overdue > 0 ? '#cf1322' : undefined }} />
                </Col>
              </Row>
              <Row gutter={[16, 8]} style={{ marginTop: 12 }}>
                <Col xs={24} md={12}>
                  <Typography.Text type="secondary">{t('completeness.completeness')}</Typography.Text>
                  <RateBar value={total.completeness} testId="completeness-rate" />
                </Col>
                <Col xs={24} md={12}>
                  <Typography.Text type="secondary">{t('completeness.timeliness')}</Typography.Text>
                  <RateBar value={total.timeliness} />
                </Col>
              </Row>
            </Card>
          ) : null}
          <Table<CompletenessRow>
            rowKey="unitId"
            size="small"
            loading={data.isLoading}
            dataSource={data.data?.children ?? []}
            scroll={{ x: 1060 }}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('completeness.noChildren')} /> }}
            data-testid="completeness-table"
            onRow={(r) => ({
              onClick: r.hasChildren ? () => update({ unit: r.unitId }) : undefined,
              style: r.hasChildren ? { cursor: 'pointer' } : undefined,
            })}
            columns={[
              {
                title: t('review.unit'),
                key: 'unit',
                fixed: isMobile ? undefined : 'left',
                width: 220,
                sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'vi'),
                render: (_, r) =>
                  r.hasChildren ? (
                    <a data-testid={`completeness-open-${r.unitCode}`}>{r.unitName}</a>
                  ) : (
                    <Link to={entryLink({ formId: formId, unitId: r.unitId, period })} onClick={(e) => e.stopPropagation()}>
                      {r.unitName}
                    </Link>
                  ),
              },
              { title: t('completeness.expected'), ...count('expected') },
              { title: t('completeness.submitted'), ...count('submitted') },
              { title: t('completeness.onTime'), ...count('onTime') },
              { title: t('completeness.late'), ...count('late') },
              { title: t('completeness.approved'), ...count('approved') },
              { title: t('completeness.overdueShort'), ...count('overdue', true) },
              {
                title: t('completeness.completeness'),
                key: 'completeness',
                width: 170,
                sorter: (a, b) => (a.completeness ?? -1) - (b.completeness ?? -1),
                render: (_, r) => <RateBar value={r.completeness} />,
              },
              {
                title: t('completeness.timeliness'),
                key: 'timeliness',
                width: 170,
                sorter: (a, b) => (a.timeliness ?? -1) - (b.timeliness ?? -1),
                render: (_, r) => <RateBar value={r.timeliness} />,
              },
            ]}
          />
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('completeness.overdueOpenList', { count: attention.data?.overdue.total ?? 0 })} loading={attention.isLoading}>
                <ErrorAlert error={attention.error} />
                {attention.data ? <AttentionList kind="overdue" items={attention.data.overdue.items} total={attention.data.overdue.total} testId="completeness-overdue" /> : null}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('completeness.dueSoonList', { days: DAYS, count: attention.data?.dueSoon.total ?? 0 })} loading={attention.isLoading}>
                {attention.data ? <AttentionList kind="dueSoon" items={attention.data.dueSoon.items} total={attention.data.dueSoon.total} testId="completeness-due-soon" /> : null}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
