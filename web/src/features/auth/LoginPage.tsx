// Signing in: username and password, then whatever step the server asks for (a TOTP
// code, a forced password change, TOTP enrolment), then back to the page first requested.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Logo } from '../../components/Logo';
import { FullPageSpin } from '../../components/Spinners';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { PasswordChangeForm } from './PasswordChangeForm';
import { TotpCodeForm } from './TotpCodeForm';
import { TotpEnrolPanel } from './TotpEnrolPanel';
import { readSessionNotice, safeNext, setSessionNotice, storeMe, useMe, useStoreMe, type Me } from './session';

function PasswordStep({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const login = useMutation({
    mutationFn: (v: { username: string; password: string }) => api.post<Me>('/api/auth/login', v, { quietAuth: true }),
    onSuccess: onSignedIn,
    onError: () => form.setFieldValue('password', ''),
  });
  return (
    <>
      <Typography.Title level={3} className="ts-login-title">
        {t('auth.signInTitle')}
      </Typography.Title>
      {login.error ? <ErrorAlert error={login.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => login.mutate({ username: v.username.trim(), password: v.password })} disabled={login.isPending}>
        <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
          <Input data-testid="login-username" prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" autoCorrect="off" spellCheck={false} autoFocus size="large" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button data-testid="login-submit" type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          {t('auth.signIn')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" className="ts-login-help">
        {t('auth.forgotHelp')}
      </Typography.Paragraph>
    </>
  );
}

function TotpStep({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={3} className="ts-login-title">
        {t('auth.totpTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.totpHelp')}</Typography.Paragraph>
      <TotpCodeForm submitLabel={t('auth.verify')} submit={(code) => api.post<Me>('/api/auth/totp/verify', { code })} onDone={onDone} />
    </>
  );
}

function ForcedPasswordStep({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={3} className="ts-login-title">
        {t('auth.forcedPasswordTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.forcedPasswordHelp')}</Typography.Paragraph>
      <PasswordChangeForm onDone={onDone} />
    </>
  );
}

function EnrolStep({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={3} className="ts-login-title">
        {t('auth.enrolTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.enrolRequired')}</Typography.Paragraph>
      <TotpEnrolPanel onDone={onDone} />
    </>
  );
}

export function LoginPage() {
  const { t } = useTranslation();
  const { data: me, isPending, error, refetch } = useMe();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const store = useStoreMe();
  const qc = useQueryClient();
  // Read after "who am I" has answered: that answer may itself be "session expired".
  const notice = useMemo(() => (isPending ? null : readSessionNotice()), [isPending, me]);

  if (isPending) return <FullPageSpin />;
  if (me?.stage === 'active') return <Navigate to={next} replace />;

  const done = (m: Me) => {
    if (m.stage === 'active') setSessionNotice(null);
    store(m);
  };
  const startOver = async () => {
    try {
      await api.post('/api/auth/logout', undefined, { quietAuth: true });
    } catch {
      // The pending session may already be gone.
    }
    storeMe(qc, null);
  };

  let body;
  switch (me?.stage) {
    case undefined:
      body = <PasswordStep onSignedIn={done} />;
      break;
    case 'mfa_verify':
      body = <TotpStep onDone={done} />;
      break;
    case 'password_change':
      body = <ForcedPasswordStep onDone={done} />;
      break;
    case 'mfa_enrol':
      body = <EnrolStep onDone={done} />;
      break;
  }

  return (
    <div className="ts-login">
      <div className="ts-login-top">
        <LanguageSwitch />
      </div>
      <div className="ts-login-center">
        <div className="ts-login-brand">
          <Logo size={48} />
          <div>
            <div className="ts-login-name">{t('app.name')}</div>
            <div className="ts-login-program">{t('app.program')}</div>
          </div>
        </div>
        <Card className="ts-login-card">
          {error ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={errorText(error, t('common.error'))} action={<Button size="small" onClick={() => void refetch()}>{t('common.retry')}</Button>} /> : null}
          {!me && notice === 'expired' ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('auth.sessionExpired')} description={t('auth.sessionExpiredHelp')} /> : null}
          {!me && notice === 'signed_out' ? <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('auth.signedOut')} /> : null}
          {body}
          {me ? (
            <div className="ts-login-other">
              <Typography.Text type="secondary">{t('auth.signedInAs', { name: me.user.displayName, username: me.user.username })}</Typography.Text>
              <Button type="link" size="small" onClick={() => void startOver()}>
                {t('auth.useAnotherAccount')}
              </Button>
            </div>
          ) : null}
        </Card>
        <Typography.Paragraph type="secondary" className="ts-login-footer">
          {t('app.footer')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
