// One dashboard: a 12-column grid of items (react-grid-layout) under a filters bar
// (period, unit) applied to every item. Each item loads on its own, so the first ones
// paint while the others are still on their way. "Sắp xếp" turns on dragging and
// resizing, adding (a favourite, a text, the late-units list) and removing items; "Lưu bố
// cục" saves the grid. On a phone the items stack in reading order. The filters live in
// the URL (?pe=…&ou=…).
import { ArrowLeftOutlined, DeleteOutlined, DragOutlined, EditOutlined, ExportOutlined, MoreOutlined, PlusOutlined, SaveOutlined, ShareAltOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Empty, Input, Modal, Select, Skeleton, Space, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import ReactGridLayout, { useContainerWidth, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { useTranslation } from 'react-i18next';
import { foldVietnamese } from '@shared/text.ts';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { filterOption, periodOptions } from '../analytics/Pickers';
import { UnitSelect } from '../units/UnitSelect';
import { dashboardKeys, deleteDashboard, favouriteKeys, getDashboard, getVisualization, listVisualizations, patchDashboard, saveDashboardItems, shareDashboard, type DashboardItemView } from './api';
import { DashboardItemBody, visualizerLink } from './DashboardItem';
import { GRID_COLUMNS, itemsToSave, newItemId, placeNewItem, readingOrder, ROW_HEIGHT, type DashboardFilters } from './dashboard-model';
import { ShareModal } from './ShareModal';
import '../analytics/analytics.css';
import './dashboards.css';

const MARGIN = 12;

export function DashboardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const dashboard = useQuery({ queryKey: dashboardKeys.detail(id), queryFn: ({ signal }) => getDashboard(id, signal) });
  const d = dashboard.data;

  // Filters: the URL's, else the dashboard's defaults.
  const period = params.get('pe') ?? d?.defaultPeriod ?? null;
  const unitId = params.get('ou') ?? d?.defaultUnit?.id ?? null;
  const filters: DashboardFilters = useMemo(() => ({ period, unitId }), [period, unitId]);
  const setFilter = (key: 'pe' | 'ou', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  // Edit mode works on a draft of the items; the grid's layout is the draft's places.
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<DashboardItemView[] | null>(null);
  const items = draft ?? d?.items ?? [];
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState<null | 'menu' | 'favourite' | 'text'>(null);
  const [text, setText] = useState('');
  const [shareOpen, setShareOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  useEffect(() => {
    if (!editing) setDraft(null);
  }, [editing]);

  const layout: Layout = useMemo(() => items.map((i) => ({ i: i.id, x: i.x, y: i.y, w: i.w, h: i.h, minW: 2, minH: 3 })), [items]);
  const onLayoutChange = (next: Layout) => {
    if (!editing) return;
    const at = new Map(next.map((l) => [l.i, l]));
    setDraft(items.map((it) => ({ ...it, ...(at.has(it.id) ? { x: at.get(it.id)!.x, y: at.get(it.id)!.y, w: at.get(it.id)!.w, h: at.get(it.id)!.h } : {}) })));
  };

  const save = async () => {
    if (!d) return;
    setSaving(true);
    try {
      const saved = await saveDashboardItems(d.id, itemsToSave(items, layout));
      qc.setQueryData(dashboardKeys.detail(d.id), saved);
      void qc.invalidateQueries({ queryKey: dashboardKeys.all });
      setEditing(false);
      void message.success(t('dashboards.layoutSaved'));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const favourites = useQuery({ queryKey: favouriteKeys.list({}), queryFn: ({ signal }) => listVisualizations({}, signal), enabled: adding === 'favourite' });
  const addItem = (item: Omit<DashboardItemView, 'id' | 'x' | 'y' | 'w' | 'h'>, size: { w: number; h: number }) => {
    const place = placeNewItem(items, size.w, size.h);
    setDraft([...items, { ...item, id: newItemId(items), ...place }]);
    setAdding(null);
  };

  const periods = useMemo(() => periodOptions(new Date(), lang, (r) => t(`analytics.relative.${r}`), (g) => t(`analytics.periodGroups.${g}`)), [lang, t]);

  if (dashboard.isError) return <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  if (!d) return <Skeleton active />;

  const itemHeight = (it: DashboardItemView) => it.h * ROW_HEIGHT + (it.h - 1) * MARGIN - 46;
  const card = (it: DashboardItemView) => {
    const link = visualizerLink(it, filters);
    const title = it.type === 'visualization' ? (it.visualization?.name ?? '') : it.type === 'late_units' ? t('dashboards.lateUnits') : '';
    return (
      <div key={it.id} className={`db-item${editing ? ' db-editing' : ''}`} data-testid={`db-item-${it.id}`} style={isMobile ? { minHeight: Math.min(it.h, 10) * ROW_HEIGHT } : undefined}>
        {/* A text speaks for itself: no title bar outside edit mode. */}
        {!editing && it.type === 'text' ? null : (
          <div className={`db-item-head${editing ? ' db-drag' : ''}`}>
            {editing ? <DragOutlined className="db-grip" aria-hidden /> : null}
            <span className="db-item-title" title={title}>
              {title}
            </span>
            {!editing && link ? (
              <Tooltip title={t('dashboards.openInVisualizer')}>
                <Link to={link} className="db-item-link" aria-label={t('dashboards.openInVisualizer')}>
                  <ExportOutlined />
                </Link>
              </Tooltip>
            ) : null}
            {editing ? (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('dashboards.removeItem')}
                className="db-no-drag"
                onClick={() => setDraft(items.filter((x) => x.id !== it.id))}
                data-testid={`db-remove-${it.id}`}
              />
            ) : null}
          </div>
        )}
        <div className="db-item-body">
          <DashboardItemBody item={it} filters={filters} height={isMobile ? Math.min(it.h, 10) * ROW_HEIGHT - 46 : itemHeight(it)} compact={isMobile || it.w <= 4} />
        </div>
      </div>
    );
  };

  const moreItems = [
    ...(d.abilities.edit ? [{ key: 'rename', icon: <EditOutlined />, label: t('favourites.rename'), onClick: () => setRenaming(d.name) }] : []),
    ...(d.abilities.share ? [{ key: 'share', icon: <ShareAltOutlined />, label: t('favourites.share'), onClick: () => setShareOpen(true) }] : []),
    ...(d.abilities.delete
      ? [
          {
            key: 'delete',
            icon: <DeleteOutlined />,
            danger: true,
            label: t('common.delete'),
            onClick: () =>
              modal.confirm({
                title: t('dashboards.deleteTitle', { name: d.name }),
                content: t('dashboards.deleteText'),
                okText: t('common.delete'),
                okButtonProps: { danger: true },
                cancelText: t('common.cancel'),
                onOk: async () => {
                  await deleteDashboard(d.id);
                  void qc.invalidateQueries({ queryKey: dashboardKeys.all });
                  navigate('/dashboards');
                },
              }),
          },
        ]
      : []),
  ];

  return (
    <div className="db-page">
      <PageHeader
        title={<span data-testid="db-title">{d.name}</span>}
        subtitle={d.description ?? undefined}
        breadcrumb={
          <Link to="/dashboards" className="db-back">
            <ArrowLeftOutlined /> {t('dashboards.title')}
          </Link>
        }
        extra={
          <Space wrap size={8}>
            {editing ? (
              <>
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'favourite', label: t('dashboards.addFavourite'), onClick: () => setAdding('favourite') },
                      { key: 'text', label: t('dashboards.addText'), onClick: () => (setText(''), setAdding('text')) },
                      { key: 'late', label: t('dashboards.addLateUnits'), onClick: () => addItem({ type: 'late_units', text: null, formId: null, visualization: null }, { w: 6, h: 8 }) },
                    ],
                  }}
                >
                  <Button icon={<PlusOutlined />} data-testid="db-add">
                    {t('dashboards.add')}
                  </Button>
                </Dropdown>
                <Button onClick={() => setEditing(false)}>{t('dashboards.discard')}</Button>
                <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="db-save">
                  {t('dashboards.saveLayout')}
                </Button>
              </>
            ) : d.abilities.edit && !isMobile ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="db-edit">
                {t('dashboards.edit')}
              </Button>
            ) : null}
            {moreItems.length > 0 && !editing ? (
              <Dropdown menu={{ items: moreItems }} trigger={['click']}>
                <Button icon={<MoreOutlined />} aria-label={t('favourites.more')} />
              </Dropdown>
            ) : null}
          </Space>
        }
      />
      <Card size="small" className="db-filters" data-testid="db-filters">
        <Space wrap size={[12, 8]} align="center">
          <Typography.Text strong>{t('dashboards.filters')}</Typography.Text>
          <Select<string>
            allowClear
            value={period ?? undefined}
            placeholder={`${t('dashboards.period')}: ${t('dashboards.defaultFilter')}`}
            options={periods as never}
            onChange={(v) => setFilter('pe', v ?? null)}
            style={{ minWidth: isMobile ? 'calc(100vw - 64px)' : 220 }}
            aria-label={t('dashboards.period')}
            data-testid="db-filter-period"
            showSearch={{ filterOption: filterOption as never }}
          />
          <div style={{ minWidth: isMobile ? 'calc(100vw - 64px)' : 280 }}>
            <UnitSelect
              value={unitId ?? undefined}
              onChange={(v) => setFilter('ou', v ?? null)}
              placeholder={`${t('dashboards.unit')}: ${t('dashboards.defaultFilter')}`}
              known={d.defaultUnit ? [{ id: d.defaultUnit.id, fullName: d.defaultUnit.name, path: [] }] : []}
              data-testid="db-filter-unit"
            />
          </div>
        </Space>
      </Card>

      {items.length === 0 ? (
        <Card>
          <Empty description={t('dashboards.empty')} />
        </Card>
      ) : isMobile ? (
        <div className="db-stack">{readingOrder(items).map(card)}</div>
      ) : (
        <DashboardGrid layout={layout} editing={editing} onLayoutChange={onLayoutChange}>
          {readingOrder(items).map(card)}
        </DashboardGrid>
      )}

      <Modal open={adding === 'favourite'} title={t('dashboards.pickFavourite')} footer={null} onCancel={() => setAdding(null)} destroyOnHidden>
        <Select<string>
          showSearch={{ filterOption: filterOption as never }}
          style={{ width: '100%' }}
          loading={favourites.isLoading}
          placeholder={t('dashboards.pickFavourite')}
          data-testid="db-pick-favourite"
          options={(favourites.data?.items ?? []).map((v) => ({ value: v.id, label: v.name, search: foldVietnamese(v.name) }))}
          onChange={(vid) => {
            const v = favourites.data?.items.find((x) => x.id === vid);
            if (!v) return;
            // The config comes with the dashboard once saved; meanwhile fetch it for the preview.
            void qc.fetchQuery({ queryKey: favouriteKeys.detail(v.id), queryFn: ({ signal }) => getVisualization(v.id, signal) }).then((full) =>
              addItem({ type: 'visualization', text: null, formId: null, visualization: { id: full.id, type: full.type, name: full.name, description: full.description, config: full.config } }, { w: 6, h: 9 }),
            );
          }}
        />
      </Modal>
      <Modal open={adding === 'text'} title={t('dashboards.addText')} onCancel={() => setAdding(null)} okButtonProps={{ disabled: !text.trim() }} onOk={() => addItem({ type: 'text', text: text.trim(), formId: null, visualization: null }, { w: 6, h: 4 })} destroyOnHidden>
        <Input.TextArea rows={5} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('dashboards.textPlaceholder')} data-testid="db-text-input" />
      </Modal>
      <Modal
        open={renaming !== null}
        title={t('favourites.rename')}
        onCancel={() => setRenaming(null)}
        okButtonProps={{ disabled: !renaming?.trim() }}
        onOk={async () => {
          await patchDashboard(d.id, { name: renaming!.trim() });
          setRenaming(null);
          void qc.invalidateQueries({ queryKey: dashboardKeys.all });
        }}
        destroyOnHidden
      >
        <Input value={renaming ?? ''} maxLength={200} onChange={(e) => setRenaming(e.target.value)} />
      </Modal>
      {shareOpen ? (
        <ShareModal
          open
          title={t('favourites.shareTitle', { name: d.name })}
          sharing={d.sharing}
          onClose={() => setShareOpen(false)}
          onSave={async (body) => {
            await shareDashboard(d.id, body);
            void qc.invalidateQueries({ queryKey: dashboardKeys.detail(d.id) });
          }}
        />
      ) : null}
    </div>
  );
}

/** The grid measures its own box (it mounts once the dashboard has arrived). */
function DashboardGrid({ layout, editing, onLayoutChange, children }: { layout: Layout; editing: boolean; onLayoutChange: (l: Layout) => void; children: ReactNode }) {
  const { width, containerRef, mounted } = useContainerWidth({ measureBeforeMount: true });
  return (
    <div ref={containerRef} className="db-grid-box">
      {mounted ? (
        <ReactGridLayout
          layout={layout}
          width={width}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [MARGIN, MARGIN], containerPadding: [0, 0] }}
          dragConfig={{ enabled: editing, handle: '.db-drag', cancel: '.db-no-drag' }}
          resizeConfig={{ enabled: editing }}
          onLayoutChange={onLayoutChange}
        >
          {children}
        </ReactGridLayout>
      ) : null}
    </div>
  );
}
