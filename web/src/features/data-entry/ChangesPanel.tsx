// Changes made on this device that need the user: a cell someone else changed while this
// device's change waited (both values with who and when; keep mine or take theirs — the
// choice is recorded on the server), and changes the server refused (with its reason;
// kept until the user types the cell again or gives the change up).
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { outbox } from '../offline/sync';
import { displayValue } from './cell-values';
import { splitCellKey, type CellKey } from './grid-model';
import type { Entry } from './use-entry';
import type { FormDetail } from './api';

type Element = FormDetail['sections'][number]['elements'][number];

export function ChangesPanel({ entry, describe, elementOf, lang }: { entry: Entry; describe: (key: CellKey) => string; elementOf: (key: CellKey) => Element | undefined; lang: 'vi' | 'en' }) {
  const { t } = useTranslation();
  if (entry.conflicts.length === 0 && entry.rejected.length === 0) return null;
  const show = (key: CellKey, v: string | null) => {
    const el = elementOf(key);
    return v === null || v === '' ? t('dataEntry.empty') : el ? (displayValue(el.valueType, v, lang) ?? v) : v;
  };
  return (
    <Card className="ts-card de-changes" size="small" title={t('offline.changesTitle')} data-testid="de-changes">
      <List
        size="small"
        dataSource={[...entry.conflicts.map((key) => ({ key, kind: 'conflict' as const })), ...entry.rejected.map((e) => ({ key: `${e.dataElementId}:${e.cocId}` as CellKey, kind: 'rejected' as const }))]}
        renderItem={(item) => {
          const c = entry.cell(item.key);
          if (item.kind === 'conflict' && c.conflict) {
            const seq = c.conflict.seq;
            return (
              <List.Item data-testid="de-conflict" className="de-change">
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <span>
                    <Tag color="magenta">{t('dataEntry.conflict')}</Tag>
                    <strong>{describe(item.key)}</strong>
                  </span>
                  <span data-testid="de-conflict-mine">{t('offline.mine', { value: show(item.key, c.conflict.mine) })}</span>
                  <span data-testid="de-conflict-theirs">
                    {t('offline.theirs', {
                      value: show(item.key, c.conflict.server.value),
                      who: c.conflict.server.updatedBy ?? t('offline.someone'),
                      at: formatDateTime(c.conflict.server.updatedAt),
                    })}
                  </span>
                  <Space wrap>
                    <Button size="small" type="primary" onClick={() => void outbox.keepMine(seq)} data-testid="de-keep-mine">
                      {t('offline.keepMine')}
                    </Button>
                    <Button size="small" onClick={() => void outbox.takeTheirs(seq)} data-testid="de-take-theirs">
                      {t('offline.takeTheirs')}
                    </Button>
                  </Space>
                </Space>
              </List.Item>
            );
          }
          if (item.kind === 'rejected' && c.rejectedSeq !== null) {
            const seq = c.rejectedSeq;
            return (
              <List.Item data-testid="de-rejected" className="de-change">
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <span>
                    <Tag color="red">{t('offline.rejected')}</Tag>
                    <strong>{describe(item.key)}</strong>: {c.draft || t('dataEntry.empty')}
                  </span>
                  <Typography.Text type="danger">{c.error}</Typography.Text>
                  <Button size="small" onClick={() => void outbox.discard(seq)} data-testid="de-discard">
                    {t('offline.discard')}
                  </Button>
                </Space>
              </List.Item>
            );
          }
          return null;
        }}
      />
    </Card>
  );
}

/** The element of a cell key, for labels. */
export function elementLookup(form: FormDetail): (key: CellKey) => Element | undefined {
  const m = new Map<string, Element>();
  for (const s of form.sections) for (const e of s.elements) m.set(e.dataElementId, e);
  return (key) => m.get(splitCellKey(key).dataElementId);
}
