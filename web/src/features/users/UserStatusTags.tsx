// A user's state at a glance: active or deactivated, locked out, must change password, 2FA.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserView } from './api';

export function UserStatusTags({ user, showTotp = true }: { user: UserView; showTotp?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="ts-tags">
      {user.active ? <Tag color="green">{t('users.statusActive')}</Tag> : <Tag color="default">{t('users.statusInactive')}</Tag>}
      {user.locked ? <Tag color="red">{t('users.statusLocked')}</Tag> : null}
      {user.mustChangePassword ? <Tag color="gold">{t('users.statusMustChange')}</Tag> : null}
      {showTotp && user.totpEnabled ? <Tag color="blue">{t('users.status2fa')}</Tag> : null}
    </span>
  );
}

export function AssignmentTags({ user, lang }: { user: UserView; lang: 'vi' | 'en' }) {
  return (
    <ul className="ts-assignment-list">
      {user.assignments.map((a) => (
        <li key={a.id}>
          <span className="ts-assignment-role">{lang === 'en' ? a.role.nameEn : a.role.nameVi}</span> <span className="ts-at">@</span> {a.unit.name}
        </li>
      ))}
    </ul>
  );
}
