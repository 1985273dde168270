// A list of reports needing attention (overdue, or due within N days): form · period,
// unit, due date, state; each opens the report on the entry page.
import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { periodLabel } from '@shared/engine/periods.ts';
import { formatDate, formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { StateTag } from '../submissions/StateTag';
import { entryLink, type AttentionItem } from './api';

export function AttentionList({ items, total, kind, testId }: { items: AttentionItem[]; total: number; kind: 'overdue' | 'dueSoon'; testId: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <div data-testid={testId}>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t(kind === 'overdue' ? 'completeness.noOverdue' : 'completeness.noDueSoon') }}
        renderItem={(i) => (
          <List.Item
            actions={[
              <Link key="open" to={entryLink(i)}>
                {t('completeness.open')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={
                <span>
                  {i.unitName}
                  {i.parentName ? <Typography.Text type="secondary"> · {i.parentName}</Typography.Text> : null}
                </span>
              }
              description={
                <Space wrap size={[6, 4]}>
                  <span>
                    {i.formCode} · {periodLabel(i.period, lang)}
                  </span>
                  <Typography.Text type={kind === 'overdue' ? 'danger' : 'warning'}>
                    {t(kind === 'overdue' ? 'completeness.overdueSince' : 'completeness.dueOn', { date: formatDate(i.dueAt) })}
                  </Typography.Text>
                  {i.state === 'returned' ? <StateTag state="returned" /> : null}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {total > items.length ? (
        <Tag style={{ marginTop: 8 }}>{t('completeness.more', { shown: formatNumber(items.length, lang), total: formatNumber(total, lang) })}</Tag>
      ) : null}
    </div>
  );
}
