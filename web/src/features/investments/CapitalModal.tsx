// Editing a year's capital of a work: one block per source × kind with the allocated and
// committed amounts and the amount disbursed each month (January of the year to January
// of the next), millions of dong. The server refuses months not begun and lines
// disbursing more than allocated; nothing changes then.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, InputNumber, Modal, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { type CapitalInput, type CapitalKind, type CapitalSource, investmentKeys, KINDS, saveCapital, SOURCES, type WorkDetail } from './api';

type Line = CapitalInput['lines'][number];

const monthsOf = (year: number) => [...Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`), `${year + 1}-01`];

export function CapitalModal({ work, year, onClose }: { work: WorkDetail; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [lines, setLines] = useState<Line[]>(() =>
    work.capital.length > 0
      ? work.capital.map((l) => ({ source: l.source, kind: l.kind, allocated: l.allocated, committed: l.committed, disbursements: l.disbursements }))
      : [{ source: 'central', kind: 'development', allocated: 0, committed: 0, disbursements: [] }],
  );
  const save = useMutation({
    mutationFn: () => saveCapital(work.id, { year, lines: lines.map((l) => ({ ...l, disbursements: l.disbursements.filter((d) => d.amount > 0) })) }),
    onSuccess: async (w) => {
      qc.setQueryData(investmentKeys.work(work.id, year), w);
      await qc.invalidateQueries({ queryKey: investmentKeys.all });
      message.success(t('investments.capital.saved'));
      onClose();
    },
  });
  const update = (i: number, change: Partial<Line>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...change } : l)));
  const setMonth = (i: number, month: string, amount: number | null) =>
    update(i, { disbursements: [...lines[i]!.disbursements.filter((d) => d.month !== month), ...(amount ? [{ month, amount }] : [])].sort((a, b) => a.month.localeCompare(b.month)) });
  const num = { decimalSeparator: lang === 'vi' ? ',' : '.', min: 0, style: { width: '100%' } };
  const free = (SOURCES.flatMap((s) => KINDS.map((k) => [s, k] as const)) as [CapitalSource, CapitalKind][]).filter(([s, k]) => !lines.some((l) => l.source === s && l.kind === k));

  return (
    <Modal
      open
      width={900}
      title={t('investments.capital.title', { year })}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      okText={t('common.save')}
      onOk={() => save.mutate()}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'capital-save' } as Record<string, string>) }}
      cancelText={t('common.cancel')}
    >
      <Typography.Paragraph type="secondary">{t('investments.capital.help')}</Typography.Paragraph>
      {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 12 }} /> : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {lines.map((l, i) => {
          const sum = l.disbursements.reduce((s, d) => s + d.amount, 0);
          return (
            <Card
              key={`${l.source}-${l.kind}-${i}`}
              size="small"
              title={
                <Space wrap>
                  <Select value={l.source} onChange={(v) => update(i, { source: v })} options={SOURCES.map((s) => ({ value: s, label: t(`investments.sources.${s}`) }))} style={{ width: 190 }} data-testid={`capital-source-${i}`} />
                  <Select value={l.kind} onChange={(v) => update(i, { kind: v })} options={KINDS.map((k) => ({ value: k, label: t(`investments.kinds.${k}`) }))} style={{ width: 180 }} />
                </Space>
              }
              extra={lines.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))} aria-label={t('common.delete')} /> : null}
            >
              <Row gutter={12}>
                <Col xs={12} md={8}>
                  <div className="ts-muted">{t('investments.allocated')}</div>
                  <InputNumber<number> {...num} value={l.allocated} onChange={(v) => update(i, { allocated: v ?? 0 })} data-testid={`capital-allocated-${i}`} />
                </Col>
                <Col xs={12} md={8}>
                  <div className="ts-muted">{t('investments.committed')}</div>
                  <InputNumber<number> {...num} value={l.committed} onChange={(v) => update(i, { committed: v ?? 0 })} />
                </Col>
                <Col xs={24} md={8}>
                  <div className="ts-muted">{t('investments.disbursed')}</div>
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {formatNumber(sum, lang, 3)}
                  </Typography.Text>
                </Col>
              </Row>
              <Typography.Text type="secondary" style={{ display: 'block', margin: '10px 0 4px' }}>
                {t('investments.capital.monthly')}
              </Typography.Text>
              <Row gutter={[8, 8]} className="ts-capital-months">
                {monthsOf(year).map((m) => (
                  <Col key={m} xs={8} sm={6} md={4}>
                    <div style={{ fontSize: 12 }} className="ts-muted">
                      {m.slice(5)}/{m.slice(0, 4)}
                    </div>
                    <InputNumber<number> {...num} size="small" value={l.disbursements.find((d) => d.month === m)?.amount ?? null} onChange={(v) => setMonth(i, m, v)} data-testid={`capital-month-${i}-${m}`} />
                  </Col>
                ))}
              </Row>
            </Card>
          );
        })}
        {free.length > 0 ? (
          <Button icon={<PlusOutlined />} onClick={() => setLines((ls) => [...ls, { source: free[0]![0], kind: free[0]![1], allocated: 0, committed: 0, disbursements: [] }])} data-testid="capital-add-line">
            {t('investments.capital.addLine')}
          </Button>
        ) : null}
      </Space>
    </Modal>
  );
}
