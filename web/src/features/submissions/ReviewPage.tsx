// Reviewing the units below: for a form and a period, every unit in the caller's scope
// that reports it, with its state, timeliness and dates; a summary by state; a filter
// and a search; each unit opens its report on the entry page, where the reviewer
// approves or returns it. Form, period and filter live in the URL.
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Input, Segmented, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { addPeriods, periodContaining, periodLabel, type PeriodType } from '@shared/engine/periods.ts';
import type { formListResponse } from '@shared/schemas/forms.ts';
import { foldVietnamese } from '@shared/text.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { listSubmissions, submissionKeys, type SubmissionListItem, type SubmissionState } from './api';
import { StateTag, TimelinessTag } from './StateTag';
import { FormPeriodPickers } from './FormPeriodPickers';

type FormList = z.infer<typeof formListResponse>;
const STATES: SubmissionState[] = ['submitted', 'returned', 'draft', 'approved'];

/** The current period and the eleven before it, newest first (Vietnam time). */
export function recentPeriods(type: PeriodType, now: Date, count = 12): string[] {
  const current = periodContaining(type, now);
  return Array.from({ length: count }, (_, i) => addPeriods(current, -i));
}

export function ReviewPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const forms = useQuery({ queryKey: ['forms', 'list'], queryFn: ({ signal }) => api.get<FormList>('/api/forms', { signal }) });
  const formId = params.get('form') ?? forms.data?.items[0]?.id ?? null;
  const form = forms.data?.items.find((f) => f.id === formId) ?? null;
  const periods = useMemo(() => (form ? recentPeriods(form.periodType, new Date()) : []), [form]);
  // Default: the last completed period, the one being reported and reviewed.
  const period = params.get('period') && periods.includes(params.get('period')!) ? params.get('period')! : (periods[1] ?? periods[0] ?? null);
  const state = (params.get('state') as SubmissionState | null) ?? null;

  const list = useQuery({
    queryKey: submissionKeys.list(formId ?? '', period ?? '', null),
    queryFn: ({ signal }) => listSubmissions({ formId: formId!, period: period! }, signal),
    enabled: Boolean(formId && period),
  });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

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
