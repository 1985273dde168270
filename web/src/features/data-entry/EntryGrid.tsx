// The desktop grid: one table per block (rows sharing the same option combinations),
// driven like a spreadsheet. Arrows move, Tab/Shift+Tab go right/left, Enter commits
// and goes down, typing starts editing (F2 edits the value in place), Escape cancels,
// Delete clears, Ctrl+V pastes a block from Excel; Alt+C and Alt+H open the cell's
// comment and history. Each cell shows its save state; refused cells keep what was typed.
import { CheckOutlined, CloudUploadOutlined, ExclamationCircleFilled, LoadingOutlined, MessageFilled, QuestionCircleFilled, WarningFilled } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { Fragment, memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NumberLang } from '@shared/engine/numbers.ts';
import { formatNumber } from '@shared/engine/numbers.ts';
import type { QuestionedCell } from './api';
import { displayValue } from './cell-values';
import {
  cellKey,
  columnTotals,
  hasColumnTotals,
  hasRowTotal,
  isBlockPaste,
  isNumericType,
  keyAt,
  move,
  posOf,
  rowTotal,
  type Block,
  type CellKey,
  type FormElement,
  type FormSection,
  type GridPos,
  type Move,
} from './grid-model';
import type { Entry, SaveStatus } from './use-entry';

export interface GridHighlights {
  /** Cells a reviewer questioned when returning the report, with their comment. */
  questioned: ReadonlyMap<CellKey, QuestionedCell>;
  /** Cells picked in "question cells" mode. */
  selected?: ReadonlySet<CellKey>;
  /** Cells read by a failing validation rule. */
  ruleCells: ReadonlySet<CellKey>;
}

export interface CellRef {
  key: CellKey;
  dataElementId: string;
  cocId: string;
  element: FormElement;
  columnName: string;
}

interface Props {
  sections: FormSection[];
  blocks: Block[];
  entry: Entry;
  lang: NumberLang;
  readOnly: boolean;
  highlights: GridHighlights;
  active: CellKey | null;
  onActive: (key: CellKey) => void;
  onPaste: (start: GridPos, text: string) => void;
  onOpenDetails: (key: CellKey, tab: 'comment' | 'history') => void;
  onCellSelect?: (cell: CellRef) => void;
  /** Asked to focus a cell (from the validation panel); the number changes on each request. */
  focusRequest: number;
}

interface Editing {
  key: CellKey;
  text: string;
  /** 'enter': started by typing, arrows commit and move; 'edit': F2 or double-click, arrows move the caret. */
  mode: 'enter' | 'edit';
}

const KEY_MOVES: Record<string, Move> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', Home: 'home', End: 'end' };

export function columnLabel(c: { code: string; nameVi: string; nameEn: string | null }, lang: NumberLang): string {
  return lang === 'en' && c.nameEn ? c.nameEn : c.nameVi;
}
export const elementName = (e: FormElement, lang: NumberLang) => (lang === 'en' && e.nameEn ? e.nameEn : e.nameVi);

export function EntryGrid(props: Props) {
  const { t } = useTranslation();
  const { sections, blocks, entry, lang, readOnly, highlights, active, onActive } = props;
  const [editing, setEditingState] = useState<Editing | null>(null);
  // Mirrors `editing` synchronously: blur fires while React still holds the old state.
  const editingRef = useRef<Editing | null>(null);
  const setEditing = (next: Editing | null | ((ed: Editing | null) => Editing | null)) => {
    const value = typeof next === 'function' ? next(editingRef.current) : next;
    editingRef.current = value;
    setEditingState(value);
  };
  const root = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);

  const focusCell = useCallback((key: CellKey) => {
    wantFocus.current = true;
    onActive(key);
  }, [onActive]);

  useEffect(() => {
    if (!wantFocus.current || !active || editing) return;
    wantFocus.current = false;
    const el = root.current?.querySelector<HTMLElement>(`[data-cell="${CSS.escape(active)}"]`);
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active, editing]);

  useEffect(() => {
    if (props.focusRequest > 0 && active) {
      wantFocus.current = true;
      const el = root.current?.querySelector<HTMLElement>(`[data-cell="${CSS.escape(active)}"]`);
      el?.focus({ preventScroll: true });
      el?.scrollIntoView({ block: 'center', inline: 'nearest' });
    }
    // Only on a new request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.focusRequest]);

  const go = (key: CellKey, m: Move) => {
    const pos = posOf(blocks, key);
    if (!pos) return;
    const next = keyAt(blocks, move(blocks, pos, m));
    if (next) focusCell(next);
  };

  const cellRef = (key: CellKey): CellRef | null => {
    const pos = posOf(blocks, key);
    if (!pos) return null;
    const block = blocks[pos.block];
    const element = block.rows[pos.row];
    const column = block.columns[pos.col];
    return { key, dataElementId: element.dataElementId, cocId: column.id, element, columnName: columnLabel(column, lang) };
  };

  const startEdit = (key: CellKey, text: string, mode: Editing['mode']) => {
    if (readOnly) return;
    setEditing({ key, text, mode });
  };

  const editText = (key: CellKey, element: FormElement): string => {
    const c = entry.cell(key);
    return c.draft ?? displayValue(element.valueType, c.stored, lang);
  };

  const finishEdit = (commit: boolean, then?: Move) => {
    const current = editingRef.current;
    if (!current) return;
    const { key, text } = current;
    setEditing(null);
    if (commit) entry.commit(key, text);
    if (then) go(key, then);
    else focusCell(key);
  };

  const onCellKeyDown = (e: KeyboardEvent<HTMLElement>, key: CellKey, element: FormElement) => {
    if (editing?.key === key) return;
    if (e.altKey && (e.code === 'KeyC' || e.code === 'KeyH')) {
      e.preventDefault();
      props.onOpenDetails(key, e.code === 'KeyC' ? 'comment' : 'history');
      return;
    }
    const m = KEY_MOVES[e.key];
    if (m && !e.altKey && !e.metaKey) {
      e.preventDefault();
      go(key, e.ctrlKey && (m === 'left' || m === 'right') ? (m === 'left' ? 'home' : 'end') : m);
      return;
    }
    switch (e.key) {
      case 'Tab':
        e.preventDefault();
        go(key, e.shiftKey ? 'prev' : 'next');
        return;
      case 'Enter':
        e.preventDefault();
        if (props.onCellSelect && readOnly) {
          const ref = cellRef(key);
          if (ref) props.onCellSelect(ref);
          return;
        }
        go(key, e.shiftKey ? 'up' : 'down');
        return;
      case 'F2':
        e.preventDefault();
        startEdit(key, editText(key, element), 'edit');
        return;
      case 'Delete':
      case 'Backspace':
        if (readOnly) return;
        e.preventDefault();
        if (e.key === 'Delete') entry.commit(key, '');
        else startEdit(key, '', 'enter');
        return;
      case ' ':
        if (props.onCellSelect) {
          e.preventDefault();
          const ref = cellRef(key);
          if (ref) props.onCellSelect(ref);
          return;
        }
        if (element.valueType === 'boolean' && !readOnly) {
          e.preventDefault();
          const c = entry.cell(key);
          entry.commit(key, c.stored === 'true' ? 'false' : 'true');
          return;
        }
        break;
      default:
        break;
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && !readOnly) {
      e.preventDefault();
      startEdit(key, e.key, 'enter');
    }
  };

  const onEditorKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!editing) return;
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        finishEdit(true, e.shiftKey ? 'up' : 'down');
        return;
      case 'Tab':
        e.preventDefault();
        finishEdit(true, e.shiftKey ? 'prev' : 'next');
        return;
      case 'Escape':
        e.preventDefault();
        finishEdit(false);
        return;
      case 'ArrowUp':
      case 'ArrowDown':
        e.preventDefault();
        finishEdit(true, e.key === 'ArrowUp' ? 'up' : 'down');
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
        if (editing.mode === 'enter') {
          e.preventDefault();
          finishEdit(true, e.key === 'ArrowLeft' ? 'left' : 'right');
        }
        return;
      default:
        return;
    }
  };

  const onPaste = (e: React.ClipboardEvent<HTMLElement>, key: CellKey) => {
    if (readOnly) return;
    const text = e.clipboardData.getData('text/plain');
    if (!text) return;
    // One value into the open editor is ordinary typing; a block fills the grid.
    if (editing && !isBlockPaste(text)) return;
    e.preventDefault();
    const pos = posOf(blocks, key);
    if (!pos) return;
    if (editing) setEditing(null);
    props.onPaste(pos, text);
  };

  // Cells are memoised: they get one stable handler object that reads the latest closures.
  const latest = useRef<CellHandlers | null>(null);
  latest.current = {
    focus: (key) => onActive(key),
    click: (key) => {
      if (props.onCellSelect) {
        const ref = cellRef(key);
        if (ref) props.onCellSelect(ref);
      }
    },
    doubleClick: (key, element) => startEdit(key, editText(key, element), 'edit'),
    keyDown: onCellKeyDown,
    paste: onPaste,
    contextMenu: (e, key) => {
      e.preventDefault();
      onActive(key);
      props.onOpenDetails(key, 'comment');
    },
    editorChange: (text) => setEditing((ed) => (ed ? { ...ed, text } : ed)),
    editorKeyDown: onEditorKeyDown,
    editorBlur: (key) => {
      // Clicking elsewhere commits, as in a spreadsheet.
      const current = editingRef.current;
      if (current?.key === key) {
        setEditing(null);
        entry.commit(key, current.text);
      }
    },
  };
  const handlers = useMemo<CellHandlers>(
    () => ({
      focus: (...a) => latest.current!.focus(...a),
      click: (...a) => latest.current!.click(...a),
      doubleClick: (...a) => latest.current!.doubleClick(...a),
      keyDown: (...a) => latest.current!.keyDown(...a),
      paste: (...a) => latest.current!.paste(...a),
      contextMenu: (...a) => latest.current!.contextMenu(...a),
      editorChange: (...a) => latest.current!.editorChange(...a),
      editorKeyDown: (...a) => latest.current!.editorKeyDown(...a),
      editorBlur: (...a) => latest.current!.editorBlur(...a),
    }),
    [],
  );

  return (
    <div ref={root} className="de-grid" role="application" aria-label={t('dataEntry.gridLabel')}>
      {sections.map((section) => {
        const sectionBlocks = blocks.filter((b) => b.sectionId === section.id);
        if (sectionBlocks.length === 0) return null;
        return (
          <section key={section.id} className="de-section" aria-labelledby={`de-sec-${section.id}`}>
            <h3 id={`de-sec-${section.id}`} className="de-section-title">
              {lang === 'en' && section.nameEn ? section.nameEn : section.nameVi}
            </h3>
            {sectionBlocks.map((block) => (
              <BlockTable
                key={block.id}
                block={block}
                renderCell={(element, colIndex) => {
                  const col = block.columns[colIndex];
                  const key = cellKey(element.dataElementId, col.id);
                  const c = entry.cell(key);
                  return (
                    <GridCell
                      key={key}
                      cellId={key}
                      element={element}
                      stored={c.stored}
                      draft={c.draft}
                      error={c.error}
                      status={c.status}
                      comment={c.comment}
                      note={c.note}
                      lang={lang}
                      readOnly={readOnly}
                      isActive={active === key}
                      editing={editing?.key === key ? editing : null}
                      questioned={highlights.questioned.get(key)?.comment}
                      selected={highlights.selected?.has(key) ?? false}
                      ruleFail={highlights.ruleCells.has(key)}
                      label={`${element.code} — ${columnLabel(col, lang)}`}
                      h={handlers}
                    />
                  );
                }}
                entry={entry}
                lang={lang}
                t={t}
              />
            ))}
          </section>
        );
      })}
    </div>
  );
}

function BlockTable({
  block,
  renderCell,
  entry,
  lang,
  t,
}: {
  block: Block;
  renderCell: (element: FormElement, colIndex: number) => ReactNode;
  entry: Entry;
  lang: NumberLang;
  t: (k: string) => string;
}) {
  const withRowTotal = block.rows.some(hasRowTotal);
  const single = block.columns.length === 1 && block.columns[0].code === 'DEFAULT';
  const totals = hasColumnTotals(block) ? columnTotals(block, entry.values) : null;
  return (
    <div className="de-table-wrap">
      <table className={`de-table${single ? ' de-table-single' : ''}`}>
        <thead>
          <tr>
            <th className="de-sticky de-col-name" scope="col">
              {t('dataEntry.element')} <span className="de-head-code">({t('dataEntry.code')})</span>
            </th>
            <th className="de-col-uom" scope="col">
              {t('dataEntry.unitOfMeasure')}
            </th>
            {block.columns.map((c) => (
              <th key={c.id} scope="col" className="de-col-value" title={c.code}>
                {single ? t('dataEntry.value') : columnLabel(c, lang)}
              </th>
            ))}
            {withRowTotal ? (
              <th scope="col" className="de-col-value de-total">
                {t('dataEntry.rowTotal')}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {block.rows.map((element) => (
            <tr key={element.dataElementId}>
              <th scope="row" className="de-sticky de-col-name de-name">
                <div>
                  {elementName(element, lang)}
                  {element.required ? (
                    <span className="de-required" title={t('dataEntry.required')} aria-label={t('dataEntry.required')}>
                      *
                    </span>
                  ) : null}
                </div>
                <div className="de-code">{element.code}</div>
              </th>
              <td className="de-col-uom de-uom">{element.unitOfMeasureVi ?? ''}</td>
              {block.columns.map((_, i) => (
                <Fragment key={i}>{renderCell(element, i)}</Fragment>
              ))}
              {withRowTotal ? <td className="de-total de-num">{hasRowTotal(element) ? formatNumber(rowTotal(element, entry.values), lang) : ''}</td> : null}
            </tr>
          ))}
        </tbody>
        {totals ? (
          <tfoot>
            <tr>
              <th scope="row" className="de-sticky de-col-name de-total">
                {t('dataEntry.columnTotal')}
              </th>
              <td className="de-col-uom de-uom">{block.rows[0].unitOfMeasureVi ?? ''}</td>
              {totals.columns.map((v, i) => (
                <td key={i} className="de-total de-num">
                  {formatNumber(v, lang)}
                </td>
              ))}
              {withRowTotal ? <td className="de-total de-num">{formatNumber(totals.total, lang)}</td> : null}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

interface CellHandlers {
  focus: (key: CellKey) => void;
  click: (key: CellKey) => void;
  doubleClick: (key: CellKey, element: FormElement) => void;
  keyDown: (e: KeyboardEvent<HTMLElement>, key: CellKey, element: FormElement) => void;
  paste: (e: React.ClipboardEvent<HTMLElement>, key: CellKey) => void;
  contextMenu: (e: React.MouseEvent<HTMLElement>, key: CellKey) => void;
  editorChange: (text: string) => void;
  editorKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  editorBlur: (key: CellKey) => void;
}

interface CellProps {
  cellId: CellKey;
  element: FormElement;
  stored: string | null;
  draft: string | null;
  error: string | null;
  status: SaveStatus;
  comment: string | null;
  note: string | null;
  lang: NumberLang;
  readOnly: boolean;
  isActive: boolean;
  editing: Editing | null;
  /** The reviewer's comment when the cell was questioned. */
  questioned: string | undefined;
  selected: boolean;
  ruleFail: boolean;
  label: string;
  h: CellHandlers;
}

/** One cell; memoised, since a grid has hundreds and a keystroke should redraw one. */
const GridCell = memo(function GridCell(p: CellProps) {
  const { t } = useTranslation();
  const { cellId: key, element, h } = p;
  const numeric = isNumericType(element.valueType);
  const shown = p.draft ?? displayValue(element.valueType, p.stored, p.lang);
  const classes = [
    'de-cell',
    numeric ? 'de-num' : '',
    p.isActive ? 'is-active' : '',
    p.editing ? 'is-editing' : '',
    p.status === 'saving' ? 'is-saving' : '',
    p.status === 'saved' ? 'is-saved' : '',
    p.status === 'queued' ? 'is-queued' : '',
    p.status === 'conflict' ? 'is-conflict' : '',
    p.error ? 'is-error' : '',
    p.ruleFail ? 'is-rule-fail' : '',
    p.questioned !== undefined ? 'is-questioned' : '',
    p.selected ? 'is-selected' : '',
    p.readOnly ? 'is-readonly' : '',
  ]
    .filter(Boolean)
    .join(' ');

  const status =
    p.status === 'saving' ? (
      <LoadingOutlined className="de-status de-status-saving" aria-label={t('dataEntry.saving')} />
    ) : p.status === 'saved' ? (
      <CheckOutlined className="de-status de-status-saved" aria-label={t('dataEntry.saved')} />
    ) : p.status === 'queued' ? (
      <CloudUploadOutlined className="de-status de-status-queued" aria-label={t('dataEntry.queued')} />
    ) : p.status === 'conflict' ? (
      <WarningFilled className="de-status de-status-conflict" aria-label={t('dataEntry.conflict')} />
    ) : p.error ? (
      <ExclamationCircleFilled className="de-status de-status-error" aria-label={t('dataEntry.saveError')} />
    ) : null;

  const td = (
    <td
      className={classes}
      data-cell={key}
      data-testid={`cell-${element.code}-${key.slice(key.indexOf(':') + 1)}`}
      data-status={p.error ? 'error' : p.status}
      role="gridcell"
      aria-label={p.label}
      aria-invalid={p.error ? true : undefined}
      aria-readonly={p.readOnly || undefined}
      aria-selected={p.selected || undefined}
      tabIndex={p.isActive ? 0 : -1}
      onFocus={() => h.focus(key)}
      onClick={() => h.click(key)}
      onDoubleClick={() => h.doubleClick(key, element)}
      onKeyDown={(e) => h.keyDown(e, key, element)}
      onPaste={(e) => h.paste(e, key)}
      onContextMenu={(e) => h.contextMenu(e, key)}
    >
      {p.editing ? (
        <input
          className="de-editor"
          autoFocus
          value={p.editing.text}
          inputMode={numeric ? 'decimal' : undefined}
          aria-label={p.label}
          data-testid="cell-editor"
          onChange={(e) => h.editorChange(e.target.value)}
          onKeyDown={h.editorKeyDown}
          onBlur={() => h.editorBlur(key)}
          onPaste={(e) => h.paste(e, key)}
          onFocus={(e) => {
            if (p.editing?.mode === 'edit') e.currentTarget.select();
            else e.currentTarget.setSelectionRange(e.currentTarget.value.length, e.currentTarget.value.length);
          }}
        />
      ) : (
        <span className="de-value">{shown}</span>
      )}
      {p.comment ? <MessageFilled className="de-mark de-mark-comment" aria-label={t('dataEntry.hasComment')} /> : null}
      {p.questioned !== undefined ? <QuestionCircleFilled className="de-mark de-mark-questioned" aria-label={t('dataEntry.questioned')} /> : null}
      {status}
    </td>
  );
  // Tooltips say what matters: a refusal, a reviewer's question, the reading of an ambiguous number, a comment.
  const tip = p.error ?? (p.status === 'conflict' ? t('dataEntry.conflictTip') : null) ?? (p.status === 'queued' ? t('dataEntry.queued') : null) ?? (p.questioned !== undefined ? `${t('dataEntry.questioned')}: ${p.questioned}` : null) ?? p.note ?? (p.comment ? `${t('dataEntry.comment')}: ${p.comment}` : null);
  // Always wrapped (an empty title shows nothing): swapping the wrapper would remount the cell and lose the focus.
  return (
    <Tooltip title={p.editing ? null : tip} color={p.error ? '#a8071a' : undefined} placement="top" mouseEnterDelay={0.2}>
      {td}
    </Tooltip>
  );
});
