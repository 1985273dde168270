// The bell in the header: unread count (polled quietly, so it never keeps an idle
// session alive), the latest notifications worded in the reader's language, a click
// opens the report concerned and marks the notification read.
import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { notificationListResponse, NotificationView } from '@shared/schemas/submissions.ts';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

type NotificationList = z.infer<typeof notificationListResponse>;
const KEY = ['notifications', 'latest'] as const;
const KNOWN = new Set(['submission.submit', 'submission.approve', 'submission.return', 'submission.unapprove', 'webhook.disabled', 'reminder.due_soon', 'reminder.due_today', 'reminder.overdue', 'target.below', 'task.due_soon', 'task.due_today', 'task.overdue', 'disbursement.below_plan']);

export function useNotificationText() {
  const { t } = useTranslation();
  return (n: NotificationView) => (KNOWN.has(n.kind) ? t(`notifications.kinds.${n.kind}`, { ...n.params, comment: n.params.comment ?? '', interpolation: { escapeValue: false } }) : t('notifications.kinds.other'));
}

export function NotificationBell({ onDark }: { onDark?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const text = useNotificationText();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<NotificationList>('/api/notifications', { query: { limit: 15 }, signal, passive: true }),
    refetchInterval: 60_000,
  });
  const unread = list.data?.unread ?? 0;

  const openItem = async (n: NotificationView) => {
    setOpen(false);
    if (!n.readAt) {
      await api.post(`/api/notifications/${n.id}/read`).catch(() => undefined);
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    }
    if (n.link) void navigate(n.link);
  };
  const readAll = async () => {
    await api.post('/api/notifications/read-all');
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  };

  const content = (
    <div className="ts-notifications" data-testid="notification-list">
      {list.data && list.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <List
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          renderItem={(n) => (
            <List.Item className={n.readAt ? 'ts-notification' : 'ts-notification ts-notification-unread'} onClick={() => void openItem(n)} data-testid="notification-item">
              <div>
                <div>{text(n)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) void list.refetch();
      }}
      title={
        <div className="ts-notifications-title">
          <span>{t('notifications.title')}</span>
          {unread > 0 ? (
            <Button type="link" size="small" onClick={() => void readAll()} data-testid="notifications-read-all">
              {t('notifications.markAllRead')}
            </Button>
          ) : null}
        </div>
      }
      content={content}
    >
      <Button type="text" className={onDark ? 'ts-header-icon' : undefined} aria-label={t('notifications.open', { count: unread })} data-testid="notification-bell">
        <Badge count={unread} size="small" offset={[2, -2]}>
          <BellOutlined style={{ fontSize: 18, color: onDark ? '#fff' : undefined }} />
        </Badge>
      </Button>
    </Popover>
  );
}
