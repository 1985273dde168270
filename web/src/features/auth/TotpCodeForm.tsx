// The six-digit code from the authenticator app, used when signing in and when enrolling.
import { SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Me } from './session';

export function TotpCodeForm({ submit, onDone, submitLabel, extra }: { submit: (code: string) => Promise<Me>; onDone: (me: Me) => void; submitLabel: string; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const mutation = useMutation({
    mutationFn: (code: string) => submit(code),
    onSuccess: onDone,
    onError: () => form.setFieldValue('code', ''),
  });
  return (
    <>
      {mutation.error ? <ErrorAlert error={mutation.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => mutation.mutate(v.code.replace(/\s+/g, ''))} disabled={mutation.isPending}>
        <Form.Item
          name="code"
          label={t('auth.totpCode')}
          normalize={(v: string) => v.replace(/[^\d]/g, '').slice(0, 6)}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totpCodeInvalid') }]}
        >
          <Input
            data-testid="totp-code"
            prefix={<SafetyOutlined />}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            size="large"
            autoFocus
            className="ts-code-input"
            placeholder="000000"
          />
        </Form.Item>
        <Button data-testid="totp-submit" type="primary" htmlType="submit" block size="large" loading={mutation.isPending}>
          {submitLabel}
        </Button>
        {extra}
      </Form>
    </>
  );
}
