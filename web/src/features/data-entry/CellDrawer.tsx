// One cell's comment (read, and write where entry is allowed) and its value history:
// old → new, who, when (dd/mm/yyyy HH:mm, Vietnam time) and how (screen, import, API).
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Drawer, Empty, Input, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NumberLang } from '@shared/engine/numbers.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { entryKeys, getHistory, type QuestionedCell } from './api';
import { displayValue } from './cell-values';
import type { CellKey, FormElement } from './grid-model';
import { splitCellKey } from './grid-model';
import type { Entry } from './use-entry';

interface Props {
  open: boolean;
  tab: 'comment' | 'history';
  onTab: (tab: 'comment' | 'history') => void;
  cell: { key: CellKey; element: FormElement; columnName: string } | null;
  entry: Entry;
  unitId: string;
  period: string;
  lang: NumberLang;
  readOnly: boolean;
  questioned: QuestionedCell | undefined;
  onClose: () => void;
}

export function CellDrawer(p: Props) {
  const { t } = useTranslation();
  const state = p.cell ? p.entry.cell(p.cell.key) : null;
  const [comment, setComment] = useState('');
  useEffect(() => {
    setComment(state?.comment ?? '');
    // Reset when another cell is opened, not on every save.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.cell?.key, p.open]);

  // Escape closes the panel wherever the focus is (it may still be on the grid cell that opened it).
  const { open, onClose } = p;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, onClose]);

  const ids = p.cell ? splitCellKey(p.cell.key) : null;
  const history = useQuery({
    queryKey: ids ? [...entryKeys.history(p.unitId, p.period, ids.dataElementId, ids.cocId), state?.server?.version ?? 0] : ['none'],
    queryFn: ({ signal }) => getHistory({ unitId: p.unitId, period: p.period, ...ids! }, signal),
    enabled: p.open && p.tab === 'history' && ids !== null,
  });

  const sourceLabel = (s: string) => t(`dataEntry.sources.${s === 'import' || s === 'api' ? s : 'screen'}`);
  const valueType = p.cell?.element.valueType ?? 'text';
  const show = (v: string | null) => (v === null || v === '' ? <Typography.Text type="secondary">{t('dataEntry.empty')}</Typography.Text> : <strong>{displayValue(valueType, v, p.lang)}</strong>);

  return (
    <Drawer
      open={p.open}
      onClose={p.onClose}
      size={420}
      destroyOnHidden
      title={
        p.cell ? (
          <div>
            <div className="de-drawer-title">
              {p.cell.element.code} — {p.lang === 'en' && p.cell.element.nameEn ? p.cell.element.nameEn : p.cell.element.nameVi}
            </div>
            <Typography.Text type="secondary" className="ts-small">
              {p.cell.columnName}
            </Typography.Text>
          </div>
        ) : null
      }
      data-testid="cell-drawer"
    >
      {p.questioned ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('dataEntry.questionedBy', { name: p.questioned.by?.fullName ?? '—', at: formatDateTime(p.questioned.at) })}
          description={p.questioned.comment}
        />
      ) : null}
      <Tabs
        activeKey={p.tab}
        onChange={(k) => p.onTab(k === 'history' ? 'history' : 'comment')}
        items={[
          {
            key: 'comment',
            label: t('dataEntry.comment'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.TextArea
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  autoSize={{ minRows: 4, maxRows: 10 }}
                  maxLength={2000}
                  showCount
                  readOnly={p.readOnly}
                  placeholder={p.readOnly ? t('dataEntry.noComment') : t('dataEntry.commentPlaceholder')}
                  data-testid="cell-comment"
                  autoFocus
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && p.cell && !p.readOnly) {
                      p.entry.saveComment(p.cell.key, comment);
                      p.onClose();
                    }
                  }}
                />
                {!p.readOnly ? (
                  <Space>
                    <Button
                      type="primary"
                      data-testid="cell-comment-save"
                      disabled={!p.cell || (comment.trim() || null) === (state?.comment ?? null)}
                      onClick={() => {
                        if (!p.cell) return;
                        p.entry.saveComment(p.cell.key, comment);
                        p.onClose();
                      }}
                    >
                      {t('dataEntry.saveComment')}
                    </Button>
                    {state?.comment ? (
                      <Button
                        onClick={() => {
                          if (!p.cell) return;
                          p.entry.saveComment(p.cell.key, null);
                          p.onClose();
                        }}
                      >
                        {t('dataEntry.removeComment')}
                      </Button>
                    ) : null}
                  </Space>
                ) : null}
              </Space>
            ),
          },
          {
            key: 'history',
            label: t('dataEntry.history'),
            children: history.error ? (
              <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
            ) : history.isPending ? (
              <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
            ) : history.data.items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dataEntry.noHistory')} />
            ) : (
              <Timeline
                data-testid="cell-history"
                items={history.data.items.map((h) => ({
                  key: h.id,
                  content: (
                    <div className="de-history-item">
                      <div>
                        {show(h.oldValue)} <span aria-hidden>→</span> {show(h.newValue)}
                      </div>
                      <Typography.Text type="secondary" className="ts-small">
                        {formatDateTime(h.changedAt)} · {h.changedBy ?? '—'} · <Tag variant="filled">{sourceLabel(h.source)}</Tag>
                      </Typography.Text>
                      {h.comment ? <div className="ts-small">{t('dataEntry.comment')}: {h.comment}</div> : null}
                    </div>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
    </Drawer>
  );
}
