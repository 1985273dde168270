// Creating a user: identity, an initial password (the user must change it at first
// sign-in) and one or more (role, unit) assignments.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Divider, Form, Input, Modal, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { UnitSelect } from '../units/UnitSelect';
import { userKeys, type UserView } from './api';
import { PasswordInput } from './PasswordInput';
import { RoleSelect } from './RoleSelect';

interface Values {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  password: string;
  assignments: { roleId?: string; unitId?: string }[];
}

export function CreateUserModal({ onClose, onCreated }: { onClose: () => void; onCreated?: (u: UserView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.post<UserView>('/api/users', {
        username: v.username.trim().toLowerCase(),
        displayName: v.displayName.trim(),
        email: v.email?.trim() || null,
        phone: v.phone?.trim() || null,
        password: v.password,
        assignments: v.assignments.map((a) => ({ roleId: a.roleId, unitId: a.unitId })),
      }),
    onSuccess: async (u) => {
      message.success(t('users.created', { username: u.username }));
      await qc.invalidateQueries({ queryKey: userKeys.all });
      onCreated?.(u);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, e),
  });

  return (
    <Modal
      open
      width={680}
      title={t('users.createTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="submit" type="primary" data-testid="user-form-submit" loading={create.isPending} onClick={() => form.submit()}>
          {t('users.createSubmit')}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" initialValues={{ assignments: [{}] }} onFinish={(v) => create.mutate(v)} requiredMark="optional">
        {create.error ? <ErrorAlert error={create.error} style={{ marginBottom: 16 }} /> : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('auth.username')}
              extra={t('users.usernameHelp')}
              normalize={(v: string) => v.toLowerCase()}
              rules={[{ required: true, message: t('common.required') }, { pattern: /^[a-z0-9][a-z0-9._-]{2,49}$/, message: t('users.usernameInvalid') }]}
            >
              <Input data-testid="user-form-username" autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input data-testid="user-form-name" autoComplete="off" maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('users.emailInvalid') }]}>
              <Input type="email" autoComplete="off" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^[0-9+ ]{6,20}$/, message: t('users.phoneInvalid') }]}>
              <Input type="tel" autoComplete="off" maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="password" label={t('users.initialPassword')} extra={t('users.initialPasswordHelp')} rules={[{ required: true, message: t('common.required') }]}>
          <PasswordInput testId="user-form-password" />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('users.assignments')}
        </Divider>
        <Typography.Paragraph type="secondary" className="ts-small">
          {t('users.assignmentsHelp')}
        </Typography.Paragraph>
        <Form.List name="assignments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Row key={field.key} gutter={8} align="top" wrap className="ts-assignment-row">
                  <Col xs={24} sm={9}>
                    <Form.Item name={[field.name, 'roleId']} label={index === 0 ? t('users.role') : undefined} rules={[{ required: true, message: t('users.pickRole') }]}>
                      <RoleSelect testId={index === 0 ? 'user-form-role' : undefined} />
                    </Form.Item>
                  </Col>
                  <Col xs={fields.length > 1 ? 20 : 24} sm={fields.length > 1 ? 13 : 15}>
                    <Form.Item name={[field.name, 'unitId']} label={index === 0 ? t('users.unit') : undefined} rules={[{ required: true, message: t('users.pickUnit') }]}>
                      <UnitSelect data-testid={index === 0 ? 'user-form-unit' : undefined} />
                    </Form.Item>
                  </Col>
                  {fields.length > 1 ? (
                    <Col xs={4} sm={2} style={{ paddingTop: index === 0 ? 30 : 0 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                    </Col>
                  ) : null}
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block disabled={fields.length >= 20}>
                {t('users.addAssignment')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
