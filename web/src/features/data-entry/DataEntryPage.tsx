// Nhập số liệu: choose unit, form and period (kept in the URL: ?form=&unit=&period=, so
// the screen can be bookmarked and shared), then fill the form in a spreadsheet-like
// grid (desktop) or one card per element (phones). Saves are per cell and automatic.
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Progress, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OfflinePanel } from '../offline/OfflinePanel';
import { DataExchangeMenu } from '../data-exchange/DataExchangeMenu';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { useMediaQuery } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser, type Me } from '../auth/session';
import { getUnit, unitKeys } from '../units/api';
import { UnitSelect } from '../units/UnitSelect';
import { entryKeys, getAssignedForms, getForm, getPeriods, getValues, type DataValues, type FormDetail, type FormPeriod } from './api';
import { CellDrawer } from './CellDrawer';
import { ChangesPanel, elementLookup } from './ChangesPanel';
import { displayValue } from './cell-values';
import { columnLabel, elementName, EntryGrid, type GridHighlights } from './EntryGrid';
import { buildBlocks, cellKey, completeness, keyAt, parseClipboard, pastePlan, posOf, type CellKey, type GridPos } from './grid-model';
import { MobileEntry } from './MobileEntry';
import { useSubmissionBinding } from './submission-slot';
import { useEntry, type Entry, type Violation } from './use-entry';
import './data-entry.css';

/** The unit a user enters for by default: the first where they may enter data. */
function defaultUnit(me: Me): string | undefined {
  return (me.assignments.find((a) => a.permissions.includes('data.enter')) ?? me.assignments[0])?.unit.id;
}

/** The latest open period; else the latest that has started. */
export function defaultPeriod(items: FormPeriod[]): string | undefined {
  return (items.find((p) => p.status === 'open') ?? items.find((p) => p.status !== 'future') ?? items[0])?.code;
}

const STATUS_COLOR: Record<FormPeriod['status'], string> = { open: 'green', locked: 'default', future: 'blue' };

export function DataEntryPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const lang = useUiLanguage();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unit') ?? undefined;
  const formId = params.get('form') ?? undefined;
  const period = params.get('period') ?? undefined;

  const update = useCallback(
    (next: { unit?: string; form?: string; period?: string }, replace = false) => {
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(next)) {
            if (v) p.set(k, v);
            else p.delete(k);
          }
          return p;
        },
        { replace },
      );
    },
    [setParams],
  );

  // Fill in defaults (replacing the history entry, so Back leaves the page).
  const fallbackUnit = defaultUnit(me);
  useEffect(() => {
    if (!unitId && fallbackUnit) update({ unit: fallbackUnit }, true);
  }, [unitId, fallbackUnit, update]);

  const unitQuery = useQuery({ queryKey: unitKeys.detail(unitId ?? ''), queryFn: () => getUnit(unitId!), enabled: Boolean(unitId), staleTime: 300_000 });
  const forms = useQuery({ queryKey: entryKeys.assigned(unitId ?? ''), queryFn: ({ signal }) => getAssignedForms(unitId!, signal), enabled: Boolean(unitId) });
  const formItems = forms.data?.items;
  useEffect(() => {
    if (!formItems) return;
    if ((!formId || !formItems.some((f) => f.id === formId)) && formItems.length > 0) update({ form: formItems[0].id, period: undefined }, true);
  }, [formItems, formId, update]);

  const formOk = Boolean(formId && formItems?.some((f) => f.id === formId));
  const periods = useQuery({ queryKey: entryKeys.periods(formId ?? '', unitId ?? ''), queryFn: ({ signal }) => getPeriods(formId!, unitId!, signal), enabled: Boolean(unitId && formOk) });
  const periodItems = periods.data?.items;
  useEffect(() => {
    if (!periodItems) return;
    if (!period || !periodItems.some((p) => p.code === period)) {
      const d = defaultPeriod(periodItems);
      // A period from a bookmark may be older than the list offers: keep it if it is a valid code of the form.
      if (!period && d) update({ period: d }, true);
    }
  }, [periodItems, period, update]);

  const periodInfo = periodItems?.find((p) => p.code === period);
  const periodOptions = useMemo(() => {
    const items = periodItems ?? [];
    const opts = items.map((p) => ({
      value: p.code,
      label: (
        <span className="de-period-option">
          <span>{p.label[lang]}</span>
          <Tag color={STATUS_COLOR[p.status]} variant="filled">
            {t(`dataEntry.periodStatus.${p.status}`)}
          </Tag>
          <Typography.Text type="secondary" className="ts-small">
            {t('dataEntry.due', { date: formatDate(p.dueAt) })}
          </Typography.Text>
        </span>
      ),
      text: p.label[lang],
    }));
    if (period && !items.some((p) => p.code === period)) opts.push({ value: period, label: <span>{period}</span>, text: period });
    return opts;
  }, [periodItems, period, lang, t]);

  const ready = Boolean(unitId && formOk && period);

  return (
    <div className="ts-stack de-page">
      <PageHeader title={t('dataEntry.title')} subtitle={t('dataEntry.subtitle')} />
      <Card className="ts-card de-selectors" size="small">
        <div className="de-selector-row">
          <label className="de-selector">
            <span className="de-selector-label">{t('dataEntry.unit')}</span>
            <UnitSelect value={unitId} known={unitQuery.data ? [unitQuery.data] : undefined} onChange={(v) => update({ unit: v, form: undefined, period: undefined })} data-testid="de-unit" />
          </label>
          <label className="de-selector">
            <span className="de-selector-label">{t('dataEntry.form')}</span>
            <Select
              data-testid="de-form"
              value={formOk ? formId : undefined}
              loading={forms.isFetching}
              disabled={!unitId}
              placeholder={t('dataEntry.pickForm')}
              onChange={(v: string) => update({ form: v, period: undefined })}
              options={(formItems ?? []).map((f) => ({ value: f.id, label: `${f.code} — ${lang === 'en' && f.nameEn ? f.nameEn : f.nameVi}` }))}
              notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dataEntry.noForms')} />}
              popupMatchSelectWidth={false}
              style={{ width: '100%' }}
            />
          </label>
          <label className="de-selector de-selector-period">
            <span className="de-selector-label">{t('dataEntry.period')}</span>
            <Select
              data-testid="de-period"
              value={period}
              loading={periods.isFetching}
              disabled={!formOk}
              placeholder={t('dataEntry.pickPeriod')}
              onChange={(v: string) => update({ period: v })}
              options={periodOptions}
              optionLabelProp="text"
              popupMatchSelectWidth={false}
              style={{ width: '100%' }}
            />
          </label>
        </div>
        {periodInfo ? (
          <div className="de-period-line">
            <Tag color={STATUS_COLOR[periodInfo.status]}>{t(`dataEntry.periodStatus.${periodInfo.status}`)}</Tag>
            <span>
              {t('dataEntry.dueLong', { date: formatDate(periodInfo.dueAt) })}
              {periodInfo.locksAt ? `; ${t('dataEntry.locksAt', { date: formatDate(periodInfo.locksAt) })}` : ''}
            </span>
          </div>
        ) : null}
      </Card>
      {me.assignments.some((a) => a.permissions.includes('data.enter')) ? <OfflinePanel /> : null}
      {forms.error ? <ErrorAlert error={forms.error} onRetry={() => void forms.refetch()} /> : null}
      {periods.error ? <ErrorAlert error={periods.error} onRetry={() => void periods.refetch()} /> : null}
      {!unitId ? <Empty description={t('dataEntry.pickUnitFirst')} /> : null}
      {unitId && formItems && formItems.length === 0 ? <Empty description={t('dataEntry.noFormsForUnit')} /> : null}
      {ready ? <Workspace key={`${formId}|${unitId}|${period}`} formId={formId!} unitId={unitId!} period={period!} /> : null}
    </div>
  );
}

function Workspace({ formId, unitId, period }: { formId: string; unitId: string; period: string }) {
  const { t } = useTranslation();
  const form = useQuery({ queryKey: entryKeys.form(formId), queryFn: ({ signal }) => getForm(formId, signal), staleTime: 300_000 });
  const values = useQuery({
    queryKey: entryKeys.values(formId, unitId, period),
    queryFn: ({ signal }) => getValues(formId, unitId, period, signal),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
    gcTime: 0,
  });
  if (form.error || values.error) return <ErrorAlert error={form.error ?? values.error} onRetry={() => void (form.error ? form.refetch() : values.refetch())} />;
  if (!form.data || !values.data) return <Card className="ts-card"><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (form.data.sections.every((s) => s.elements.length === 0)) return <Empty description={t('dataEntry.emptyForm')} />;
  return <Entry form={form.data} data={values.data} unitId={unitId} period={period} />;
}

function Entry({ form, data, unitId, period }: { form: FormDetail; data: DataValues; unitId: string; period: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { message } = App.useApp();
  const phone = useMediaQuery('(max-width: 576px)');
  const blocks = useMemo(() => buildBlocks(form.sections), [form.sections]);
  const ambiguousNote = useCallback((typed: string, display: string, alternative: string) => t('dataEntry.ambiguous', { typed, display, alternative }), [t]);
  const entry = useEntry({ form, unitId, period, lang, values: data.values, ambiguousNote });

  const submission = useSubmissionBinding({
    formId: form.id,
    unitId,
    period,
    canEdit: data.canEdit,
    violations: entry.violations,
    refusedCells: entry.refusedCount,
    pendingSaves: entry.savingCount,
    whenIdle: entry.whenIdle,
  });
  const readOnly = !data.canEdit || submission.readOnly;
  const questioned = useMemo(() => new Map(submission.questionedCells.map((q) => [cellKey(q.dataElementId, q.cocId), q])), [submission.questionedCells]);
  const highlights: GridHighlights = { questioned, selected: submission.selectedCells, ruleCells: entry.ruleCells };

  const [active, setActive] = useState<CellKey | null>(() => keyAt(blocks, { block: 0, row: 0, col: 0 }));
  const [focusRequest, setFocusRequest] = useState(0);
  const [details, setDetails] = useState<{ key: CellKey; tab: 'comment' | 'history' } | null>(null);

  const cellInfo = (key: CellKey | null) => {
    if (!key) return null;
    const pos = posOf(blocks, key);
    if (!pos) return null;
    const b = blocks[pos.block];
    const single = b.columns.length === 1 && b.columns[0].code === 'DEFAULT';
    return { key, element: b.rows[pos.row], columnName: single ? '' : columnLabel(b.columns[pos.col], lang), single };
  };

  const onPaste = (start: GridPos, text: string) => {
    const { targets, dropped } = pastePlan(blocks, start, parseClipboard(text));
    let refused = 0;
    for (const target of targets) if (entry.commit(target.key, target.text)) refused++;
    if (dropped > 0) void message.warning(t('dataEntry.pasteDropped', { count: targets.length, dropped }));
    else if (refused > 0) void message.warning(t('dataEntry.pasteRefused', { count: targets.length, refused }));
    else void message.success(t('dataEntry.pasted', { count: targets.length }));
  };

  const stats = completeness(blocks, entry.values);
  const focusCells = (v: Violation) => {
    const first = v.cells[0];
    if (!first) return;
    setActive(first);
    setFocusRequest((n) => n + 1);
  };

  const elementOf = useMemo(() => elementLookup(form), [form]);
  const describe = (key: CellKey) => {
    const info = cellInfo(key);
    return info ? `${info.element.code} ${elementName(info.element, lang)}${info.single ? '' : ` · ${info.columnName}`}` : key;
  };

  const banner = readOnlyBanner(t, data, submission.readOnlyReason);
  const activeInfo = cellInfo(active);
  const openInfo = cellInfo(details?.key ?? null);

  return (
    <>
      {/* ─── Submission / approval panel slot (see submission-slot.tsx) ─── */}
      {submission.panel ? <div className="de-submission-slot">{submission.panel}</div> : null}
      {banner ? <Alert type={data.period.status === 'locked' ? 'warning' : 'info'} showIcon title={banner} data-testid="de-readonly" /> : null}
      <Card className="ts-card de-toolbar" size="small">
        <div className="de-toolbar-row">
          <div className="de-progress" data-testid="de-completeness">
            <div className="de-progress-item">
              <span className="de-progress-label">{t('dataEntry.filled', { filled: stats.filled, total: stats.total })}</span>
              <Progress percent={stats.total ? Math.round((stats.filled / stats.total) * 100) : 0} size="small" aria-label={t('dataEntry.completeness')} />
            </div>
            {stats.required > 0 ? (
              <div className="de-progress-item">
                <span className="de-progress-label">{t('dataEntry.requiredFilled', { filled: stats.requiredFilled, total: stats.required })}</span>
                <Progress
                  percent={Math.round((stats.requiredFilled / stats.required) * 100)}
                  size="small"
                  status={stats.requiredFilled === stats.required ? 'success' : 'normal'}
                  strokeColor={stats.requiredFilled === stats.required ? undefined : '#d46b08'}
                  aria-label={t('dataEntry.requiredShort')}
                />
              </div>
            ) : null}
          </div>
          <DataExchangeMenu formId={form.id} unitId={unitId} period={period} canImport={data.canEdit} />
          <SaveSummary entry={entry} />
          {!phone ? (
            <Tooltip title={<Shortcuts />} placement="bottomRight">
              <Button type="text" icon={<QuestionCircleOutlined />} aria-label={t('dataEntry.shortcutsTitle')}>
                {t('dataEntry.shortcutsTitle')}
              </Button>
            </Tooltip>
          ) : null}
        </div>
        {!phone && activeInfo ? <ActiveCellBar info={activeInfo} entry={entry} lang={lang} questioned={questioned} onOpen={(tab) => setDetails({ key: activeInfo.key, tab })} /> : null}
      </Card>
      <ValidationPanel violations={entry.violations} lang={lang} onPick={focusCells} refused={entry.refusedCount} />
      <ChangesPanel entry={entry} lang={lang} elementOf={elementOf} describe={describe} />
      {phone ? (
        <MobileEntry sections={form.sections} entry={entry} lang={lang} readOnly={readOnly} questioned={questioned} ruleCells={entry.ruleCells} selected={submission.selectedCells} onOpenDetails={(key, tab) => setDetails({ key, tab })} />
      ) : (
        <EntryGrid
          sections={form.sections}
          blocks={blocks}
          entry={entry}
          lang={lang}
          readOnly={readOnly}
          highlights={highlights}
          active={active}
          onActive={setActive}
          onPaste={onPaste}
          onOpenDetails={(key, tab) => setDetails({ key, tab })}
          onCellSelect={submission.onCellSelect}
          focusRequest={focusRequest}
        />
      )}
      <CellDrawer
        open={details !== null}
        tab={details?.tab ?? 'comment'}
        onTab={(tab) => setDetails((d) => (d ? { ...d, tab } : d))}
        cell={openInfo}
        entry={entry}
        unitId={unitId}
        period={period}
        lang={lang}
        readOnly={readOnly}
        questioned={details ? questioned.get(details.key) : undefined}
        onClose={() => {
          setDetails(null);
          if (!phone) setFocusRequest((n) => n + 1);
        }}
      />
    </>
  );
}

function readOnlyBanner(t: (k: string, o?: Record<string, unknown>) => string, data: DataValues, reason: string | null): string | null {
  if (reason) return reason;
  if (data.canEdit) return null;
  const p = data.period;
  if (p.status === 'locked') return t('dataEntry.readOnly.locked', { date: formatDate(p.locksAt ?? p.dueAt) });
  if (p.status === 'future') return t('dataEntry.readOnly.future', { date: formatDate(p.opensAt) });
  return t('dataEntry.readOnly.noPermission');
}

function SaveSummary({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  if (entry.conflicts.length > 0) return <Tag color="magenta" data-testid="de-save-state">{t('dataEntry.conflictCount', { count: entry.conflicts.length })}</Tag>;
  if (entry.queuedCount > 0) return <Tag color="orange" data-testid="de-save-state">{t('dataEntry.queuedCount', { count: entry.queuedCount })}</Tag>;
  if (entry.savingCount > 0) return <Tag color="processing" data-testid="de-save-state">{t('dataEntry.savingCount', { count: entry.savingCount })}</Tag>;
  if (entry.refusedCount > 0) return <Tag color="error" data-testid="de-save-state">{t('dataEntry.refusedCount', { count: entry.refusedCount })}</Tag>;
  return <Tag color="success" data-testid="de-save-state">{t('dataEntry.allSaved')}</Tag>;
}

function Shortcuts() {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ['↑ ↓ ← →', t('dataEntry.keys.move')],
    ['Tab / Shift+Tab', t('dataEntry.keys.tab')],
    ['Enter', t('dataEntry.keys.enter')],
    [t('dataEntry.keys.typeKey'), t('dataEntry.keys.type')],
    ['F2', t('dataEntry.keys.f2')],
    ['Esc', t('dataEntry.keys.esc')],
    ['Delete', t('dataEntry.keys.delete')],
    ['Ctrl+V', t('dataEntry.keys.paste')],
    ['Alt+C', t('dataEntry.keys.comment')],
    ['Alt+H', t('dataEntry.keys.history')],
  ];
  return (
    <table className="de-shortcuts">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <td>
              <kbd>{k}</kbd>
            </td>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ActiveCellBar({
  info,
  entry,
  lang,
  questioned,
  onOpen,
}: {
  info: { key: CellKey; element: FormDetail['sections'][number]['elements'][number]; columnName: string; single: boolean };
  entry: Entry;
  lang: 'vi' | 'en';
  questioned: ReadonlyMap<CellKey, { comment: string }>;
  onOpen: (tab: 'comment' | 'history') => void;
}) {
  const { t } = useTranslation();
  const c = entry.cell(info.key);
  const q = questioned.get(info.key);
  return (
    <div className="de-cellbar" data-testid="de-cellbar" aria-live="polite">
      <div className="de-cellbar-name">
        <strong>{info.element.code}</strong> {elementName(info.element, lang)}
        {!info.single ? <span className="de-cellbar-col"> · {info.columnName}</span> : null}
      </div>
      <div className="de-cellbar-value">{c.draft ?? displayValue(info.element.valueType, c.stored, lang) ?? ''}</div>
      <div className="de-cellbar-msgs">
        {c.error ? <Typography.Text type="danger" data-testid="de-cell-error">{c.error}</Typography.Text> : null}
        {q ? <Typography.Text type="warning">{t('dataEntry.questioned')}: {q.comment}</Typography.Text> : null}
        {c.note ? <Typography.Text type="secondary">{c.note}</Typography.Text> : null}
        {c.comment ? <Typography.Text type="secondary">{t('dataEntry.comment')}: {c.comment}</Typography.Text> : null}
      </div>
      <Space size={4}>
        <Button size="small" onClick={() => onOpen('comment')} data-testid="de-open-comment">
          {t('dataEntry.comment')} <kbd>Alt+C</kbd>
        </Button>
        <Button size="small" onClick={() => onOpen('history')} data-testid="de-open-history">
          {t('dataEntry.history')} <kbd>Alt+H</kbd>
        </Button>
      </Space>
    </div>
  );
}

function ValidationPanel({ violations, lang, onPick, refused }: { violations: Violation[]; lang: 'vi' | 'en'; onPick: (v: Violation) => void; refused: number }) {
  const { t } = useTranslation();
  if (violations.length === 0 && refused === 0) return null;
  return (
    <Card className="ts-card de-validation" size="small" title={t('dataEntry.validationTitle', { count: violations.length })} data-testid="de-validation">
      {refused > 0 ? <Alert type="error" showIcon title={t('dataEntry.refusedHelp', { count: refused })} style={{ marginBottom: violations.length ? 8 : 0 }} /> : null}
      <ul className="de-violations">
        {violations.map((v) => (
          <li key={v.ruleCode}>
            <Tag color={v.importance === 'high' ? 'red' : v.importance === 'medium' ? 'orange' : 'default'} variant="filled">
              {t(`dataEntry.importance.${v.importance}`)}
            </Tag>
            <Button type="link" size="small" className="de-violation-link" onClick={() => onPick(v)}>
              {lang === 'en' ? v.messageEn : v.message}
            </Button>
            <Typography.Text type="secondary" className="ts-small">
              ({v.ruleName})
            </Typography.Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}
