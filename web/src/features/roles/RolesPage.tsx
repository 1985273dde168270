// Roles and their permissions. Built-in roles are fixed; national role managers create,
// edit and delete custom ones. A role with an administrative permission requires 2FA.
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Modal, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADMIN_PERMISSIONS, PERMISSIONS } from '@shared/permissions.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireAbility } from '../../app/RequireAuth';
import { api, isApiError } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { applyFieldErrors } from '../../lib/forms';
import { permissionLabel, roleName } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { listRoles, roleKeys, type RoleView } from '../users/api';

const byCanonicalOrder = (a: string, b: string) => (PERMISSIONS as readonly string[]).indexOf(a) - (PERMISSIONS as readonly string[]).indexOf(b);

interface Values {
  code: string;
  nameVi: string;
  nameEn: string;
  permissions: string[];
}

function RoleFormModal({ role, onClose }: { role?: RoleView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch('permissions', form) ?? role?.permissions ?? [];
  const needsMfa = chosen.some((p) => (ADMIN_PERMISSIONS as readonly string[]).includes(p));
  const save = useMutation({
    mutationFn: (v: Values) =>
      role
        ? api.patch<RoleView>(`/api/roles/${role.id}`, { nameVi: v.nameVi.trim(), nameEn: v.nameEn.trim(), permissions: v.permissions })
        : api.post<RoleView>('/api/roles', { code: v.code.trim(), nameVi: v.nameVi.trim(), nameEn: v.nameEn.trim(), permissions: v.permissions }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: roleKeys.all });
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'conflict') form.setFields([{ name: 'code', errors: [t('roles.codeTaken')] }]);
      else applyFieldErrors(form, e);
    },
  });
  return (
    <Modal
      open
      width={640}
      title={role ? t('roles.editTitle') : t('roles.createTitle')}
      okText={role ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={role ? { code: role.code, nameVi: role.nameVi, nameEn: role.nameEn, permissions: role.permissions } : { permissions: [] }} onFinish={(v) => save.mutate(v)}>
        {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="code" label={t('roles.code')} extra={role ? undefined : t('roles.codeHelp')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{2,39}$/, message: t('roles.codeInvalid') }]}>
          <Input disabled={Boolean(role)} maxLength={40} autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="nameVi" label={t('roles.nameVi')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="nameEn" label={t('roles.nameEn')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="permissions" label={t('roles.permissions')} rules={[{ required: true, type: 'array', min: 1, message: t('roles.permissionsRequired') }]}>
          <Checkbox.Group className="ts-permission-grid">
            {PERMISSIONS.map((p) => (
              <Checkbox key={p} value={p}>
                {permissionLabel(t, p)} <Typography.Text type="secondary" className="ts-small ts-mono">{p}</Typography.Text>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        {needsMfa ? <Alert type="info" showIcon title={t('roles.mfaNote')} /> : null}
      </Form>
    </Modal>
  );
}

export function RolesPage() {
  const me = useCurrentUser();
  return (
    <RequireAbility me={me} any={['manageUsers', 'manageRoles']}>
      <Roles />
    </RequireAbility>
  );
}

function Roles() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<RoleView | 'new' | null>(null);
  const isMobile = useIsMobile();
  const { data, error, isPending, refetch } = useQuery({ queryKey: roleKeys.all, queryFn: listRoles });
  const canManage = data?.canManage ?? false;
  const remove = useMutation({
    mutationFn: (r: RoleView) => api.delete(`/api/roles/${r.id}`),
    onSuccess: async () => {
      message.success(t('roles.deleted'));
      await qc.invalidateQueries({ queryKey: roleKeys.all });
    },
    onError: (e) => message.error(e.message),
  });

  const nameCell = (r: RoleView) => (
    <div className="ts-cell-wrap">
      <div className="ts-strong">{roleName(r, lang)}</div>
      <Typography.Text type="secondary" className="ts-small ts-mono">
        {r.code}
      </Typography.Text>
      <div className="ts-tags ts-tags-block">
        {r.builtIn ? <Tag>{t('roles.builtIn')}</Tag> : <Tag color="purple">{t('roles.custom')}</Tag>}
        {r.requiresMfa ? (
          <Tooltip title={t('roles.mfaNote')}>
            <Tag color="blue">{t('roles.mfaRequired')}</Tag>
          </Tooltip>
        ) : null}
      </div>
    </div>
  );
  const permissionsCell = (r: RoleView) => (
    <span className="ts-tags">
      {[...r.permissions].sort(byCanonicalOrder).map((p) => (
        <Tag key={p} color={(ADMIN_PERMISSIONS as readonly string[]).includes(p) ? 'volcano' : 'green'}>
          {permissionLabel(t, p)}
        </Tag>
      ))}
    </span>
  );
  const actionsCell = (r: RoleView) =>
    !canManage || r.builtIn ? null : (
      <Space>
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={t('common.edit')} />
        <Tooltip title={r.userCount > 0 ? t('roles.inUse') : undefined}>
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('common.delete')}
            disabled={r.userCount > 0}
            onClick={() =>
              modal.confirm({
                title: t('roles.deleteConfirm', { name: roleName(r, lang) }),
                okText: t('common.delete'),
                okButtonProps: { danger: true },
                cancelText: t('common.cancel'),
                onOk: () => remove.mutateAsync(r),
              })
            }
          />
        </Tooltip>
      </Space>
    );

  const columns: ColumnsType<RoleView> = [
    { key: 'name', title: t('roles.name'), render: (_, r) => nameCell(r) },
    { key: 'permissions', title: t('roles.permissions'), render: (_, r) => permissionsCell(r) },
    { key: 'users', title: t('roles.userCount'), align: 'right', render: (_, r) => formatNumber(r.userCount, lang) },
  ];
  if (canManage) columns.push({ key: 'actions', title: '', render: (_, r) => actionsCell(r) });
  // Phones: one card per role.
  const mobileColumns: ColumnsType<RoleView> = [
    {
      key: 'card',
      render: (_, r) => (
        <div className="ts-mobile-card">
          {nameCell(r)}
          {permissionsCell(r)}
          <div className="ts-mobile-card-head">
            <Typography.Text type="secondary" className="ts-small">
              {t('roles.userCount')}: {formatNumber(r.userCount, lang)}
            </Typography.Text>
            {actionsCell(r)}
          </div>
        </div>
      ),
    },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('roles.title')}
        subtitle={canManage ? t('roles.subtitleManage') : t('roles.subtitleView')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('roles.create')}
            </Button>
          ) : null
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Card className="ts-card">
        <Table<RoleView>
          rowKey="id"
          columns={isMobile ? mobileColumns : columns}
          showHeader={!isMobile}
          dataSource={data?.items ?? []}
          loading={isPending}
          pagination={false}
          scroll={isMobile ? undefined : { x: 'max-content' }}
        />
      </Card>
      {editing ? <RoleFormModal role={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
