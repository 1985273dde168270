// Validation rules: left side, comparison, right side (both in words), importance and
// message; open one to edit both sides in the expression editor.
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { foldVietnamese } from '@shared/text.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, listRules, nameOf, type ValidationRuleView } from './api';
import { ValidationRuleModal } from './ValidationRuleModal';

const IMPORTANCE_COLOR = { high: 'red', medium: 'orange', low: 'default' } as const;

export function operatorLabel(t: (k: string) => string, op: ValidationRuleView['operator']): string {
  return op === 'compulsory_pair' || op === 'exclusive_pair' ? t(`catalog.operators.${op}`) : op.replace('<=', '≤').replace('>=', '≥').replace('!=', '≠').replace('==', '=');
}

export function ValidationRulesPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, error, isPending, refetch } = useQuery({ queryKey: catalogKeys.rules, queryFn: listRules });
  const [text, setText] = useState('');
  const [open, setOpen] = useState<{ rule?: ValidationRuleView } | null>(null);
  const manage = data?.abilities.manage ?? false;
  // A short list: searched here, ignoring diacritics like the server does.
  const items = useMemo(() => {
    const q = foldVietnamese(text);
    const all = data?.items ?? [];
    return q ? all.filter((r) => foldVietnamese(`${r.code} ${r.nameVi} ${r.nameEn ?? ''}`).includes(q)) : all;
  }, [data, text]);

  const columns: ColumnsType<ValidationRuleView> = [
    {
      key: 'name',
      title: t('catalog.name'),
      render: (_, r) => (
        <div style={{ minWidth: 200, maxWidth: 270 }}>
          <Button type="link" size="small" className="ts-mono ts-small" style={{ padding: 0, height: 'auto' }} onClick={() => setOpen({ rule: r })} data-testid="rule-open">
            {r.code}
          </Button>
          <br />
          {nameOf(r, lang)}
        </div>
      ),
    },
    {
      key: 'rule',
      title: t('catalog.rules.rule'),
      render: (_, r) => (
        <div className="ts-small" style={{ minWidth: 200, maxWidth: 280 }}>
          {r.leftInWords} <strong>{operatorLabel(t, r.operator)}</strong> {r.rightInWords}
        </div>
      ),
    },
    { key: 'importance', title: t('catalog.rules.importance'), render: (_, r) => <Tag color={IMPORTANCE_COLOR[r.importance]}>{t(`catalog.importance.${r.importance}`)}</Tag> },
    { key: 'message', title: t('catalog.rules.message'), render: (_, r) => <div className="ts-small" style={{ minWidth: 160, maxWidth: 220 }}>{lang === 'en' && r.messageEn ? r.messageEn : r.messageVi}</div> },
  ];

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('catalog.rules.title')}
        subtitle={t('catalog.rules.subtitle')}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({})} data-testid="rule-create">
              {t('catalog.rules.create')}
            </Button>
          ) : null
        }
      />
      <Card className="ts-card">
        <div className="ts-filters">
          <Input allowClear prefix={<SearchOutlined />} className="ts-filter-search" placeholder={t('catalog.rules.search')} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<ValidationRuleView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={isPending}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: text ? t('catalog.noResults') : t('catalog.rules.empty') }}
        />
      </Card>
      {open ? <ValidationRuleModal rule={open.rule} manage={manage} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
