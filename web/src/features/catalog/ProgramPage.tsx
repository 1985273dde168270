// The program tree: projects → sub-projects → contents, with how many data elements
// and indicators hang on each item. Catalogue managers add and edit items.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { catalogKeys, getProgram, nameOf, type ProgramNode } from './api';
import { ProgramItemModal } from './ProgramItemModal';

/** A tree row with the counts of its whole subtree (an item's own counts exclude its children). */
type Row = Omit<ProgramNode, 'children'> & { children?: Row[]; elementTotal: number; indicatorTotal: number };
function toRows(nodes: ProgramNode[]): Row[] {
  return nodes.map((n) => {
    const children = toRows(n.children);
    return {
      ...n,
      children: children.length ? children : undefined,
      elementTotal: n.dataElementCount + children.reduce((sum, c) => sum + c.elementTotal, 0),
      indicatorTotal: n.indicatorCount + children.reduce((sum, c) => sum + c.indicatorTotal, 0),
    };
  });
}
const KIND_COLOR = { project: 'green', subproject: 'blue', content: 'default' } as const;

export function ProgramPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const { data, error, isPending, refetch } = useQuery({ queryKey: catalogKeys.program, queryFn: getProgram });
  const [editing, setEditing] = useState<{ item?: ProgramNode | Row; parent?: ProgramNode | Row } | null>(null);
  const manage = data?.abilities.manage ?? false;

  const columns: ColumnsType<Row> = [
    { key: 'code', title: t('catalog.code'), dataIndex: 'code', width: 130, render: (c: string) => <span className="ts-mono">{c}</span> },
    {
      key: 'name',
      title: t('catalog.name'),
      render: (_, r) => (
        <div className="ts-tree-name" style={{ minWidth: 240, maxWidth: 470 }}>
          <Tag color={KIND_COLOR[r.kind]}>{t(`catalog.kinds.${r.kind}`)}</Tag>
          {nameOf(r, lang)}
          {r.description ? (
            <Typography.Paragraph type="secondary" className="ts-small" style={{ margin: 0 }} ellipsis={{ rows: 2 }}>
              {r.description}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    },
    { key: 'elements', title: t('catalog.program.elements'), align: 'right', width: 100, render: (_, r) => formatNumber(r.elementTotal, lang) },
    { key: 'indicators', title: t('catalog.program.indicators'), align: 'right', width: 80, render: (_, r) => formatNumber(r.indicatorTotal, lang) },
  ];
  if (manage)
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} title={t('common.edit')} onClick={() => setEditing({ item: r })} />
          {r.kind !== 'content' ? (
            <Button type="link" size="small" icon={<PlusOutlined />} aria-label={t('catalog.program.addChild')} title={t('catalog.program.addChild')} onClick={() => setEditing({ parent: r })} />
          ) : null}
        </Space>
      ),
    });

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('catalog.program.title')}
        subtitle={t('catalog.program.subtitle')}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="program-add">
              {t('catalog.program.addProject')}
            </Button>
          ) : null
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Card className="ts-card">
        <Table<Row>
          rowKey="id"
          data-testid="program-tree"
          columns={columns}
          dataSource={data ? toRows(data.items) : []}
          loading={isPending}
          pagination={false}
          size="middle"
          scroll={{ x: 'max-content' }}
          expandable={{ defaultExpandAllRows: false, indentSize: 20 }}
          locale={{ emptyText: t('catalog.program.empty') }}
        />
      </Card>
      {editing ? <ProgramItemModal item={editing.item} parent={editing.parent} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
