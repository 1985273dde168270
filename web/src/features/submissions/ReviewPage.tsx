// Reviewing the units below: for a form and a period, every unit in the caller's scope
// that reports it, with its state, timeliness and dates; a summary by state; a filter
// and a search; each unit opens its report on the entry page, where the reviewer
// approves or returns it. Form, period and filter live in the URL.
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Input, Segmented, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { foldVietnamese } from '@shared/text.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { listSubmissions, submissionKeys, type SubmissionListItem, type SubmissionState } from './api';
import { StateTag, TimelinessTag } from './StateTag';
import { FormPeriodPickers, useFormPeriodParams } from './FormPeriodPickers';

const STATES: SubmissionState[] = ['submitted', 'returned', 'draft', 'approved'];

export function ReviewPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [search, setSearch] = useState('');
  const { params, forms, formId, periods, period, update } = useFormPeriodParams();
  const state = (params.get('state') as SubmissionState | null) ?? null;

  const list = useQuery({
    queryKey: submissionKeys.list(formId ?? '', period ?? '', null),
    queryFn: ({ signal }) => listSubmissions({ formId: formId!, period: period! }, signal),
    enabled: Boolean(formId && period),
  });

  const rows = useMemo(() => {
    const needle = foldVietnamese(search.trim());
    // Waiting for review first, then returned, not yet submitted, approved; the server's order (by place) within each.
    return (list.data?.items ?? [])
      .filter((r) => (!state || r.state === state) && (!needle || foldVietnamese(`${r.unitName} ${r.unitCode} ${r.parentName ?? ''}`).includes(needle)))
      .map((r, i) => ({ r, i }))
      .sort((a, b) => STATES.indexOf(a.r.state) - STATES.indexOf(b.r.state) || a.i - b.i)
      .map((x) => x.r);
  }, [list.data, state, search]);
  const counts = list.data?.counts;
  const total = counts ? counts.draft + counts.submitted + counts.returned + counts.approved : 0;
  const entryLink = (r: SubmissionListItem) => `/data-entry?form=${formId}&unit=${r.unitId}&period=${period}`;

  return (
    <>
      <PageHeader title={t('review.title')} subtitle={t('review.subtitle')} />
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
            testIdPrefix="review"
            isMobile={isMobile}
            lang={lang}
          />
          <Input.Search allowClear placeholder={t('review.unit')} style={{ width: 220 }} value={search} onChange={(e) => setSearch(e.target.value)} />
        </Space>
        {counts ? (
          <div style={{ marginTop: 12 }}>
            <Segmented
              value={state ?? 'all'}
              onChange={(v) => update({ state: v === 'all' ? null : String(v) })}
              options={[
                { value: 'all', label: `${t('review.allStates')} (${total})` },
                ...STATES.map((s) => ({ value: s, label: `${t(`submission.state.${s}`)} (${counts[s]})` })),
              ]}
              data-testid="review-state-filter"
            />
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('review.summary', { total, ...counts })}
            </Typography.Paragraph>
          </div>
        ) : null}
      </Card>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />
      {!formId || !period ? (
        <Empty description={t('review.pickForm')} />
      ) : (
        <Table<SubmissionListItem>
          rowKey="unitId"
          size="small"
          loading={list.isLoading}
          dataSource={rows}
          scroll={{ x: 760 }}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('review.empty')} /> }}
          data-testid="review-table"
          columns={[
            {
              title: t('review.unit'),
              key: 'unit',
              render: (_, r) => (
                <div>
                  <Link to={entryLink(r)} data-testid={`review-open-${r.unitCode}`}>
                    {r.unitName}
                  </Link>
                  {r.parentName ? <div className="ts-muted">{r.parentName}</div> : null}
                </div>
              ),
            },
            { title: t('review.state'), key: 'state', width: 190, render: (_, r) => <StateTag state={r.state} /> },
            { title: t('review.timeliness'), key: 'onTime', width: 110, render: (_, r) => <TimelinessTag onTime={r.onTime} /> },
            { title: t('review.submittedAt'), key: 'submittedAt', width: 150, render: (_, r) => formatDateTime(r.submittedAt) },
            { title: t('review.decidedAt'), key: 'decidedAt', width: 150, render: (_, r) => formatDateTime(r.decidedAt) },
          ]}
        />
      )}
    </>
  );
}
