// Home-page card for the user's scope: per form, the current reporting round (the last
// completed period) — submitted of expected, on time, late, approved — and the reports
// overdue or due within 7 days, each opening its report; "see all" opens /completeness.
import { PieChartOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { periodLabel } from '@shared/engine/periods.ts';
import type { formListResponse } from '@shared/schemas/forms.ts';
import { api } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { recentPeriods } from '../submissions/FormPeriodPickers';
import { AttentionList } from './AttentionList';
import { completenessKeys, getAttention, getCompleteness } from './api';
import { RateBar } from './RateBar';

type FormList = z.infer<typeof formListResponse>;
const DAYS = 7;

export function CompletenessCard() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const forms = useQuery({ queryKey: ['forms', 'list'], queryFn: ({ signal }) => api.get<FormList>('/api/forms', { signal }) });
  const items = (forms.data?.items ?? []).map((f) => ({ form: f, period: recentPeriods(f.periodType, new Date())[1] }));
  const counts = useQueries({
    queries: items.map((x) => ({
      queryKey: completenessKeys.counts(x.form.id, x.period, null),
      queryFn: ({ signal }: { signal: AbortSignal }) => getCompleteness({ formId: x.form.id, period: x.period }, signal),
    })),
  });
  const attention = useQuery({ queryKey: completenessKeys.attention(null, null, DAYS), queryFn: ({ signal }) => getAttention({ days: DAYS, limit: 5 }, signal) });
  const rows = items.map((x, i) => ({ ...x, data: counts[i]?.data })).filter((x) => x.data && x.data.total.expected > 0);
  const loading = forms.isPending || counts.some((c) => c.isPending);
  const unitName = rows[0]?.data?.total.unitName;
  const n = (v: number) => formatNumber(v, lang);
  return (
    <Card
      className="ts-card"
      data-testid="home-completeness"
      title={
        <span>
          <PieChartOutlined /> {unitName ? t('completeness.homeTitle', { unit: unitName }) : t('completeness.title')}
        </span>
      }
      extra={<Link to="/completeness">{t('completeness.seeAll')}</Link>}
    >
      {loading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('completeness.noChildren')} />
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(r) => {
            const c = r.data!.total;
            return (
              <List.Item
                actions={[
                  <Link key="open" to={`/completeness?form=${r.form.id}&period=${r.period}`}>
                    {t('completeness.details')}
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  title={`${r.form.code} · ${periodLabel(r.period, lang)}`}
                  description={
                    <>
                      <RateBar value={c.completeness} />
                      <Typography.Text type="secondary">
                        {t('completeness.homeCounts', { submitted: n(c.submitted), expected: n(c.expected), onTime: n(c.onTime), late: n(c.late), approved: n(c.approved) })}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
      {attention.data ? (
        <Tabs
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'overdue',
              label: t('completeness.overdueList', { count: attention.data.overdue.total }),
              children: <AttentionList kind="overdue" items={attention.data.overdue.items} total={attention.data.overdue.total} testId="home-overdue" />,
            },
            {
              key: 'dueSoon',
              label: t('completeness.dueSoonList', { days: DAYS, count: attention.data.dueSoon.total }),
              children: <AttentionList kind="dueSoon" items={attention.data.dueSoon.items} total={attention.data.dueSoon.total} testId="home-due-soon" />,
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
