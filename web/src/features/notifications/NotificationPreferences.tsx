// "Thông báo" on the account page: per kind, e-mail on/off and the daily digest (07:00);
// in-app is always on. A table on wide screens, one card per kind on a phone. The whole
// set is saved at once, as the API takes it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { notificationPreferencesBody, notificationPreferencesResponse, PREFERENCE_KINDS } from '@shared/schemas/reminders.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useIsMobile } from '../../lib/hooks';
import './notifications.css';

type Preferences = z.infer<typeof notificationPreferencesResponse>;
type Body = z.infer<typeof notificationPreferencesBody>;
type Kind = (typeof PREFERENCE_KINDS)[number];
interface Row {
  kind: Kind;
  email: boolean;
  digest: boolean;
}
const KEY = ['notification-preferences'] as const;

const sameRows = (a: Row[], b: Row[]) => a.length === b.length && a.every((r, i) => r.kind === b[i]?.kind && r.email === b[i]?.email && r.digest === b[i]?.digest);
const rowsOf = (p: Preferences): Row[] => p.items.map((i) => ({ kind: i.kind, email: i.email, digest: i.email && i.digest }));

export function NotificationPreferences({ email }: { email: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: KEY, queryFn: ({ signal }) => api.get<Preferences>('/api/notification-preferences', { signal }) });
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    if (query.data) setRows(rowsOf(query.data));
  }, [query.data]);
  const save = useMutation({
    // What the user sees is what is stored: no digest while e-mail is off.
    mutationFn: (items: Row[]) => api.put<Preferences>('/api/notification-preferences', { items: items.map((r) => ({ kind: r.kind, email: r.email, digest: r.email && r.digest })) } satisfies Body),
    onSuccess: (p) => {
      qc.setQueryData(KEY, p);
      message.success(t('notifications.settings.saved'));
    },
  });

  const set = (kind: Kind, patch: Partial<Row>) => setRows((rs) => rs?.map((r) => (r.kind === kind ? { ...r, ...patch } : r)) ?? rs);
  const dirty = Boolean(rows && query.data && !sameRows(rows, rowsOf(query.data)));

  const emailSwitch = (r: Row) => (
    <Switch checked={r.email} onChange={(v) => set(r.kind, { email: v, digest: v ? r.digest : false })} aria-label={`${t('notifications.settings.email')}: ${t(`notifications.kindNames.${r.kind}`)}`} data-testid={`pref-email-${r.kind}`} />
  );
  const digestSwitch = (r: Row) => (
    <Switch
      checked={r.email && r.digest}
      disabled={!r.email}
      onChange={(v) => set(r.kind, { digest: v })}
      aria-label={`${t('notifications.settings.digest')}: ${t(`notifications.kindNames.${r.kind}`)}`}
      title={r.email ? undefined : t('notifications.settings.digestNeedsEmail')}
      data-testid={`pref-digest-${r.kind}`}
    />
  );
  const kindCell = (r: Row) => (
    <div>
      <div className="ts-strong">{t(`notifications.kindNames.${r.kind}`)}</div>
      <Typography.Text type="secondary" className="ts-small">
        {t(`notifications.kindHelp.${r.kind}`)}
      </Typography.Text>
    </div>
  );

  const columns: ColumnsType<Row> = [
    { key: 'kind', title: t('notifications.settings.kind'), render: (_, r) => kindCell(r) },
    { key: 'inApp', title: t('notifications.settings.inApp'), width: 130, render: () => <Tag color="green">{t('notifications.settings.alwaysOn')}</Tag> },
    { key: 'email', title: t('notifications.settings.email'), width: 120, align: 'center', render: (_, r) => emailSwitch(r) },
    { key: 'digest', title: t('notifications.settings.digest'), width: 180, align: 'center', render: (_, r) => digestSwitch(r) },
  ];

  return (
    <Card className="ts-card" title={t('notifications.settings.title')} id="notifications" data-testid="notification-preferences">
      <div className="ts-stack">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('notifications.settings.intro')}
          {query.data?.hasEmail && email ? ` ${t('notifications.settings.emailTo', { email })}` : ''}
        </Typography.Paragraph>
        {query.data && !query.data.hasEmail ? <Alert type="warning" showIcon title={t('notifications.settings.noEmail')} data-testid="pref-no-email" /> : null}
        {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        {!rows ? (
          query.isPending ? <Skeleton active /> : null
        ) : isMobile ? (
          <div className="ts-pref-cards">
            {rows.map((r) => (
              <div key={r.kind} className="ts-pref-card" data-testid={`pref-row-${r.kind}`}>
                {kindCell(r)}
                <label className="ts-pref-switch">
                  <span>{t('notifications.settings.email')}</span>
                  {emailSwitch(r)}
                </label>
                <label className="ts-pref-switch">
                  <span className={r.email ? undefined : 'ts-pref-off'}>{t('notifications.settings.digest')}</span>
                  {digestSwitch(r)}
                </label>
              </div>
            ))}
          </div>
        ) : (
          <Table<Row> rowKey="kind" size="small" columns={columns} dataSource={rows} pagination={false} onRow={(r) => ({ 'data-testid': `pref-row-${r.kind}` }) as React.HTMLAttributes<HTMLElement>} />
        )}
        {save.error ? <ErrorAlert error={save.error} /> : null}
        {rows ? (
          <div className="ts-pref-actions">
            <Button type="primary" onClick={() => save.mutate(rows)} loading={save.isPending} disabled={!dirty} data-testid="pref-save">
              {t('common.save')}
            </Button>
            {dirty ? (
              <Typography.Text type="warning" className="ts-small">
                {t('notifications.settings.unsaved')}
              </Typography.Text>
            ) : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}
