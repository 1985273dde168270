// The unit tree: the user's roots (provinces for national users, their own units
// otherwise), children fetched when a node is expanded.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Empty, Skeleton, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { listUnits, unitKeys, type Hierarchy, type UnitSummary } from './api';

const LIMIT = 500;

export function UnitTree({ hierarchy }: { hierarchy: Hierarchy }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const qc = useQueryClient();
  const rootQuery = { hierarchy, limit: LIMIT };
  const roots = useQuery({ queryKey: unitKeys.list(rootQuery), queryFn: ({ signal }) => listUnits(rootQuery, signal) });
  const [children, setChildren] = useState<Record<string, { items: UnitSummary[]; total: number }>>({});
  const [loadError, setLoadError] = useState<unknown>(null);

  const loadData = useCallback(
    async (node: EventDataNode<DataNode>) => {
      const id = String(node.key);
      if (id.startsWith('more:') || children[id]) return;
      const query = { hierarchy, parentId: id, limit: LIMIT };
      try {
        const list = await qc.fetchQuery({ queryKey: unitKeys.list(query), queryFn: ({ signal }) => listUnits(query, signal) });
        setChildren((c) => ({ ...c, [id]: list }));
      } catch (e) {
        setLoadError(e);
        throw e;
      }
    },
    [children, hierarchy, qc],
  );

  const treeData = useMemo(() => {
    const build = (items: UnitSummary[]): DataNode[] =>
      items.map((u) => {
        const loaded = children[u.id];
        const node: DataNode = {
          key: u.id,
          isLeaf: u.childCount === 0,
          title: (
            <span className="ts-tree-title">
              <Link to={`/units/${u.id}`} className="ts-tree-link">
                {u.fullName}
              </Link>
              <span className="ts-tree-meta">{u.childCount > 0 ? t('units.treeMetaChildren', { code: u.code, n: formatNumber(u.childCount, lang) }) : t('units.treeMeta', { code: u.code })}</span>
            </span>
          ),
        };
        if (loaded) {
          node.children = build(loaded.items);
          if (loaded.total > loaded.items.length)
            node.children.push({
              key: `more:${u.id}`,
              isLeaf: true,
              selectable: false,
              title: <Link to={`/units/${u.id}`}>{t('units.moreOnPage', { count: loaded.total - loaded.items.length })}</Link>,
            });
        }
        return node;
      });
    return build(roots.data?.items ?? []);
  }, [roots.data, children, lang, t]);

  return (
    <div data-testid="units-tree" className="ts-tree">
      {roots.error ? <ErrorAlert error={roots.error} onRetry={() => void roots.refetch()} /> : null}
      {loadError ? <ErrorAlert error={loadError} style={{ marginBottom: 8 }} /> : null}
      {roots.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {roots.data && roots.data.items.length === 0 ? <Empty description={t('units.noRoots')} /> : null}
      {roots.data && roots.data.items.length > 0 ? (
        <>
          <Typography.Text type="secondary" className="ts-small">
            {t('units.treeHelp')}
          </Typography.Text>
          <Tree blockNode showLine={{ showLeafIcon: false }} loadData={loadData} treeData={treeData} selectable={false} className="ts-unit-tree" />
        </>
      ) : null}
    </div>
  );
}
