// Phones (≤ 576 px): one column. Each element is a card with one labelled input per
// option combination (commit on leaving the field or Enter), its save state beside it,
// and the row total; elements with many combinations fold them away until opened.
import { CheckOutlined, CloudUploadOutlined, ExclamationCircleFilled, HistoryOutlined, LoadingOutlined, MessageOutlined, QuestionCircleFilled, WarningFilled } from '@ant-design/icons';
import { Button, Collapse, Input, Segmented, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, type NumberLang } from '@shared/engine/numbers.ts';
import type { QuestionedCell } from './api';
import { displayValue } from './cell-values';
import { columnLabel, elementName } from './EntryGrid';
import { cellKey, hasRowTotal, isNumericType, rowTotal, type CellKey, type FormColumn, type FormElement, type FormSection } from './grid-model';
import type { Entry } from './use-entry';

const FOLD_AFTER = 6;

interface Props {
  sections: FormSection[];
  entry: Entry;
  lang: NumberLang;
  readOnly: boolean;
  questioned: ReadonlyMap<CellKey, QuestionedCell>;
  ruleCells: ReadonlySet<CellKey>;
  selected?: ReadonlySet<CellKey>;
  onOpenDetails: (key: CellKey, tab: 'comment' | 'history') => void;
}

export function MobileEntry(p: Props) {
  const { t } = useTranslation();
  return (
    <div className="de-mobile">
      {p.sections.map((section) => (
        <section key={section.id} className="de-section">
          <h3 className="de-section-title">{p.lang === 'en' && section.nameEn ? section.nameEn : section.nameVi}</h3>
          {section.elements
            .filter((e) => e.columns.length > 0)
            .map((element) => {
              const single = element.columns.length === 1 && element.columns[0].code === 'DEFAULT';
              const inputs = element.columns.map((col) => <MobileField key={col.id} {...p} element={element} column={col} showLabel={!single} />);
              return (
                <div key={element.dataElementId} className="de-card" data-testid={`card-${element.code}`}>
                  <div className="de-card-head">
                    <div className="de-card-name">
                      {elementName(element, p.lang)}
                      {element.required ? <span className="de-required"> *</span> : null}
                    </div>
                    <Typography.Text type="secondary" className="ts-small">
                      {element.code}
                      {element.unitOfMeasureVi ? ` · ${t('dataEntry.unitOfMeasure')}: ${element.unitOfMeasureVi}` : ''}
                    </Typography.Text>
                  </div>
                  {element.columns.length > FOLD_AFTER ? (
                    <Collapse
                      size="small"
                      ghost
                      items={[{ key: 'all', label: t('dataEntry.byCombination', { count: element.columns.length }), children: <div className="de-card-fields">{inputs}</div> }]}
                    />
                  ) : (
                    <div className="de-card-fields">{inputs}</div>
                  )}
                  {hasRowTotal(element) ? (
                    <div className="de-card-total">
                      {t('dataEntry.rowTotal')}: <strong>{formatNumber(rowTotal(element, p.entry.values), p.lang) || '—'}</strong>
                    </div>
                  ) : null}
                </div>
              );
            })}
        </section>
      ))}
    </div>
  );
}

function MobileField(p: Props & { element: FormElement; column: FormColumn; showLabel: boolean }) {
  const { t } = useTranslation();
  const key = cellKey(p.element.dataElementId, p.column.id);
  const c = p.entry.cell(key);
  const shown = c.draft ?? displayValue(p.element.valueType, c.stored, p.lang);
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setText(shown);
  }, [shown, focused]);
  const questioned = p.questioned.get(key);
  const label = p.showLabel ? columnLabel(p.column, p.lang) : t('dataEntry.value');
  const id = `m-${key.replace(':', '-')}`;
  const status =
    c.status === 'saving' ? (
      <LoadingOutlined className="de-status-saving" aria-label={t('dataEntry.saving')} />
    ) : c.status === 'saved' ? (
      <CheckOutlined className="de-status-saved" aria-label={t('dataEntry.saved')} />
    ) : c.status === 'queued' ? (
      <CloudUploadOutlined className="de-status-queued" aria-label={t('dataEntry.queued')} />
    ) : c.status === 'conflict' ? (
      <WarningFilled className="de-status-conflict" aria-label={t('dataEntry.conflict')} />
    ) : c.error ? (
      <ExclamationCircleFilled className="de-status-error" aria-label={t('dataEntry.saveError')} />
    ) : null;
  const classes = ['de-field', c.error ? 'is-error' : '', p.ruleCells.has(key) ? 'is-rule-fail' : '', questioned ? 'is-questioned' : '', p.selected?.has(key) ? 'is-selected' : ''].filter(Boolean).join(' ');

  return (
    <div className={classes} data-cell={key}>
      <label htmlFor={id} className={p.showLabel ? 'de-field-label' : 'de-field-label de-visually-hidden'}>
        {label}
        {questioned ? <QuestionCircleFilled className="de-mark-questioned" aria-label={t('dataEntry.questioned')} /> : null}
      </label>
      <div className="de-field-row">
        {p.element.valueType === 'boolean' ? (
          <Segmented
            id={id}
            disabled={p.readOnly}
            value={c.stored ?? ''}
            onChange={(v) => p.entry.commit(key, String(v))}
            options={[
              { value: 'true', label: t('common.yes') },
              { value: 'false', label: t('common.no') },
              { value: '', label: '—' },
            ]}
          />
        ) : (
          <Input
            id={id}
            value={text}
            readOnly={p.readOnly}
            status={c.error ? 'error' : undefined}
            inputMode={isNumericType(p.element.valueType) ? 'decimal' : undefined}
            placeholder={p.element.valueType === 'date' ? 'dd/mm/yyyy' : undefined}
            className={isNumericType(p.element.valueType) ? 'de-num' : undefined}
            suffix={status ?? <span />}
            onFocus={() => setFocused(true)}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => {
              setFocused(false);
              if (!p.readOnly && text !== shown) p.entry.commit(key, text);
            }}
            onPressEnter={(e) => e.currentTarget.blur()}
          />
        )}
        <Button type="text" size="small" icon={<MessageOutlined />} aria-label={t('dataEntry.comment')} className={c.comment ? 'de-has-comment' : undefined} onClick={() => p.onOpenDetails(key, 'comment')} />
        <Button type="text" size="small" icon={<HistoryOutlined />} aria-label={t('dataEntry.history')} onClick={() => p.onOpenDetails(key, 'history')} />
      </div>
      {c.error ? <div className="de-field-error">{c.error}</div> : null}
      {questioned ? <div className="de-field-question">{questioned.comment}</div> : null}
      {c.note ? <div className="de-field-note">{c.note}</div> : null}
    </div>
  );
}
