// Favourites on the visualizer: open one (mine, shared with me, the platform's), save the
// current table or chart (replacing the one opened, or as a new one), rename, share,
// delete — as far as the server's abilities allow. Without the favourites API (older
// server) the bar stays hidden.
import { DeleteOutlined, EditOutlined, FolderOpenOutlined, MoreOutlined, SaveOutlined, ShareAltOutlined, StarOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Empty, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { foldVietnamese } from '@shared/text.ts';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import {
  createVisualization,
  deleteVisualization,
  favouriteKeys,
  getVisualization,
  listVisualizations,
  renameVisualization,
  replaceVisualization,
  shareVisualization,
  type VisualizationSummary,
} from '../dashboards/api';
import { ShareModal } from '../dashboards/ShareModal';
import type { VisualizerState } from './analytics-state';
import { favouriteBody, stateFromFavourite } from './favourites';

export function FavouritesBar({ state, onOpen, onSaved }: { state: VisualizerState; onOpen: (s: VisualizerState) => void; onSaved: (id: string | null) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [listOpen, setListOpen] = useState(false);
  const [nameModal, setNameModal] = useState<null | { mode: 'create' | 'rename'; name: string }>(null);
  const [shareOpen, setShareOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);

  const list = useQuery({ queryKey: favouriteKeys.list({}), queryFn: ({ signal }) => listVisualizations({}, signal), retry: false, staleTime: 30_000 });
  const current = useQuery({
    queryKey: favouriteKeys.detail(state.favourite ?? ''),
    queryFn: ({ signal }) => getVisualization(state.favourite!, signal),
    enabled: Boolean(state.favourite) && !list.isError,
    retry: false,
  });
  const fav = current.data;

  const shown = useMemo(() => {
    const q = foldVietnamese(search);
    return (list.data?.items ?? []).filter((v) => v.type !== 'map' && (!q || foldVietnamese(v.name).includes(q)));
  }, [list.data, search]);

  // The server has no favourites yet (404): nothing to offer.
  if (list.isError && isApiError(list.error) && (list.error.status === 404 || list.error.status === 403)) return null;

  const refresh = () => void qc.invalidateQueries({ queryKey: favouriteKeys.all });
  const fail = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));

  const save = async () => {
    if (!state.dx.length) return void message.warning(t('analytics.pickData'));
    if (!fav || !fav.abilities.edit) return setNameModal({ mode: 'create', name: '' });
    setBusy(true);
    try {
      await replaceVisualization(fav.id, favouriteBody(state, fav.name));
      void message.success(t('favourites.saved', { name: fav.name }));
      refresh();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const submitName = async () => {
    if (!nameModal || !nameModal.name.trim()) return;
    setBusy(true);
    try {
      if (nameModal.mode === 'create') {
        const created = await createVisualization(favouriteBody(state, nameModal.name.trim()));
        onSaved(created.id);
        void message.success(t('favourites.saved', { name: created.name }));
      } else if (fav) {
        await renameVisualization(fav.id, nameModal.name.trim());
        void message.success(t('favourites.renamed'));
      }
      setNameModal(null);
      refresh();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const open = async (v: VisualizationSummary) => {
    try {
      const full = await qc.fetchQuery({ queryKey: favouriteKeys.detail(v.id), queryFn: ({ signal }) => getVisualization(v.id, signal) });
      setListOpen(false);
      onOpen(stateFromFavourite(full));
    } catch (e) {
      fail(e);
    }
  };

  const remove = () =>
    fav &&
    modal.confirm({
      title: t('favourites.deleteTitle', { name: fav.name }),
      content: t('favourites.deleteText'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        await deleteVisualization(fav.id).catch(fail);
        onSaved(null);
        refresh();
      },
    });

  const moreItems = [
    { key: 'saveAs', icon: <StarOutlined />, label: t('favourites.saveAs'), onClick: () => setNameModal({ mode: 'create', name: fav ? `${fav.name} (${t('favourites.copy')})` : '' }) },
    ...(fav?.abilities.edit ? [{ key: 'rename', icon: <EditOutlined />, label: t('favourites.rename'), onClick: () => setNameModal({ mode: 'rename', name: fav.name }) }] : []),
    ...(fav?.abilities.share ? [{ key: 'share', icon: <ShareAltOutlined />, label: t('favourites.share'), onClick: () => setShareOpen(true) }] : []),
    ...(fav?.abilities.delete ? [{ key: 'delete', icon: <DeleteOutlined />, danger: true, label: t('common.delete'), onClick: remove }] : []),
  ];

  return (
    <Space wrap size={8} className="an-favourites">
      {fav ? (
        <Tag color="green" className="an-fav-name" data-testid="fav-current">
          <StarOutlined /> {fav.name}
        </Tag>
      ) : null}
      <Button icon={<FolderOpenOutlined />} onClick={() => setListOpen(true)} data-testid="fav-open">
        {t('favourites.open')}
      </Button>
      <Button icon={<SaveOutlined />} type="primary" loading={busy} onClick={() => void save()} data-testid="fav-save">
        {fav?.abilities.edit ? t('common.save') : t('favourites.save')}
      </Button>
      <Dropdown menu={{ items: moreItems }} trigger={['click']}>
        <Button icon={<MoreOutlined />} aria-label={t('favourites.more')} data-testid="fav-more" />
      </Dropdown>

      <Modal open={listOpen} title={t('favourites.title')} onCancel={() => setListOpen(false)} footer={null} width={640} destroyOnHidden>
        <Input.Search allowClear placeholder={t('favourites.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 12 }} data-testid="fav-search" />
        <List
          loading={list.isLoading}
          dataSource={shown}
          locale={{ emptyText: <Empty description={t('favourites.none')} /> }}
          style={{ maxHeight: '60vh', overflow: 'auto' }}
          renderItem={(v) => (
            <List.Item key={v.id} className="an-fav-item" onClick={() => void open(v)} data-testid={`fav-item-${v.id}`}>
              <List.Item.Meta
                title={<a>{v.name}</a>}
                description={
                  <Space wrap size={[6, 2]}>
                    <Tag>{v.type === 'chart' ? t(`analytics.chartTypes.${v.chartType ?? 'column'}`) : t('analytics.viewTable')}</Tag>
                    <Typography.Text type="secondary">{v.mine ? t('favourites.mine') : v.owner ? v.owner.displayName : t('favourites.platform')}</Typography.Text>
                    <Typography.Text type="secondary">{formatDateTime(v.updatedAt)}</Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Modal>

      <Modal
        open={nameModal !== null}
        title={nameModal?.mode === 'rename' ? t('favourites.rename') : t('favourites.save')}
        onCancel={() => setNameModal(null)}
        onOk={() => void submitName()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: !nameModal?.name.trim(), ...({ 'data-testid': 'fav-name-ok' } as Record<string, string>) }}
        destroyOnHidden
      >
        <Input
          autoFocus
          maxLength={200}
          value={nameModal?.name ?? ''}
          placeholder={t('favourites.namePlaceholder')}
          onChange={(e) => setNameModal((m) => (m ? { ...m, name: e.target.value } : m))}
          onPressEnter={() => void submitName()}
          data-testid="fav-name"
        />
      </Modal>

      {fav && shareOpen ? (
        <ShareModal
          open
          title={t('favourites.shareTitle', { name: fav.name })}
          sharing={fav.sharing}
          onClose={() => setShareOpen(false)}
          onSave={async (body) => {
            await shareVisualization(fav.id, body);
            refresh();
          }}
        />
      ) : null}
    </Space>
  );
}
