// The dashboards one may open: one's own, those shared with one (by name or by unit) and
// the platform's templates; search by name (diacritics ignored); create a new one.
import { AppstoreOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Input, Modal, Row, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { foldVietnamese } from '@shared/text.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { createDashboard, dashboardKeys, listDashboards, type DashboardSummary } from './api';
import './dashboards.css';

type Tab = 'all' | 'mine' | 'shared' | 'platform';

export function DashboardsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [tab, setTab] = useState<Tab>('all');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState<string | null>(null);
  const list = useQuery({ queryKey: dashboardKeys.list({}), queryFn: ({ signal }) => listDashboards({}, signal) });

  const shown = useMemo(() => {
    const q = foldVietnamese(search);
    const of = (d: DashboardSummary): Tab => (d.mine ? 'mine' : d.owner === null ? 'platform' : 'shared');
    return (list.data?.items ?? []).filter((d) => (tab === 'all' || of(d) === tab) && (!q || foldVietnamese(d.name).includes(q)));
  }, [list.data, tab, search]);

  const create = async () => {
    if (!creating?.trim()) return;
    try {
      const d = await createDashboard({ name: creating.trim() });
      void qc.invalidateQueries({ queryKey: dashboardKeys.all });
      setCreating(null);
      navigate(`/dashboards/${d.id}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="db-list-page">
      <PageHeader
        title={t('dashboards.title')}
        subtitle={t('dashboards.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('')} data-testid="db-create">
            {t('dashboards.create')}
          </Button>
        }
      />
      <Space wrap size={[12, 8]} style={{ marginBottom: 12 }}>
        <Segmented<Tab>
          value={tab}
          onChange={setTab}
          options={[
            { value: 'all', label: t('reports.total') },
            { value: 'mine', label: t('dashboards.mine') },
            { value: 'shared', label: t('dashboards.shared') },
            { value: 'platform', label: t('dashboards.platform') },
          ]}
        />
        <Input.Search allowClear placeholder={t('dashboards.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} data-testid="db-search" />
      </Space>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isLoading ? (
        <Skeleton active />
      ) : shown.length === 0 ? (
        <Empty description={t('dashboards.none')} />
      ) : (
        <Row gutter={[12, 12]}>
          {shown.map((d) => (
            <Col key={d.id} xs={24} sm={12} xl={8}>
              <Link to={`/dashboards/${d.id}`} data-testid={`db-open-${d.id}`}>
                <Card hoverable size="small" className="db-card">
                  <div className="db-card-title">
                    <AppstoreOutlined /> {d.name}
                  </div>
                  {d.description ? <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 6 }}>{d.description}</Typography.Paragraph> : null}
                  <Space wrap size={[6, 4]}>
                    <Tag>{t('dashboards.items', { count: d.itemCount })}</Tag>
                    <Tag color={d.mine ? 'green' : d.owner === null ? 'blue' : 'gold'}>{d.mine ? t('dashboards.mine') : d.owner === null ? t('dashboards.platform') : d.owner.displayName}</Tag>
                    {d.public ? <Tag color="purple">{t('dashboards.public')}</Tag> : null}
                    <Typography.Text type="secondary">
                      {t('dashboards.updated')} {formatDate(d.updatedAt)}
                    </Typography.Text>
                  </Space>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      <Modal open={creating !== null} title={t('dashboards.create')} onCancel={() => setCreating(null)} onOk={() => void create()} okButtonProps={{ disabled: !creating?.trim() }} destroyOnHidden>
        <Input autoFocus maxLength={200} value={creating ?? ''} onChange={(e) => setCreating(e.target.value)} onPressEnter={() => void create()} placeholder={t('dashboards.namePlaceholder')} data-testid="db-name" />
      </Modal>
    </div>
  );
}
