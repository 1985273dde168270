// One user: profile, status, assignments and open sessions, with the actions the
// server allows (abilities): edit, deactivate/activate, reset password, unlock,
// reset two-factor, add or remove an assignment.
import { CheckCircleOutlined, DeleteOutlined, EditOutlined, KeyOutlined, PlusOutlined, SafetyOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Form, Input, Modal, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireAbility } from '../../app/RequireAuth';
import { api, isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { applyFieldErrors } from '../../lib/forms';
import { permissionLabel, unitKindLabel } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { UnitSelect } from '../units/UnitSelect';
import { getUser, userKeys, type UserView } from './api';
import { PasswordInput } from './PasswordInput';
import { RoleSelect } from './RoleSelect';
import { UserStatusTags } from './UserStatusTags';

type Assignment = UserView['assignments'][number];

export function UserPage() {
  const me = useCurrentUser();
  return (
    <RequireAbility me={me} any={['manageUsers']}>
      <UserDetail />
    </RequireAbility>
  );
}

function useUserAction<TBody>(id: string, path: string, successKey: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => api.post<UserView>(`/api/users/${id}/${path}`, body),
    onSuccess: (u) => {
      qc.setQueryData(userKeys.detail(id), u);
      void qc.invalidateQueries({ queryKey: ['users', 'list'] });
      message.success(t(successKey));
    },
  });
}

function EditUserModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ displayName: string; email?: string; phone?: string }>();
  const save = useMutation({
    mutationFn: (v: { displayName: string; email?: string; phone?: string }) =>
      api.patch<UserView>(`/api/users/${user.id}`, { displayName: v.displayName.trim(), email: v.email?.trim() || null, phone: v.phone?.trim() || null }),
    onSuccess: (u) => {
      qc.setQueryData(userKeys.detail(user.id), u);
      void qc.invalidateQueries({ queryKey: ['users', 'list'] });
      message.success(t('common.saved'));
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <Modal open title={t('users.editTitle')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ displayName: user.displayName, email: user.email ?? '', phone: user.phone ?? '' }} onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('users.emailInvalid') }]}>
          <Input type="email" maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^[0-9+ ]{6,20}$/, message: t('users.phoneInvalid') }]}>
          <Input type="tel" maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useUserAction<{ password: string }>(user.id, 'reset-password', 'users.passwordReset');
  return (
    <Modal
      open
      title={t('users.resetPasswordTitle', { username: user.username })}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('users.resetPasswordHelp')}</Typography.Paragraph>
      {reset.error ? <ErrorAlert error={reset.error} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          reset.mutate(v, {
            onSuccess: onClose,
            onError: (e) => {
              // The server names the field newPassword or password; either way it is this one.
              if (isApiError(e) && e.fields.length) form.setFields([{ name: 'password', errors: e.fields.map((f) => f.message) }]);
            },
          })
        }
      >
        <Form.Item name="password" label={t('auth.newPassword')} rules={[{ required: true, message: t('common.required') }]}>
          <PasswordInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeactivateModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string }>();
  const deactivate = useUserAction<{ reason?: string }>(user.id, 'deactivate', 'users.deactivated');
  return (
    <Modal
      open
      title={t('users.deactivateTitle', { username: user.username })}
      okText={t('users.deactivate')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={deactivate.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('users.deactivateHelp')}</Typography.Paragraph>
      {deactivate.error ? <ErrorAlert error={deactivate.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => deactivate.mutate(v.reason?.trim() ? { reason: v.reason.trim() } : {}, { onSuccess: onClose })}>
        <Form.Item name="reason" label={t('users.deactivateReason')}>
          <Input.TextArea rows={2} maxLength={300} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddAssignment({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ roleId: string; unitId: string }>();
  const add = useUserAction<{ roleId: string; unitId: string }>(user.id, 'assignments', 'users.assignmentAdded');
  return (
    <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v, { onSuccess: () => form.resetFields() })} className="ts-add-assignment">
      {add.error ? <ErrorAlert error={add.error} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={8}>
        <Col xs={24} md={8}>
          <Form.Item name="roleId" label={t('users.role')} rules={[{ required: true, message: t('users.pickRole') }]}>
            <RoleSelect />
          </Form.Item>
        </Col>
        <Col xs={24} md={11}>
          <Form.Item name="unitId" label={t('users.unit')} rules={[{ required: true, message: t('users.pickUnit') }]}>
            <UnitSelect />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item label=" " className="ts-label-spacer">
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} block>
              {t('users.addAssignment')}
            </Button>
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

interface SessionRow {
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

function SessionsCard({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const { data, error } = useQuery({ queryKey: userKeys.sessions(user.id), queryFn: () => api.get<{ items: SessionRow[] }>(`/api/users/${user.id}/sessions`) });
  return (
    <Card className="ts-card" title={t('users.sessions')}>
      {error ? <ErrorAlert error={error} /> : null}
      <Table<SessionRow>
        size="small"
        rowKey={(s) => `${s.createdAt}:${s.ip ?? ''}`}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('users.noSessions') }}
        columns={[
          { key: 'created', title: t('users.sessionStarted'), render: (_, s) => formatDateTime(s.createdAt) },
          { key: 'seen', title: t('users.sessionLastSeen'), render: (_, s) => formatDateTime(s.lastSeenAt) },
          { key: 'ip', title: t('audit.ip'), dataIndex: 'ip' },
          { key: 'ua', title: t('users.userAgent'), render: (_, s) => <span className="ts-ua">{s.userAgent}</span> },
        ]}
      />
    </Card>
  );
}

function UserDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const me = useCurrentUser();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<'edit' | 'password' | 'deactivate' | null>(null);
  const { data: user, error, isPending, refetch } = useQuery({ queryKey: userKeys.detail(id), queryFn: () => getUser(id), enabled: /^\d+$/.test(id) });
  const activate = useUserAction<undefined>(id, 'activate', 'users.activated');
  const unlock = useUserAction<undefined>(id, 'unlock', 'users.unlocked');
  const resetTotp = useUserAction<undefined>(id, 'reset-totp', 'users.totpReset');
  const removeAssignment = useMutation({
    mutationFn: (a: Assignment) => api.delete<UserView>(`/api/users/${id}/assignments/${a.id}`),
    onSuccess: (u) => {
      qc.setQueryData(userKeys.detail(id), u);
      void qc.invalidateQueries({ queryKey: ['users', 'list'] });
      message.success(t('users.assignmentRemoved'));
    },
  });

  if (!/^\d+$/.test(id) || (isApiError(error) && error.status === 404))
    return (
      <Result
        status="404"
        title={t('users.notFound')}
        extra={
          <Link to="/users">
            <Button type="primary">{t('nav.users')}</Button>
          </Link>
        }
      />
    );
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (isPending || !user) return <Skeleton active paragraph={{ rows: 8 }} />;

  const ab = user.abilities;
  const self = user.id === me.user.id;
  const confirmThen = (title: string, content: string, run: () => Promise<unknown>, danger = false) =>
    modal.confirm({
      title,
      content,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger },
      onOk: () => run().catch((e: unknown) => message.error(isApiError(e) ? e.message : t('common.error'))),
    });

  const actions = (
    <Space wrap>
      {ab.update ? (
        <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
          {t('common.edit')}
        </Button>
      ) : null}
      {ab.resetPassword ? (
        <Button icon={<KeyOutlined />} onClick={() => setDialog('password')}>
          {t('users.resetPassword')}
        </Button>
      ) : null}
      {ab.update && user.locked ? (
        <Button icon={<UnlockOutlined />} loading={unlock.isPending} onClick={() => confirmThen(t('users.unlockConfirm', { username: user.username }), t('users.unlockHelp'), () => unlock.mutateAsync(undefined))}>
          {t('users.unlock')}
        </Button>
      ) : null}
      {ab.update && user.totpEnabled && !self ? (
        <Button icon={<SafetyOutlined />} loading={resetTotp.isPending} onClick={() => confirmThen(t('users.resetTotpConfirm', { username: user.username }), t('users.resetTotpHelp'), () => resetTotp.mutateAsync(undefined), true)}>
          {t('users.resetTotp')}
        </Button>
      ) : null}
      {ab.deactivate && user.active ? (
        <Button danger icon={<StopOutlined />} onClick={() => setDialog('deactivate')}>
          {t('users.deactivate')}
        </Button>
      ) : null}
      {ab.deactivate && !user.active ? (
        <Button type="primary" icon={<CheckCircleOutlined />} loading={activate.isPending} onClick={() => confirmThen(t('users.activateConfirm', { username: user.username }), t('users.activateHelp'), () => activate.mutateAsync(undefined))}>
          {t('users.activate')}
        </Button>
      ) : null}
    </Space>
  );

  const assignmentColumns: ColumnsType<Assignment> = [
    { key: 'role', title: t('users.role'), render: (_, a) => <Tag color="green">{lang === 'en' ? a.role.nameEn : a.role.nameVi}</Tag> },
    {
      key: 'unit',
      title: t('users.unit'),
      render: (_, a) => (
        <>
          <Link to={`/units/${a.unit.id}`}>{a.unit.name}</Link> <Typography.Text type="secondary" className="ts-small">({unitKindLabel(t, a.unit.kind)})</Typography.Text>
        </>
      ),
    },
    { key: 'permissions', title: t('roles.permissions'), responsive: ['md'], render: (_, a) => <span className="ts-tags">{a.permissions.map((p) => <Tag key={p}>{permissionLabel(t, p)}</Tag>)}</span> },
  ];
  if (ab.update && user.assignments.length > 1 && !self)
    assignmentColumns.push({
      key: 'remove',
      title: '',
      width: 60,
      render: (_, a) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('common.remove')}
          onClick={() => confirmThen(t('users.removeAssignmentConfirm'), `${lang === 'en' ? a.role.nameEn : a.role.nameVi} @ ${a.unit.name}`, () => removeAssignment.mutateAsync(a), true)}
        />
      ),
    });

  return (
    <div className="ts-stack">
      <PageHeader
        breadcrumb={<Breadcrumb className="ts-breadcrumb" items={[{ key: 'users', title: <Link to="/users">{t('nav.users')}</Link> }, { key: 'u', title: user.username }]} />}
        title={user.displayName}
        subtitle={<UserStatusTags user={user} />}
        extra={actions}
      />
      <Card className="ts-card" title={t('users.profile')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'username', label: t('auth.username'), children: <span className="ts-mono">{user.username}</span> },
            { key: 'name', label: t('users.displayName'), children: user.displayName },
            { key: 'email', label: t('users.email'), children: user.email ?? '—' },
            { key: 'phone', label: t('users.phone'), children: user.phone ?? '—' },
            { key: 'created', label: t('users.createdAt'), children: formatDateTime(user.createdAt) },
            { key: 'lastLogin', label: t('users.lastLogin'), children: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.never') },
            { key: 'totp', label: t('account.totp'), children: user.totpEnabled ? <Tag color="blue">{t('account.totpOn')}</Tag> : <Tag>{t('account.totpOff')}</Tag> },
            { key: 'mustChange', label: t('users.mustChange'), children: user.mustChangePassword ? t('common.yes') : t('common.no') },
          ]}
        />
        {!ab.update ? (
          <Typography.Paragraph type="secondary" className="ts-small" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('users.readOnlyNote')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Card className="ts-card" title={t('users.assignments')}>
        {removeAssignment.error ? <ErrorAlert error={removeAssignment.error} style={{ marginBottom: 12 }} /> : null}
        <Table<Assignment> rowKey="id" size="small" columns={assignmentColumns} dataSource={user.assignments} pagination={false} scroll={{ x: 'max-content' }} />
        {ab.update && !self ? (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('users.addAssignment')}
            </Typography.Title>
            <AddAssignment user={user} />
          </>
        ) : null}
      </Card>
      <SessionsCard user={user} />
      {dialog === 'edit' ? <EditUserModal user={user} onClose={() => setDialog(null)} /> : null}
      {dialog === 'password' ? <ResetPasswordModal user={user} onClose={() => setDialog(null)} /> : null}
      {dialog === 'deactivate' ? <DeactivateModal user={user} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
