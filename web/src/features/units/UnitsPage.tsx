// Administrative units: the 2025 and pre-2025 hierarchies as tabs, a search that
// ignores diacritics (the server folds them), and a tree that starts at the user's
// roots and loads children on expand. The tab and the search live in the URL.
import { ClusterOutlined, FileSearchOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Skeleton, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { unitTypeLabel } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { listUnits, unitKeys, type Hierarchy } from './api';
import { UnitTree } from './UnitTree';
import { ValidityTag } from './unit-display';

const PAGE = 20;

function SearchResults({ hierarchy, q }: { hierarchy: Hierarchy; q: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const navigate = useNavigate();
  const [limit, setLimit] = useState(PAGE);
  useEffect(() => setLimit(PAGE), [q, hierarchy]);
  const query = { hierarchy, q, limit };
  const { data, error, isPending, isFetching, refetch } = useQuery({
    queryKey: unitKeys.list(query),
    queryFn: ({ signal }) => listUnits(query, signal),
    placeholderData: (prev) => prev,
  });
  return (
    <div data-testid="unit-search-results" className="ts-search-results" aria-busy={isFetching}>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      {isPending ? <Skeleton active /> : null}
      {data ? (
        <>
          <Typography.Text type="secondary" className="ts-small" role="status">
            {t('units.found', { count: data.total, n: formatNumber(data.total, lang) })}
          </Typography.Text>
          {data.items.length === 0 ? <Empty description={t('units.noResults')} /> : null}
          <ul className="ts-result-list">
            {data.items.map((u) => (
              <li key={u.id}>
                <a
                  data-testid="unit-result"
                  className="ts-result"
                  href={`/units/${u.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    void navigate(`/units/${u.id}`);
                  }}
                >
                  <span className="ts-result-main">
                    <span className="ts-result-name">{u.fullName}</span>
                    <Tag className="ts-tag-wrap">{unitTypeLabel(t, u.type)}</Tag>
                    <ValidityTag unit={u} onlyClosed />
                  </span>
                  <span className="ts-result-sub">
                    {t('units.codeShort')} {u.code}
                    {u.path && u.path.length > 0 ? ` · ${u.path.join(' › ')}` : ''}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          {data.total > data.items.length ? (
            <Button block onClick={() => setLimit((l) => l + PAGE)} loading={isFetching}>
              {t('common.showMore', { count: data.total - data.items.length })}
            </Button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

export function UnitsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const hierarchy: Hierarchy = params.get('h') === 'pre2025' ? 'pre2025' : '2025';
  const urlQ = params.get('q') ?? '';
  const [text, setText] = useState(urlQ);
  const debounced = useDebounced(text.trim(), 300);

  // The debounced text goes into the URL (replace: typing is not navigation).
  useEffect(() => {
    if (debounced === urlQ) return;
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (debounced) next.set('q', debounced);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debounced, urlQ, setParams]);

  const setHierarchy = (h: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (h === 'pre2025') next.set('h', 'pre2025');
        else next.delete('h');
        return next;
      },
      { replace: true },
    );

  const searching = urlQ.length > 0;

  return (
    <div className="ts-stack">
      <PageHeader
        title={t('units.title')}
        subtitle={t('units.subtitle')}
        extra={
          me.abilities.manageUnits ? (
            <>
              <Link to="/unit-groups">
                <Button icon={<ClusterOutlined />}>{t('nav.unitGroups')}</Button>
              </Link>
              <Link to="/units/succession-report" data-testid="succession-report-link">
                <Button icon={<FileSearchOutlined />}>{t('succession.open')}</Button>
              </Link>
            </>
          ) : null
        }
      />
      <Card className="ts-card">
        <Tabs
          activeKey={hierarchy}
          onChange={setHierarchy}
          items={[
            { key: '2025', label: t('units.tab2025') },
            { key: 'pre2025', label: t('units.tabPre2025') },
          ]}
        />
        <Typography.Paragraph type="secondary" className="ts-small">
          {hierarchy === '2025' ? t('units.help2025') : t('units.helpPre2025')}
        </Typography.Paragraph>
        <Input
          data-testid="unit-search"
          allowClear
          size="large"
          prefix={<SearchOutlined />}
          placeholder={t('units.searchPlaceholder')}
          aria-label={t('units.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={100}
        />
        <Typography.Paragraph type="secondary" className="ts-small ts-search-hint">
          {t('units.searchHint')}
        </Typography.Paragraph>
        {searching ? <SearchResults hierarchy={hierarchy} q={urlQ} /> : <UnitTree key={hierarchy} hierarchy={hierarchy} />}
      </Card>
    </div>
  );
}
