// One task: who leads it and who assigned it, its dates, status, progress and score; the
// lead and co-operating units update progress, deliverables, comments and attachments; the
// assigning unit edits, adds sub-tasks, deletes and rates the quality of a finished task.
// What the page offers comes from the abilities the server sends with the task.
import { ArrowLeftOutlined, CheckOutlined, DeleteOutlined, EditOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, List, Rate, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../components/Spinners';
import { api } from '../../lib/api';
import { formatBytes, formatDate, formatDateTime } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { getTask, taskKeys, type TaskDetail, type TaskStatusValue, type TaskSummary } from './api';
import { TaskFormModal } from './TaskFormModal';
import { DueText, ProgressCell, ScoreText, StatusTag } from './task-bits';

const STATUSES: TaskStatusValue[] = ['not_started', 'in_progress', 'done', 'paused', 'cancelled'];

export function TaskPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [addingSub, setAddingSub] = useState(false);
  const [comment, setComment] = useState('');
  const task = useQuery({ queryKey: taskKeys.one(id), queryFn: ({ signal }) => getTask(id, signal) });
  const refresh = async (next?: TaskDetail) => {
    if (next) qc.setQueryData(taskKeys.one(id), next);
    await qc.invalidateQueries({ queryKey: taskKeys.all });
  };
  const update = useMutation({
    mutationFn: (body: { status?: TaskStatusValue; progress?: number; deliverables?: string | null }) => api.patch<TaskDetail>(`/api/tasks/${id}`, { ...body, version: task.data!.version }),
    onSuccess: async (next) => {
      message.success(t('tasks.detail.updated'));
      await refresh(next);
    },
  });
  const rate = useMutation({
    mutationFn: (v: { rating: number; note: string }) => api.put<TaskDetail>(`/api/tasks/${id}/quality`, { rating: v.rating, note: v.note?.trim() ? v.note : null }),
    onSuccess: async (next) => {
      message.success(t('tasks.detail.rated'));
      await refresh(next);
    },
  });
  const addComment = useMutation({
    mutationFn: () => api.post<TaskDetail>(`/api/tasks/${id}/comments`, { body: comment }),
    onSuccess: async (next) => {
      setComment('');
      await refresh(next);
    },
  });
  const attach = useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return api.post<TaskDetail>(`/api/tasks/${id}/attachments`, body);
    },
    onSuccess: async (next) => {
      message.success(t('tasks.detail.attached'));
      await refresh(next);
    },
  });
  const removeAttachment = useMutation({
    mutationFn: (attachmentId: string) => api.delete<TaskDetail>(`/api/tasks/${id}/attachments/${attachmentId}`),
    onSuccess: async (next) => refresh(next),
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/tasks/${id}`),
    onSuccess: async () => {
      message.success(t('tasks.detail.deleted'));
      await qc.invalidateQueries({ queryKey: taskKeys.all });
      void navigate('/tasks');
    },
  });

  if (task.isPending) return <PageSpin />;
  if (task.error) return <ErrorAlert error={task.error} />;
  const d = task.data;
  const can = d.abilities;
  const open = d.status !== 'done' && d.status !== 'cancelled';

  const subColumns = [
    { key: 'title', title: t('tasks.col.title'), render: (_: unknown, r: TaskSummary) => <Link to={`/tasks/${r.id}`}>{r.title}</Link> },
    { key: 'lead', title: t('tasks.col.leadUnit'), render: (_: unknown, r: TaskSummary) => r.leadUnit.name },
    { key: 'due', title: t('tasks.col.due'), width: 130, render: (_: unknown, r: TaskSummary) => <DueText task={r} /> },
    { key: 'status', title: t('tasks.col.status'), width: 130, render: (_: unknown, r: TaskSummary) => <StatusTag status={r.status} /> },
    { key: 'progress', title: t('tasks.col.progress'), width: 140, render: (_: unknown, r: TaskSummary) => <ProgressCell task={r} /> },
  ];

  return (
    <div className="ts-stack" data-testid="task-page">
      <PageHeader
        breadcrumb={
          <Link to="/tasks" className="ts-back-link">
            <ArrowLeftOutlined /> {t('tasks.detail.back')}
          </Link>
        }
        title={<span data-testid="task-title-heading">{d.title}</span>}
        subtitle={
          <Space wrap size={4}>
            <StatusTag status={d.status} />
            {d.recurring ? <Tag>{t('tasks.recurring')}</Tag> : null}
            {d.plan ? <Tag color="blue">{d.plan.name}</Tag> : null}
          </Space>
        }
        extra={
          can.edit ? (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="task-edit">
                {t('tasks.edit')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setAddingSub(true)} data-testid="task-add-sub">
                {t('tasks.createSub')}
              </Button>
              <Button
                danger
                icon={<DeleteOutlined />}
                onClick={() => modal.confirm({ title: t('tasks.detail.delete'), content: t('tasks.detail.deleteConfirm', { title: d.title }), okButtonProps: { danger: true }, onOk: () => remove.mutateAsync() })}
              >
                {t('tasks.detail.delete')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card className="ts-card">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" data-testid="task-facts">
              <Descriptions.Item label={t('tasks.field.leadUnit')}>{d.leadUnit.name}</Descriptions.Item>
              <Descriptions.Item label={t('tasks.field.leadUser')}>{d.leadUser?.displayName ?? '–'}</Descriptions.Item>
              <Descriptions.Item label={t('tasks.detail.assignedBy')}>{d.assigningUnit.name}</Descriptions.Item>
              <Descriptions.Item label={t('tasks.field.cooperating')}>{d.cooperatingUnits.map((u) => u.name).join(', ') || '–'}</Descriptions.Item>
              <Descriptions.Item label={t('tasks.field.start')}>
                <span className="ts-nowrap">{formatDate(d.startDate)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('tasks.field.due')}>
                <DueText task={d} />
              </Descriptions.Item>
              <Descriptions.Item label={t('tasks.col.progress')}>
                <ProgressCell task={d} />
              </Descriptions.Item>
              <Descriptions.Item label={t('tasks.detail.score')}>
                {d.score === null ? <Typography.Text type="secondary">{t('tasks.detail.scoreNone')}</Typography.Text> : <ScoreText score={d.score} />}
              </Descriptions.Item>
              {d.completedDate ? <Descriptions.Item label={t('tasks.detail.completedOn')}>
                  <span className="ts-nowrap">{formatDate(d.completedDate)}</span>
                </Descriptions.Item> : null}
              {d.programItem ? <Descriptions.Item label={t('tasks.field.program')}>{`${d.programItem.code} — ${d.programItem.name}`}</Descriptions.Item> : null}
              {d.parent ? (
                <Descriptions.Item label={t('tasks.detail.parent')}>
                  <Link to={`/tasks/${d.parent.id}`}>{d.parent.title}</Link>
                </Descriptions.Item>
              ) : null}
              {d.createdBy ? <Descriptions.Item label={t('tasks.detail.createdBy')}>{`${d.createdBy.displayName} · ${formatDateTime(d.createdAt)}`}</Descriptions.Item> : null}
            </Descriptions>
            {d.description ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{d.description}</Typography.Paragraph> : null}
            {d.deliverables ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                <Typography.Text strong>{t('tasks.field.deliverables')}: </Typography.Text>
                {d.deliverables}
              </Typography.Paragraph>
            ) : null}
          </Card>

          <Card className="ts-card" title={t('tasks.detail.subtasks')} style={{ marginTop: 16 }}>
            {d.subtasks.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.detail.noSubtasks')} />
            ) : (
              <Table<TaskSummary> rowKey="id" size="small" columns={subColumns} dataSource={d.subtasks} pagination={false} scroll={{ x: 600 }} />
            )}
          </Card>

          <Card className="ts-card" title={t('tasks.detail.comments')} style={{ marginTop: 16 }}>
            <List
              dataSource={d.comments}
              locale={{ emptyText: t('tasks.detail.noComments') }}
              renderItem={(c) => (
                <List.Item data-testid="task-comment">
                  <List.Item.Meta title={`${c.author?.displayName ?? '–'} · ${formatDateTime(c.createdAt)}`} description={<span style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{c.body}</span>} />
                </List.Item>
              )}
            />
            {can.update ? (
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('tasks.detail.commentPlaceholder')} maxLength={4000} data-testid="task-comment-input" />
                <Button type="primary" disabled={!comment.trim()} loading={addComment.isPending} onClick={() => addComment.mutate()} data-testid="task-comment-send">
                  {t('tasks.detail.addComment')}
                </Button>
              </Space.Compact>
            ) : null}
            {addComment.error ? <ErrorAlert error={addComment.error} style={{ marginTop: 8 }} /> : null}
          </Card>
        </Col>

        <Col xs={24} lg={9}>
          {can.update ? (
            <Card className="ts-card" title={t('tasks.detail.update')}>
              {update.error ? <ErrorAlert error={update.error} style={{ marginBottom: 12 }} /> : null}
              {/* Keyed by the version: a saved change (or another user's) shows at once. */}
              <Form<{ status: TaskStatusValue; progress: number; deliverables: string }>
                layout="vertical"
                key={d.version}
                initialValues={{ status: d.status, progress: d.progress, deliverables: d.deliverables ?? '' }}
                onFinish={(v) => update.mutate({ status: v.status, progress: v.progress, deliverables: v.deliverables?.trim() ? v.deliverables : null })}
              >
                <Form.Item name="status" label={t('tasks.field.status')}>
                  <Select options={STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))} data-testid="task-status-select" />
                </Form.Item>
                <Form.Item name="progress" label={t('tasks.field.progress')}>
                  <InputNumber min={0} max={100} style={{ width: 120 }} data-testid="task-progress" />
                </Form.Item>
                <Form.Item name="deliverables" label={t('tasks.field.deliverables')}>
                  <Input.TextArea rows={2} maxLength={5000} />
                </Form.Item>
                <Space wrap>
                  <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="task-update">
                    {t('common.save')}
                  </Button>
                  {open ? (
                    <Button icon={<CheckOutlined />} onClick={() => update.mutate({ status: 'done' })} data-testid="task-mark-done">
                      {t('tasks.detail.markDone')}
                    </Button>
                  ) : null}
                </Space>
              </Form>
            </Card>
          ) : null}

          {d.status === 'done' ? (
            <Card className="ts-card" title={t('tasks.detail.quality')} style={{ marginTop: can.update ? 16 : 0 }}>
              {d.quality ? (
                <div style={{ marginBottom: 8 }}>
                  <Rate disabled value={d.quality} /> {d.qualityNote ? <div>{d.qualityNote}</div> : null}
                  {d.ratedBy ? <div className="ts-task-meta">{t('tasks.detail.ratedBy', { name: d.ratedBy.displayName })}</div> : null}
                </div>
              ) : (
                <Typography.Paragraph type="secondary">{t('tasks.detail.notRated')}</Typography.Paragraph>
              )}
              {can.rate ? (
                <Form<{ rating: number; note: string }> layout="vertical" key={`q${d.version}`} initialValues={{ rating: d.quality ?? 0, note: d.qualityNote ?? '' }} onFinish={(v) => rate.mutate(v)}>
                  <Typography.Paragraph type="secondary">{t('tasks.detail.qualityHelp')}</Typography.Paragraph>
                  <Form.Item name="rating" rules={[{ type: 'number', min: 1, message: t('common.required') }]}>
                    <Rate data-testid="task-rating" />
                  </Form.Item>
                  <Form.Item name="note" label={t('tasks.detail.qualityNote')}>
                    <Input.TextArea rows={2} maxLength={1000} />
                  </Form.Item>
                  <Button htmlType="submit" loading={rate.isPending}>
                    {t('tasks.detail.rate')}
                  </Button>
                  {rate.error ? <ErrorAlert error={rate.error} style={{ marginTop: 8 }} /> : null}
                </Form>
              ) : null}
            </Card>
          ) : null}

          <Card className="ts-card" title={t('tasks.detail.attachments')} style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={d.attachments}
              locale={{ emptyText: t('tasks.detail.noAttachments') }}
              renderItem={(a) => (
                <List.Item
                  actions={
                    can.edit || can.update
                      ? [
                          <Button key="x" type="link" danger size="small" onClick={() => removeAttachment.mutate(a.id)}>
                            {t('tasks.detail.removeAttachment')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    avatar={<PaperClipOutlined />}
                    title={
                      <a href={`/api/tasks/${d.id}/attachments/${a.id}`} download>
                        {a.fileName}
                      </a>
                    }
                    description={`${formatBytes(a.size, lang)} · ${a.uploadedBy?.displayName ?? ''} · ${formatDateTime(a.createdAt)}`}
                  />
                </List.Item>
              )}
            />
            {can.update ? (
              <Upload
                showUploadList={false}
                beforeUpload={(file) => {
                  attach.mutate(file);
                  return false;
                }}
              >
                <Button icon={<PaperClipOutlined />} loading={attach.isPending} style={{ marginTop: 8 }}>
                  {t('tasks.detail.attach')}
                </Button>
              </Upload>
            ) : null}
            {attach.error || removeAttachment.error ? <ErrorAlert error={attach.error ?? removeAttachment.error} style={{ marginTop: 8 }} /> : null}
          </Card>
        </Col>
      </Row>
      {editing ? <TaskFormModal task={d} onClose={() => setEditing(false)} /> : null}
      {addingSub ? <TaskFormModal parent={d} onClose={() => setAddingSub(false)} /> : null}
    </div>
  );
}
