// A password field for administrators setting an initial or reset password, with a
// "generate" button: the generated password is shown once so it can be handed over.
import { ThunderboltOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { generatePassword } from '../../lib/forms';

export function PasswordInput({ value, onChange, id, testId, status }: { value?: string; onChange?: (v: string) => void; id?: string; testId?: string; status?: '' | 'error' | 'warning' }) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  return (
    <div>
      <Space.Compact style={{ width: '100%' }}>
        <Input.Password
          id={id}
          data-testid={testId}
          value={value}
          status={status}
          autoComplete="new-password"
          onChange={(e) => {
            setGenerated(null);
            onChange?.(e.target.value);
          }}
          visibilityToggle={{ visible, onVisibleChange: setVisible }}
        />
        <Button
          icon={<ThunderboltOutlined />}
          onClick={() => {
            const p = generatePassword();
            setGenerated(p);
            setVisible(true);
            onChange?.(p);
          }}
        >
          {t('users.generate')}
        </Button>
      </Space.Compact>
      {generated && generated === value ? (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={
            <span>
              {t('users.generatedOnce')}{' '}
              <Typography.Text code copyable={{ text: generated, tooltips: [t('common.copy'), t('common.copied')] }}>
                {generated}
              </Typography.Text>
            </span>
          }
        />
      ) : null}
    </div>
  );
}
