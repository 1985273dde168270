// The report's workflow above the entry grid: its state, who submitted or decided and
// when, on time or late, the reviewer's comments, the history, and the actions the
// caller may take now — submit (after the same checks the server runs), recall,
// approve, return with comments on chosen cells, unapprove with a reason.
import { CheckOutlined, HistoryOutlined, RollbackOutlined, SendOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Flex, Form, Input, List, Modal, Progress, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import type { CellRef } from '../data-entry/EntryGrid';
import type { CellKey } from '../data-entry/grid-model';
import type { SubmissionBinding, SubmissionContext } from '../data-entry/submission-slot';
import { entryKeys } from '../data-entry/api';
import { useUiLanguage } from '../auth/language';
import { outbox } from '../offline/sync';
import { getSubmission, submissionKeys, transition, type SubmissionAction, type SubmissionView, type TransitionBody, type ValidationViolationView } from './api';
import { StateTag, TimelinessTag } from './StateTag';

type Dialog = { kind: 'submit' | 'approve' | 'recall' | 'unapprove' | 'return' } | { kind: 'violations'; items: { message: string }[]; fromServer: boolean } | null;

function cellName(ref: CellRef, lang: 'vi' | 'en'): string {
  const name = lang === 'en' ? (ref.element.nameEn ?? ref.element.nameVi) : ref.element.nameVi;
  // An element without disaggregation has one column (the default combination): its name alone says it.
  return ref.columnName && ref.element.columns.length > 1 ? `${name} — ${ref.columnName}` : name;
}

export function useSubmissionWorkflow(ctx: SubmissionContext): SubmissionBinding {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => ({ formId: ctx.formId, unitId: ctx.unitId, period: ctx.period }), [ctx.formId, ctx.unitId, ctx.period]);
  const status = useQuery({ queryKey: submissionKeys.status(key), queryFn: ({ signal }) => getSubmission(key, signal) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [questioning, setQuestioning] = useState(false);
  const [selected, setSelected] = useState<Map<CellKey, CellRef>>(new Map());
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const s = status.data;

  const onCellSelect = useCallback((cell: CellRef) => {
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(cell.key)) next.delete(cell.key);
      else next.set(cell.key, cell);
      return next;
    });
  }, []);

  const stopQuestioning = () => {
    setQuestioning(false);
    setSelected(new Map());
  };

  const applied = async (action: SubmissionAction, result: SubmissionView) => {
    qc.setQueryData(submissionKeys.status(key), result);
    await Promise.all([
      qc.invalidateQueries({ queryKey: entryKeys.values(key.formId, key.unitId, key.period) }),
      qc.invalidateQueries({ queryKey: ['submissions', 'list'] }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
    setDialog(null);
    stopQuestioning();
    form.resetFields();
    message.success(t(`submission.done.${action}`));
  };

  const refused = (err: { code: string; message: string; details?: unknown }) => {
    if (err.code === 'submission_invalid') {
      const violations = (err.details as { violations?: ValidationViolationView[] } | undefined)?.violations ?? [];
      setDialog({ kind: 'violations', items: violations, fromServer: true });
      return;
    }
    message.error(err.message || t('common.error'));
    if (err.code === 'submission_conflict' || err.code === 'submission_transition') {
      setDialog(null);
      void status.refetch();
    }
  };

  const run = async (action: SubmissionAction, body: Partial<TransitionBody>) => {
    if (!s) return;
    setBusy(true);
    try {
      await applied(action, await transition(action, { ...key, version: s.version, ...body }));
    } catch (err) {
      if (isApiError(err)) refused(err);
      else message.error(errorText(err, t('common.error')));
    } finally {
      setBusy(false);
    }
  };

  // Submitting goes through the device's outbox, after the values typed before it: with
  // the network down it waits there and is sent when the network returns.
  const submit = async (comment: string | undefined) => {
    if (!s) return;
    setBusy(true);
    let result: SubmissionView | null = null;
    try {
      const entry = await outbox.pushSubmit({ ...key, version: s.version, ...(comment ? { comment } : {}) });
      const off = outbox.onSynced((e, r) => {
        if (e.seq === entry.seq) result = r as SubmissionView;
      });
      try {
        await outbox.sync();
      } finally {
        off();
      }
      const left = outbox.getSnapshot().entries.find((e) => e.seq === entry.seq);
      if (result) await applied('submit', result);
      else if (left?.state === 'rejected' && left.error) {
        // Seen here and now: nothing to keep on the device.
        await outbox.discard(entry.seq!);
        refused(left.error);
      } else {
        setDialog(null);
        message.info(t('offline.submitQueued'));
      }
    } catch (err) {
      message.error(errorText(err, t('common.error')));
    } finally {
      setBusy(false);
    }
  };

  const startSubmit = async () => {
    setBusy(true);
    try {
      await ctx.whenIdle();
    } finally {
      setBusy(false);
    }
    if (ctx.refusedCells > 0 || ctx.violations.length > 0) {
      const items = [
        ...(ctx.refusedCells > 0 ? [{ message: t('submission.refusedCells', { count: ctx.refusedCells }) }] : []),
        ...ctx.violations.map((v) => ({ message: lang === 'en' ? v.messageEn : v.message })),
      ];
      setDialog({ kind: 'violations', items, fromServer: false });
      return;
    }
    setDialog({ kind: 'submit' });
  };

  const confirm = async () => {
    const values = (await form.validateFields()) as { comment?: string; reason?: string; cells?: Record<string, string> };
    if (!dialog || dialog.kind === 'violations') return;
    if (dialog.kind === 'return') {
      const cells = [...selected.values()].map((c) => ({ dataElementId: c.dataElementId, cocId: c.cocId, comment: (values.cells?.[c.key] ?? '').trim() }));
      await run('return', { comment: values.comment, cells });
    } else if (dialog.kind === 'unapprove') {
      await run('unapprove', { reason: values.reason });
    } else if (dialog.kind === 'submit') {
      await submit(values.comment);
    } else {
      await run(dialog.kind, values.comment ? { comment: values.comment } : {});
    }
  };

  const box = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  const queued = box.entries.find((e) => e.kind === 'submit' && e.formId === key.formId && e.unitId === key.unitId && e.period === key.period);
  const state = s?.state ?? 'draft';
  // A queued submission freezes entry on this device as the server will once it arrives.
  const readOnly = state === 'submitted' || state === 'approved' || queued !== undefined;
  const panel = (
    <SubmissionCard
      status={s}
      loading={status.isLoading}
      error={status.error}
      onRetry={() => void status.refetch()}
      busy={busy}
      questioning={questioning}
      selectedCount={selected.size}
      pendingSaves={ctx.pendingSaves}
      queued={queued ? { rejected: queued.state === 'rejected' ? (queued.error?.message ?? '') : null, seq: queued.seq! } : null}
      onSubmit={() => void startSubmit()}
      onAction={(kind) => (kind === 'return' ? setQuestioning(true) : setDialog({ kind }))}
      onReturnNext={() => setDialog({ kind: 'return' })}
      onCancelQuestioning={stopQuestioning}
    />
  );

  const dialogs = (
    <>
      <Modal
        open={dialog !== null && dialog.kind !== 'violations'}
        title={dialog && dialog.kind !== 'violations' ? t(`submission.dialog.${dialog.kind}`) : ''}
        okText={dialog && dialog.kind !== 'violations' ? t(`submission.action.${dialog.kind}`) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, danger: dialog?.kind === 'unapprove' || dialog?.kind === 'return', ...({ 'data-testid': 'submission-confirm' } as Record<string, string>) }}
        onOk={() => void confirm()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.kind === 'submit' ? <Typography.Paragraph>{t('submission.confirmSubmit')}</Typography.Paragraph> : null}
          {dialog?.kind === 'recall' ? <Typography.Paragraph>{t('submission.confirmRecall')}</Typography.Paragraph> : null}
          {dialog?.kind === 'unapprove' ? (
            <Form.Item name="reason" label={t('submission.reason')} rules={[{ required: true, whitespace: true, message: t('submission.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="submission-reason" />
            </Form.Item>
          ) : dialog?.kind === 'return' ? (
            <>
              <Form.Item name="comment" label={t('submission.returnComment')} rules={[{ required: true, whitespace: true, message: t('submission.commentRequired') }]}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="submission-comment" />
              </Form.Item>
              {selected.size > 0 ? <Typography.Text strong>{t('submission.questionedTitle', { count: selected.size })}</Typography.Text> : null}
              {[...selected.values()].map((c) => (
                <Form.Item key={c.key} name={['cells', c.key]} label={cellName(c, lang)} rules={[{ required: true, whitespace: true, message: t('submission.cellCommentRequired') }]}>
                  <Input maxLength={1000} data-testid={`question-comment-${c.key}`} />
                </Form.Item>
              ))}
            </>
          ) : dialog && dialog.kind !== 'violations' && dialog.kind !== 'recall' ? (
            <Form.Item name="comment" label={t('submission.commentOptional')}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="submission-comment" />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal
        open={dialog?.kind === 'violations'}
        title={t('submission.cannotSubmit')}
        onCancel={() => setDialog(null)}
        footer={<Button onClick={() => setDialog(null)}>{t('common.close')}</Button>}
      >
        <Typography.Paragraph>{t('submission.fixFirst')}</Typography.Paragraph>
        <List size="small" dataSource={dialog?.kind === 'violations' ? dialog.items : []} renderItem={(v) => <List.Item data-testid="submission-violation">{v.message}</List.Item>} />
      </Modal>
    </>
  );

  return {
    panel: (
      <>
        {panel}
        {dialogs}
      </>
    ),
    questionedCells: s?.questionedCells ?? [],
    readOnly,
    readOnlyReason: queued && state !== 'submitted' && state !== 'approved' ? t('offline.submitFrozen') : readOnly ? t(`submission.readOnly.${state}`) : null,
    selectedCells: questioning ? new Set(selected.keys()) : undefined,
    onCellSelect: questioning ? onCellSelect : undefined,
  };
}

interface CardProps {
  status: SubmissionView | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  busy: boolean;
  questioning: boolean;
  selectedCount: number;
  pendingSaves: number;
  /** A submission waiting in the device's outbox (or refused there). */
  queued: { rejected: string | null; seq: number } | null;
  onSubmit: () => void;
  onAction: (kind: 'approve' | 'recall' | 'unapprove' | 'return') => void;
  onReturnNext: () => void;
  onCancelQuestioning: () => void;
}

function SubmissionCard(p: CardProps) {
  const { t } = useTranslation();
  const s = p.status;
  if (p.error) return <ErrorAlert error={p.error} onRetry={p.onRetry} style={{ marginBottom: 12 }} />;
  if (!s) return <Card size="small" loading={p.loading} style={{ marginBottom: 12 }} />;
  const a = s.abilities;
  const lastReturn = s.events.find((e) => e.action === 'return');
  const lastUnapprove = s.events.find((e) => e.action === 'unapprove');
  return (
    <Card size="small" className="ts-submission" data-testid="submission-panel" style={{ marginBottom: 12 }}>
      <Flex wrap gap={12} justify="space-between" align="center">
        <Space wrap size={[8, 4]}>
          <Typography.Text strong>{t('submission.title')}</Typography.Text>
          <StateTag state={s.state} />
          <TimelinessTag onTime={s.onTime} />
          {s.submittedAt && s.submittedBy ? (
            <Typography.Text type="secondary">{t('submission.submittedBy', { name: s.submittedBy.fullName, at: formatDateTime(s.submittedAt) })}</Typography.Text>
          ) : null}
          {s.decidedAt && s.decidedBy && s.state === 'approved' ? (
            <Typography.Text type="secondary">{t(`submission.decidedBy.${s.state}`, { name: s.decidedBy.fullName, at: formatDateTime(s.decidedAt) })}</Typography.Text>
          ) : null}
        </Space>
        <Space wrap>
          {p.queued ? (
            p.queued.rejected !== null ? (
              <Alert type="error" showIcon title={t('offline.submitRejected', { reason: p.queued.rejected })} action={<Button size="small" onClick={() => void outbox.discard(p.queued!.seq)}>{t('offline.discard')}</Button>} />
            ) : (
              <Tag color="orange" data-testid="submit-queued">
                {t('offline.submitWaiting')}
              </Tag>
            )
          ) : a.submit ? (
            <Button type="primary" icon={<SendOutlined />} loading={p.busy} onClick={p.onSubmit} data-testid="action-submit">
              {p.pendingSaves > 0 ? t('submission.waitSaves') : t('submission.action.submit')}
            </Button>
          ) : null}
          {a.recall ? (
            <Button icon={<UndoOutlined />} onClick={() => p.onAction('recall')} data-testid="action-recall">
              {t('submission.action.recall')}
            </Button>
          ) : null}
          {a.approve && !p.questioning ? (
            <Button type="primary" icon={<CheckOutlined />} onClick={() => p.onAction('approve')} data-testid="action-approve">
              {t('submission.action.approve')}
            </Button>
          ) : null}
          {a.return && !p.questioning ? (
            <Button danger icon={<RollbackOutlined />} onClick={() => p.onAction('return')} data-testid="action-return">
              {t('submission.action.returnStart')}
            </Button>
          ) : null}
          {a.unapprove ? (
            <Button danger icon={<StopOutlined />} onClick={() => p.onAction('unapprove')} data-testid="action-unapprove">
              {t('submission.action.unapprove')}
            </Button>
          ) : null}
        </Space>
      </Flex>
      {p.questioning ? (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          data-testid="questioning-bar"
          title={t('submission.questioning', { count: p.selectedCount })}
          action={
            <Space wrap>
              <Button size="small" type="primary" danger onClick={p.onReturnNext} data-testid="action-return-next">
                {t('submission.action.returnNext')}
              </Button>
              <Button size="small" onClick={p.onCancelQuestioning}>
                {t('common.cancel')}
              </Button>
            </Space>
          }
        />
      ) : null}
      {s.state === 'returned' && lastReturn ? (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          data-testid="returned-alert"
          title={t('submission.returnedBy', { name: lastReturn.by?.fullName ?? '', at: formatDateTime(lastReturn.at) })}
          description={
            <>
              <div>{lastReturn.comment}</div>
              {s.questionedCells.length > 0 ? <div>{t('submission.questionedHint', { count: s.questionedCells.length })}</div> : null}
            </>
          }
        />
      ) : null}
      {s.state === 'submitted' && lastUnapprove && s.events[0]?.id === lastUnapprove.id ? (
        <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('submission.unapprovedBy', { name: lastUnapprove.by?.fullName ?? '', reason: lastUnapprove.comment ?? '' })} />
      ) : null}
      {s.children ? (
        <Flex gap={8} align="center" style={{ marginTop: 12 }} wrap>
          <Typography.Text type="secondary">{t('submission.children', { approved: s.children.approved, expected: s.children.expected })}</Typography.Text>
          <Progress percent={Math.round((100 * s.children.approved) / Math.max(1, s.children.expected))} size="small" style={{ width: 160, margin: 0 }} />
          {s.children.required && s.children.approved < s.children.expected ? <Typography.Text type="warning">{t('submission.childrenRequired')}</Typography.Text> : null}
        </Flex>
      ) : null}
      {s.events.length > 0 ? (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'history',
              label: (
                <span>
                  <HistoryOutlined /> {t('submission.history', { count: s.events.length })}
                </span>
              ),
              children: (
                <Timeline
                  items={s.events.map((e) => ({
                    color: e.action === 'approve' ? 'green' : e.action === 'return' || e.action === 'unapprove' ? 'red' : 'blue',
                    content: (
                      <div data-testid="submission-event">
                        <Typography.Text strong>{t(`submission.event.${e.action}`)}</Typography.Text>{' '}
                        <Typography.Text type="secondary">
                          {e.by?.fullName ?? t('submission.system')} · {formatDateTime(e.at)}
                        </Typography.Text>
                        {e.comment ? <div>{e.comment}</div> : null}
                        {e.cells.length > 0 ? <div>{t('submission.questionedTitle', { count: e.cells.length })}</div> : null}
                      </div>
                    ),
                  }))}
                />
              ),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
