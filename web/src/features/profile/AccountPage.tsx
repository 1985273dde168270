// My account: profile and assignments, changing the password, and two-factor
// authentication (turn on by enrolling; turn off with the password unless a role requires it),
// and which notifications also come by e-mail.
import { SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { roleName, unitKindLabel } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { PasswordChangeForm } from '../auth/PasswordChangeForm';
import { TotpEnrolPanel } from '../auth/TotpEnrolPanel';
import { NotificationPreferences } from '../notifications/NotificationPreferences';
import { useCurrentUser, useStoreMe, type Me } from '../auth/session';

function DisableTotpModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const store = useStoreMe();
  const [form] = Form.useForm<{ password: string }>();
  const disable = useMutation({
    mutationFn: (v: { password: string }) => api.post<Me>('/api/auth/totp/disable', v),
    onSuccess: (me) => {
      store(me);
      message.success(t('account.totpDisabled'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('account.totpDisableTitle')}
      okText={t('account.totpDisable')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={disable.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('account.totpDisableHelp')}</Typography.Paragraph>
      {disable.error ? <ErrorAlert error={disable.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => disable.mutate(v)}>
        <Form.Item name="password" label={t('auth.currentPassword')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TotpCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const store = useStoreMe();
  const [enrolling, setEnrolling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  return (
    <Card
      className="ts-card"
      title={
        <span>
          <SafetyOutlined /> {t('account.totp')}
        </span>
      }
    >
      <Typography.Paragraph>
        {t('account.totpStatus')}: {me.user.totpEnabled ? <Tag color="green">{t('account.totpOn')}</Tag> : <Tag>{t('account.totpOff')}</Tag>}
        {me.user.mfaRequired ? <Tag color="blue">{t('account.totpRequiredTag')}</Tag> : null}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{me.user.mfaRequired ? t('account.totpRequiredHelp') : t('account.totpHelp')}</Typography.Paragraph>
      {enrolling ? (
        <TotpEnrolPanel
          onCancel={() => setEnrolling(false)}
          onDone={(m) => {
            store(m);
            setEnrolling(false);
            message.success(t('account.totpEnabled'));
          }}
        />
      ) : me.user.totpEnabled ? (
        me.user.mfaRequired ? null : (
          <Button danger onClick={() => setDisabling(true)}>
            {t('account.totpDisable')}
          </Button>
        )
      ) : (
        <Button type="primary" onClick={() => setEnrolling(true)}>
          {t('account.totpEnable')}
        </Button>
      )}
      {disabling ? <DisableTotpModal onClose={() => setDisabling(false)} /> : null}
    </Card>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const lang = useUiLanguage();
  const store = useStoreMe();
  const { message } = App.useApp();
  const [changed, setChanged] = useState(false);
  return (
    <div className="ts-stack">
      <PageHeader title={t('account.title')} subtitle={me.user.username} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <div className="ts-stack">
            <Card className="ts-card" title={t('account.profile')}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'username', label: t('auth.username'), children: <span className="ts-mono">{me.user.username}</span> },
                  { key: 'name', label: t('users.displayName'), children: me.user.displayName },
                  { key: 'email', label: t('users.email'), children: me.user.email ?? '—' },
                  { key: 'language', label: t('account.language'), children: me.user.language === 'en' ? 'English' : 'Tiếng Việt' },
                  { key: 'session', label: t('home.sessionExpires'), children: formatDateTime(me.session.expiresAt) },
                ]}
              />
              <Typography.Paragraph type="secondary" className="ts-small" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('account.profileHelp')}
              </Typography.Paragraph>
            </Card>
            <Card className="ts-card" title={t('home.assignments')}>
              <ul className="ts-assignments">
                {me.assignments.map((a) => (
                  <li key={a.id}>
                    <Tag color="green" className="ts-tag-wrap">
                      {roleName(a.role, lang)}
                    </Tag>
                    <span className="ts-at">@</span>
                    <Link to={`/units/${a.unit.id}`}>{a.unit.name}</Link>{' '}
                    <Typography.Text type="secondary" className="ts-small">
                      ({unitKindLabel(t, a.unit.kind)})
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            </Card>
            <TotpCard me={me} />
          </div>
        </Col>
        <Col xs={24} lg={12}>
          <Card className="ts-card" title={t('account.changePassword')}>
            {changed ? <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('account.passwordChanged')} /> : null}
            <PasswordChangeForm
              confirm
              onDone={(m) => {
                store(m);
                setChanged(true);
                message.success(t('account.passwordChanged'));
              }}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <NotificationPreferences email={me.user.email} />
        </Col>
      </Row>
    </div>
  );
}
