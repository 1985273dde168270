// The expression editor for indicators (numerator, denominator) and validation rules
// (left, right): as the user types, the text is checked by the server's parser
// (POST /api/catalog/expressions/check, debounced) and the result shown under it —
// the error with its position marked in the text, or the expression in words. A
// picker inserts a data element reference (#{CODE} or #{CODE.COMBO}) at the cursor.
import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Popover, Select, Space, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, checkExpression, foldedFilter, getElement, listElements, nameOf, type ExpressionCheckResponse } from './api';
import './catalog.css';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  expect?: 'number' | 'boolean';
  readOnly?: boolean;
  id?: string;
  'data-testid'?: string;
  placeholder?: string;
}

export function ExpressionEditor({ value = '', onChange, expect = 'number', readOnly, id, placeholder, ...rest }: Props) {
  const { t } = useTranslation();
  const testId = rest['data-testid'] ?? 'expression';
  const ref = useRef<TextAreaRef>(null);
  const selection = useRef<{ start: number; end: number } | null>(null);
  const debounced = useDebounced(value, 400);
  const text = debounced.trim();
  const check = useQuery({
    queryKey: catalogKeys.check(debounced, expect),
    queryFn: ({ signal }) => checkExpression(debounced, expect, signal),
    enabled: text !== '',
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  });
  const stale = debounced !== value || check.isFetching;

  const remember = () => {
    const el = ref.current?.resizableTextArea?.textArea;
    if (el) selection.current = { start: el.selectionStart, end: el.selectionEnd };
  };

  const insert = (token: string) => {
    const sel = selection.current ?? { start: value.length, end: value.length };
    const before = value.slice(0, sel.start);
    const after = value.slice(sel.end);
    const pad = before && !/[\s(]$/.test(before) ? ' ' : '';
    const next = `${before}${pad}${token}${after}`;
    onChange?.(next);
    const caret = before.length + pad.length + token.length;
    selection.current = { start: caret, end: caret };
    window.setTimeout(() => {
      const el = ref.current?.resizableTextArea?.textArea;
      if (el) {
        el.focus();
        el.setSelectionRange(caret, caret);
      }
    }, 0);
  };

  return (
    <div className="ts-expr">
      <Input.TextArea
        ref={ref}
        id={id}
        data-testid={testId}
        className="ts-mono"
        value={value}
        readOnly={readOnly}
        placeholder={placeholder ?? t('catalog.expr.placeholder')}
        autoSize={{ minRows: 2, maxRows: 8 }}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          onChange?.(e.target.value);
          selection.current = { start: e.target.selectionStart, end: e.target.selectionEnd };
        }}
        onSelect={remember}
        onKeyUp={remember}
        onClick={remember}
        status={check.data && !check.data.ok && !stale ? 'error' : undefined}
      />
      {!readOnly ? (
        <div className="ts-expr-tools">
          <ReferencePicker onInsert={insert} testId={`${testId}-picker`} />
          <Typography.Text type="secondary" className="ts-small">
            {t('catalog.expr.syntaxHelp')}
          </Typography.Text>
        </div>
      ) : null}
      <CheckResult result={text ? check.data : undefined} error={check.error} source={debounced} pending={stale && text !== ''} testId={testId} />
    </div>
  );
}

function CheckResult({ result, error, source, pending, testId }: { result?: ExpressionCheckResponse; error: unknown; source: string; pending: boolean; testId: string }) {
  const { t } = useTranslation();
  if (error) return <div className="ts-expr-result ts-expr-bad">{t('catalog.expr.checkFailed')}</div>;
  if (!result)
    return pending ? (
      <div className="ts-expr-result" data-testid={`${testId}-pending`}>
        <LoadingOutlined /> {t('catalog.expr.checking')}
      </div>
    ) : null;
  if (!result.ok && result.error) {
    const { position, length } = result.error;
    const start = Math.min(position, source.length);
    const end = Math.min(source.length, start + length);
    return (
      <div className="ts-expr-result ts-expr-bad" role="alert" data-testid={`${testId}-error`} data-position={position}>
        <div>
          <CloseCircleFilled /> {result.error.message} {pending ? <LoadingOutlined /> : null}
        </div>
        <pre className="ts-expr-marked" aria-label={t('catalog.expr.errorAt', { position: position + 1 })}>
          {source.slice(0, start)}
          {end > start ? (
            <mark className="ts-expr-mark" data-testid={`${testId}-mark`}>
              {source.slice(start, end)}
            </mark>
          ) : (
            <mark className="ts-expr-mark ts-expr-caret" data-testid={`${testId}-mark`}>
              {' '}
            </mark>
          )}
          {source.slice(end)}
        </pre>
      </div>
    );
  }
  const unknown = result.references.filter((r) => !r.known);
  return (
    <div className="ts-expr-result ts-expr-good" data-testid={`${testId}-ok`}>
      <div>
        <CheckCircleFilled /> <span className="ts-expr-label">{t('catalog.expr.inWords')}</span>{' '}
        <span data-testid={`${testId}-words`}>{result.description}</span> {pending ? <LoadingOutlined /> : null}
      </div>
      {unknown.length > 0 ? (
        <div className="ts-expr-bad">
          {t('catalog.expr.unknownRefs')}{' '}
          {unknown.map((r) => (
            <Tag key={`${r.dataElement}.${r.combo ?? ''}`} color="error">
              {r.combo ? `${r.dataElement}.${r.combo}` : r.dataElement}
            </Tag>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Choose a data element (and optionally one of its disaggregations) and insert its reference. */
function ReferencePicker({ onInsert, testId }: { onInsert: (token: string) => void; testId: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [elementId, setElementId] = useState<string>();
  const [combo, setCombo] = useState<string>();
  const query = { q: q || undefined, limit: 30 };
  const elements = useQuery({ queryKey: catalogKeys.elements(query), queryFn: ({ signal }) => listElements(query, signal), enabled: open, placeholderData: (p) => p });
  const detail = useQuery({ queryKey: catalogKeys.element(elementId ?? ''), queryFn: () => getElement(elementId!), enabled: Boolean(elementId) });
  const element = detail.data;
  const hasCombos = element ? element.optionCombos.length > 1 || (element.optionCombos[0] && element.categoryCombo.code !== 'DEFAULT') : false;

  const content = (
    <Space orientation="vertical" style={{ width: 'min(420px, 80vw)' }}>
      <Select
        showSearch={{ filterOption: false, onSearch: setSearch }}
        data-testid={`${testId}-element`}
        style={{ width: '100%' }}
        placeholder={t('catalog.expr.pickElement')}
        value={elementId}
        onChange={(v: string) => {
          setElementId(v);
          setCombo(undefined);
        }}
        loading={elements.isFetching}
        options={(elements.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.code} — ${nameOf(e, lang)}` }))}
        notFoundContent={t('catalog.noResults')}
      />
      {element && hasCombos ? (
        <Select
          showSearch={{ filterOption: foldedFilter }}
          allowClear
          style={{ width: '100%' }}
          placeholder={t('catalog.expr.pickCombo')}
          value={combo}
          onChange={(v?: string) => setCombo(v)}
          options={element.optionCombos.map((c) => ({ value: c.code, label: `${c.code} — ${nameOf(c, lang)}` }))}
        />
      ) : null}
      <Button
        type="primary"
        block
        disabled={!element}
        data-testid={`${testId}-insert`}
        onClick={() => {
          if (!element) return;
          onInsert(combo ? `#{${element.code}.${combo}}` : `#{${element.code}}`);
          setOpen(false);
        }}
      >
        {element ? t('catalog.expr.insertToken', { token: combo ? `#{${element.code}.${combo}}` : `#{${element.code}}` }) : t('catalog.expr.insert')}
      </Button>
    </Space>
  );
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" content={content} title={t('catalog.expr.insertTitle')} placement="bottomLeft" destroyOnHidden>
      <Button size="small" icon={<PlusOutlined />} data-testid={testId}>
        {t('catalog.expr.insertElement')}
      </Button>
    </Popover>
  );
}
