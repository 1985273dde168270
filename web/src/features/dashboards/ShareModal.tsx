// Sharing a favourite or a dashboard: with named users (those the caller can look up)
// and with units — everyone assigned within a unit's subtree who may read analytics.
import { useQuery } from '@tanstack/react-query';
import { App, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../lib/hooks';
import { UnitSelect } from '../units/UnitSelect';
import { searchUsers, type SharingView } from './api';

export function ShareModal({
  open,
  title,
  sharing,
  onClose,
  onSave,
}: {
  open: boolean;
  title: string;
  sharing: SharingView | null;
  onClose: () => void;
  onSave: (body: { userIds: string[]; unitIds: string[] }) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [users, setUsers] = useState<string[]>(() => sharing?.users.map((u) => u.id) ?? []);
  const [units, setUnits] = useState<string[]>(() => sharing?.units.map((u) => u.id) ?? []);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({ queryKey: ['users', 'share-search', q], queryFn: ({ signal }) => searchUsers(q, signal), enabled: open && q.length > 1, retry: false });
  const [saving, setSaving] = useState(false);
  const known = new Map([...(sharing?.users ?? []), ...(found.data?.items ?? [])].map((u) => [u.id, u]));

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'share-save' } as Record<string, string>}
      onOk={async () => {
        setSaving(true);
        try {
          await onSave({ userIds: users, unitIds: units });
          void message.success(t('favourites.shared'));
          onClose();
        } catch (e) {
          void message.error(e instanceof Error ? e.message : String(e));
        } finally {
          setSaving(false);
        }
      }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('favourites.shareUnits')} extra={t('favourites.shareUnitsHint')}>
          <UnitSelect multiple value={units} onChange={setUnits} known={sharing?.units.map((u) => ({ id: u.id, fullName: u.name, path: [] }))} data-testid="share-units" />
        </Form.Item>
        <Form.Item label={t('favourites.shareUsers')} extra={found.isError ? t('favourites.shareUsersUnavailable') : undefined}>
          <Select<string[]>
            mode="multiple"
            value={users}
            onChange={setUsers}
            showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
            options={[...known.values()].map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
            placeholder={t('favourites.shareUsersPlaceholder')}
            loading={found.isFetching}
            data-testid="share-users"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
