// Changing one's password, forced after an administrator set it or chosen from "My
// account". The rules are explained up front; the server has the final word (common
// passwords) and its message lands on the field.
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import type { Me } from './session';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm?: string;
}

export function PasswordRules() {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('auth.rulesTitle')}
      description={
        <ul className="ts-rules">
          <li>{t('auth.ruleLength')}</li>
          <li>{t('auth.ruleUsername')}</li>
          <li>{t('auth.ruleCommon')}</li>
          <li>{t('auth.ruleHint')}</li>
        </ul>
      }
    />
  );
}

export function PasswordChangeForm({ onDone, confirm = false }: { onDone: (me: Me) => void; confirm?: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const mutation = useMutation({
    mutationFn: (v: Values) => api.post<Me>('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    onSuccess: (me) => {
      form.resetFields();
      onDone(me);
    },
    onError: (e) => applyFieldErrors(form, e),
  });
  return (
    <>
      <PasswordRules />
      {mutation.error ? <ErrorAlert error={mutation.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => mutation.mutate(v)} disabled={mutation.isPending} onValuesChange={() => mutation.error && mutation.reset()}>
        <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password data-testid="current-password" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('auth.newPassword')} rules={[{ required: true, message: t('auth.newPasswordRequired') }]}>
          <Input.Password data-testid="new-password" autoComplete="new-password" />
        </Form.Item>
        {confirm ? (
          <Form.Item
            name="confirm"
            label={t('auth.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('auth.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('auth.confirmMismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
        <Button data-testid="password-submit" type="primary" htmlType="submit" block loading={mutation.isPending}>
          {t('auth.changePassword')}
        </Button>
      </Form>
    </>
  );
}
