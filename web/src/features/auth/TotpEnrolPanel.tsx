// Two-factor enrolment: the server makes a secret; the user scans the QR code (or types
// the key) into an authenticator app and proves it with a first code.
import { useMutation } from '@tanstack/react-query';
import { Button, Skeleton, Steps, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { TotpCodeForm } from './TotpCodeForm';
import type { Me } from './session';

interface Enrolment {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type from the screen. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function TotpEnrolPanel({ onDone, onCancel }: { onDone: (me: Me) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const enrol = useMutation({ mutationFn: () => api.post<Enrolment>('/api/auth/totp/enrol') });
  const { mutate: start } = enrol;
  const started = useRef(false);
  useEffect(() => {
    // Once per mount (StrictMode runs effects twice in development).
    if (started.current) return;
    started.current = true;
    start();
  }, [start]);

  if (enrol.error) return <ErrorAlert error={enrol.error} onRetry={() => enrol.mutate()} />;
  const data = enrol.data;
  return (
    <div className="ts-enrol">
      <Steps
        orientation="vertical"
        size="small"
        current={data ? 1 : 0}
        items={[
          { title: t('auth.enrolStep1'), content: t('auth.enrolStep1Help') },
          {
            title: t('auth.enrolStep2'),
            content: data ? (
              <div className="ts-enrol-qr">
                <img src={data.qrDataUrl} width={180} height={180} alt={t('auth.qrAlt')} />
                <div className="ts-enrol-secret">
                  <Typography.Text type="secondary">{t('auth.secretLabel')}</Typography.Text>
                  <Typography.Text copyable={{ text: data.secret, tooltips: [t('common.copy'), t('common.copied')] }} className="ts-secret">
                    <span data-testid="totp-secret">{grouped(data.secret)}</span>
                  </Typography.Text>
                  <Typography.Text type="secondary" className="ts-small">
                    {t('auth.secretHelp')}
                  </Typography.Text>
                </div>
              </div>
            ) : (
              <Skeleton.Image active style={{ width: 180, height: 180 }} />
            ),
          },
          { title: t('auth.enrolStep3'), content: t('auth.enrolStep3Help') },
        ]}
      />
      {data ? (
        <TotpCodeForm
          submitLabel={t('auth.enrolConfirm')}
          submit={(code) => api.post<Me>('/api/auth/totp/confirm', { code })}
          onDone={onDone}
          extra={
            onCancel ? (
              <Button block type="text" style={{ marginTop: 8 }} onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            ) : null
          }
        />
      ) : null}
    </div>
  );
}
