// The consumer key and secret, shown once: after creating a client or rotating its
// secret. The secret is stored hashed on the server; once this window closes nobody can
// read it again. A sample curl shows how the other system gets a token.
import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import type { Credentials } from './api';
import { callCurl, tokenCurl } from './curl';

export function CredentialsModal({ credentials, rotated, onClose }: { credentials: Credentials; rotated: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const origin = window.location.origin;
  const copyable = (text: string) => ({ text, tooltips: [t('common.copy'), t('common.copied')] as [string, string] });
  const curl = tokenCurl(origin, credentials.consumerKey, credentials.consumerSecret);
  return (
    <Modal
      open
      width={720}
      title={t(rotated ? 'integration.clients.rotatedTitle' : 'integration.clients.secretTitle', { name: credentials.client.name })}
      onCancel={onClose}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="credentials-done">
          {t('integration.clients.secretDone')}
        </Button>
      }
    >
      <div className="ts-stack" data-testid="credentials-modal">
        <Alert type="warning" showIcon title={t('integration.clients.secretWarning')} />
        {rotated && credentials.previousValidUntil ? (
          <Alert type="info" showIcon data-testid="previous-valid-until" title={t('integration.clients.previousValidUntil', { at: formatDateTime(credentials.previousValidUntil) })} />
        ) : null}
        <div className="ts-credential">
          <Typography.Text type="secondary">{t('integration.clients.consumerKey')}</Typography.Text>
          <Typography.Text className="ts-secret" data-testid="credentials-key" copyable={copyable(credentials.consumerKey)}>
            {credentials.consumerKey}
          </Typography.Text>
        </div>
        <div className="ts-credential">
          <Typography.Text type="secondary">{t('integration.clients.consumerSecret')}</Typography.Text>
          <Typography.Text className="ts-secret" data-testid="credentials-secret" copyable={copyable(credentials.consumerSecret)}>
            {credentials.consumerSecret}
          </Typography.Text>
        </div>
        <div className="ts-credential">
          <Typography.Text strong>{t('integration.clients.curlTitle')}</Typography.Text>
          <div className="ts-code-block">
            <pre className="ts-json" data-testid="credentials-curl">
              {curl}
            </pre>
            <Typography.Text className="ts-code-copy" copyable={copyable(curl)} />
          </div>
          <Typography.Text type="secondary" className="ts-small">
            {t('integration.clients.curlHelp')}
          </Typography.Text>
          <pre className="ts-json">{callCurl(origin)}</pre>
        </div>
      </div>
    </Modal>
  );
}
