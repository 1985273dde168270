// The mail outbox for administrators (national audit.read or user.manage): every e-mail the
// system made — reminders, alerts — with its state, attempts and last error; a row opens to
// the message. Without SMTP this is where the e-mails are read. State and page live in the
// URL so a view can be shared.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Result, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { mailStates, type mailOutboxResponse } from '@shared/schemas/reminders.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../lib/api';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { canReadMailOutbox } from './access';
import './notifications.css';

type Outbox = z.infer<typeof mailOutboxResponse>;
type Mail = Outbox['items'][number];
type MailState = (typeof mailStates)[number];
const PAGE_SIZE = 25;
const STATE_COLOR: Record<MailState, string> = { pending: 'gold', sending: 'blue', sent: 'green', failed: 'red' };

export function MailOutboxPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (!canReadMailOutbox(me)) return <Result status="403" title={t('app.forbiddenTitle')} subTitle={t('app.forbiddenText')} />;
  return <MailOutbox />;
}

function StateTag({ state }: { state: MailState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="mail-state">
      {t(`mailOutbox.states.${state}`)}
    </Tag>
  );
}

function MailDetails({ mail, withSummary }: { mail: Mail; withSummary: boolean }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <div className="ts-stack" data-testid="mail-details">
      {withSummary ? (
        <Typography.Text className="ts-small">
          {t('mailOutbox.attempts')}: {formatNumber(mail.attempts, lang)}
          {mail.nextAttemptAt ? ` · ${t('mailOutbox.nextAttempt')}: ${formatDateTime(mail.nextAttemptAt)}` : ''}
        </Typography.Text>
      ) : null}
      {mail.sentAt ? (
        <Typography.Text className="ts-small">
          {t('mailOutbox.sentAt')}: {formatDateTime(mail.sentAt)}
        </Typography.Text>
      ) : null}
      {withSummary && mail.lastError ? (
        <Typography.Text className="ts-small ts-mail-error">
          {t('mailOutbox.lastError')}: {mail.lastError}
        </Typography.Text>
      ) : null}
      <div>
        <div className="ts-strong">{t('mailOutbox.body')}</div>
        <pre className="ts-mail-body">{mail.body}</pre>
      </div>
    </div>
  );
}

function MailOutbox() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const rawState = params.get('state');
  const state = mailStates.find((s) => s === rawState);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const update = (next: { state?: MailState | null; page?: number | null }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === undefined || v === 1) p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p, { replace: true });
  };

  const query = useQuery({
    queryKey: ['mail-outbox', state ?? 'all', page],
    queryFn: ({ signal }) => api.get<Outbox>('/api/mail-outbox', { query: { state, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const kindName = (kind: string) => t(`notifications.kindNames.${kind}`, { defaultValue: kind });

  const stateOptions = [{ value: 'all', label: t('mailOutbox.allStates') }, ...mailStates.map((s) => ({ value: s, label: t(`mailOutbox.states.${s}`) }))];
  const onState = (v: string) => update({ state: v === 'all' ? null : (v as MailState), page: null });

  // Eight columns within a laptop's width: dates on one line, the rest wraps.
  const columns: ColumnsType<Mail> = [
    { key: 'createdAt', title: t('mailOutbox.createdAt'), width: 125, render: (_, m) => <span className="ts-nowrap">{formatDateTime(m.createdAt)}</span> },
    { key: 'kind', title: t('mailOutbox.kind'), width: 110, render: (_, m) => kindName(m.kind) },
    { key: 'to', title: t('mailOutbox.to'), width: 165, render: (_, m) => <span className="ts-mail-to">{m.to}</span> },
    { key: 'subject', title: t('mailOutbox.subject'), render: (_, m) => <div className="ts-mail-subject">{m.subject}</div> },
    { key: 'state', title: t('mailOutbox.state'), width: 90, render: (_, m) => <StateTag state={m.state} /> },
    { key: 'attempts', title: t('mailOutbox.attempts'), width: 70, align: 'right', render: (_, m) => formatNumber(m.attempts, lang) },
    { key: 'next', title: t('mailOutbox.nextAttempt'), width: 125, render: (_, m) => <span className="ts-nowrap">{m.nextAttemptAt ? formatDateTime(m.nextAttemptAt) : '—'}</span> },
    { key: 'error', title: t('mailOutbox.lastError'), width: 120, render: (_, m) => (m.lastError ? <div className="ts-mail-error ts-small">{m.lastError}</div> : '—') },
  ];
  // Phones: date, state, recipient and subject as one card; the rest in the expanded row.
  const mobileColumns: ColumnsType<Mail> = [
    {
      key: 'card',
      render: (_, m) => (
        <div className="ts-mobile-card">
          <div className="ts-mobile-card-head">
            <span className="ts-nowrap ts-small">{formatDateTime(m.createdAt)}</span>
            <StateTag state={m.state} />
          </div>
          <Typography.Text type="secondary" className="ts-small">
            {kindName(m.kind)} · <span className="ts-mono">{m.to}</span>
          </Typography.Text>
          <div>{m.subject}</div>
        </div>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader title={t('mailOutbox.title')} subtitle={t('mailOutbox.subtitle')} />
      {data ? (
        data.smtpConfigured ? (
          <Alert type="success" showIcon title={t('mailOutbox.smtpOn')} data-testid="smtp-status" />
        ) : (
          <Alert type="warning" showIcon title={t('mailOutbox.smtpOff')} description={t('mailOutbox.smtpOffHelp')} data-testid="smtp-status" />
        )
      ) : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Card className="ts-card">
        <Space wrap align="center" className="ts-filters" style={{ marginBottom: 12 }}>
          <Typography.Text>{t('mailOutbox.state')}:</Typography.Text>
          {isMobile ? (
            <Select value={state ?? 'all'} onChange={onState} options={stateOptions} className="ts-filter-select" aria-label={t('mailOutbox.state')} data-testid="mail-state-filter" />
          ) : (
            <Segmented value={state ?? 'all'} onChange={(v) => onState(String(v))} options={stateOptions} data-testid="mail-state-filter" />
          )}
        </Space>
        <Typography.Paragraph type="secondary" className="ts-small" role="status" data-testid="mail-total">
          {data ? t('mailOutbox.total', { n: formatNumber(data.total, lang) }) : '\u00a0'}
        </Typography.Paragraph>
        <Table<Mail>
          rowKey="id"
          size="small"
          columns={isMobile ? mobileColumns : columns}
          showHeader={!isMobile}
          dataSource={data?.items ?? []}
          loading={query.isFetching}
          locale={{ emptyText: t('mailOutbox.empty') }}
          className="ts-mail-table"
          scroll={isMobile ? undefined : { x: 1000 }}
          // Phones: the whole card opens the message; no separate expand column.
          expandable={{ expandedRowRender: (m) => <MailDetails mail={m} withSummary={isMobile} />, expandRowByClick: true, showExpandColumn: !isMobile }}
          onRow={() => ({ 'data-testid': 'mail-row' }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: (p) => update({ page: p }), showSizeChanger: false, hideOnSinglePage: true }}
        />
      </Card>
    </div>
  );
}
