// Choosing a role to assign. Roles that carry permissions the administrator does not
// hold are shown but disabled (the server would refuse them anyway).
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { roleName } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { useRoles } from './api';

export function RoleSelect({ value, onChange, id, testId }: { value?: string; onChange?: (v: string) => void; id?: string; testId?: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const me = useCurrentUser();
  const { data, isPending } = useRoles();
  const held = new Set(me.permissions);
  const options = (data?.items ?? []).map((r) => {
    const allowed = r.permissions.every((p) => held.has(p));
    return { value: r.id, label: roleName(r, lang), disabled: !allowed, title: allowed ? undefined : t('users.roleNotGrantable') };
  });
  return (
    <Select
      id={id}
      data-testid={testId}
      value={value}
      onChange={onChange}
      options={options}
      loading={isPending}
      virtual={false}
      placeholder={t('users.pickRole')}
      style={{ width: '100%' }}
    />
  );
}
