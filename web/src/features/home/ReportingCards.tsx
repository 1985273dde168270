// What the reporting round asks of the user today, on the home page. An officer sees
// each form of their unit for the periods still open: its state, due date and a link
// to enter or fix it. A reviewer sees, per form, how many reports of the last
// completed period wait for them, with a link to the review list.
import { CheckSquareOutlined, FormOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { periodLabel } from '@shared/engine/periods.ts';
import type { formListResponse, formPeriodsResponse } from '@shared/schemas/forms.ts';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import type { Assignment } from '../auth/session';
import { getSubmission, listSubmissions } from '../submissions/api';
import { recentPeriods } from '../submissions/FormPeriodPickers';
import { StateTag } from '../submissions/StateTag';

type FormList = z.infer<typeof formListResponse>;
type FormPeriods = z.infer<typeof formPeriodsResponse>;

/** The open periods of every form assigned to the unit, each with its report's state. */
export function MyReportsCard({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const unitId = assignment.unit.id;
  const forms = useQuery({ queryKey: ['home', 'forms', unitId], queryFn: ({ signal }) => api.get<FormList>('/api/forms/assigned', { query: { unitId }, signal }) });
  const periods = useQueries({
    queries: (forms.data?.items ?? []).map((f) => ({
      queryKey: ['home', 'periods', f.id, unitId],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<FormPeriods>(`/api/forms/${f.id}/periods`, { query: { unitId }, signal }),
    })),
  });
  const rows = (forms.data?.items ?? []).flatMap((f, i) =>
    (periods[i]?.data?.items ?? []).filter((p) => p.status === 'open').map((p) => ({ form: f, period: p })),
  );
  const states = useQueries({
    queries: rows.map((r) => ({
      queryKey: ['submissions', 'status', r.form.id, unitId, r.period.code],
      queryFn: ({ signal }: { signal: AbortSignal }) => getSubmission({ formId: r.form.id, unitId, period: r.period.code }, signal),
    })),
  });
  const loading = forms.isPending || periods.some((p) => p.isPending) || states.some((q) => q.isPending);
  // What still needs the officer: not yet approved, the two newest open periods per form.
  const perForm = new Map<string, number>();
  const shown = rows
    .map((r, i) => ({ ...r, status: states[i]?.data }))
    .filter((r) => r.status?.state !== 'approved')
    .sort((a, b) => b.period.code.localeCompare(a.period.code))
    .filter((r) => {
      const n = (perForm.get(r.form.id) ?? 0) + 1;
      perForm.set(r.form.id, n);
      return n <= 2;
    })
    .sort((a, b) => a.form.code.localeCompare(b.form.code) || b.period.code.localeCompare(a.period.code));
  return (
    <Card
      className="ts-card"
      data-testid="home-my-reports"
      title={
        <span>
          <FormOutlined /> {t('home.myReports', { unit: assignment.unit.name })}
        </span>
      }
    >
      {loading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noOpenReports')} />
      ) : (
        <List
          size="small"
          dataSource={shown}
          renderItem={(r) => {
            const s = r.status;
            const late = new Date(r.period.dueAt) < new Date() && (!s || s.state === 'draft' || s.state === 'returned');
            return (
              <List.Item
                actions={[
                  <Link key="open" to={`/data-entry?form=${r.form.id}&unit=${unitId}&period=${r.period.code}`}>
                    {s && (s.state === 'submitted' || s.state === 'approved') ? t('home.view') : t('home.enter')}
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  title={`${r.form.code} · ${periodLabel(r.period.code, lang)}`}
                  description={
                    <Space wrap size={[6, 4]}>
                      {s ? <StateTag state={s.state} /> : null}
                      <Typography.Text type={late ? 'danger' : 'secondary'}>{t(late ? 'home.overdue' : 'home.due', { date: formatDate(r.period.dueAt) })}</Typography.Text>
                      {s && s.questionedCells.length > 0 ? <Tag color="orange">{t('home.questioned', { count: s.questionedCells.length })}</Tag> : null}
                    </Space>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

/** Per form in the reviewer's scope: reports of the last completed period awaiting review. */
export function ReviewQueueCard() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const forms = useQuery({ queryKey: ['forms', 'list'], queryFn: ({ signal }) => api.get<FormList>('/api/forms', { signal }) });
  const items = (forms.data?.items ?? []).map((f) => ({ form: f, period: recentPeriods(f.periodType, new Date())[1] }));
  const lists = useQueries({
    queries: items.map((x) => ({
      queryKey: ['submissions', 'list', x.form.id, x.period, 'summary'],
      queryFn: ({ signal }: { signal: AbortSignal }) => listSubmissions({ formId: x.form.id, period: x.period, summary: true }, signal),
    })),
  });
  const rows = items.map((x, i) => ({ ...x, counts: lists[i]?.data?.counts })).filter((x) => x.counts && Object.values(x.counts).some((n) => n > 0));
  const loading = forms.isPending || lists.some((l) => l.isPending);
  return (
    <Card
      className="ts-card"
      data-testid="home-review-queue"
      title={
        <span>
          <CheckSquareOutlined /> {t('home.reviewQueue')}
        </span>
      }
    >
      {loading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.nothingToReview')} />
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(r) => (
            <List.Item
              actions={[
                <Link key="open" to={`/review?form=${r.form.id}&period=${r.period}&state=submitted`}>
                  {t('home.review')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={`${r.form.code} · ${periodLabel(r.period, lang)}`}
                description={t('home.reviewCounts', { submitted: r.counts!.submitted, approved: r.counts!.approved, returned: r.counts!.returned, draft: r.counts!.draft })}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
