// A unit's page: where it sits (breadcrumb), what it is (code, name, type, validity),
// its attributes and groups, the units it came from or went into (with weights), and
// its children. Managers edit attributes, add or import villages, or close a village.
import { CloseCircleOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Descriptions, Dropdown, Empty, Result, Row, Skeleton, Space, Switch, Table, Tag, Typography, type MenuProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../lib/api';
import { formatDate, formatNumber, formatPercent } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { unitKindLabel, unitTypeLabel } from '../../lib/labels';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { childHierarchy, getUnit, listUnits, unitKeys, type UnitDetail, type UnitSummary } from './api';
import { CloseUnitModal } from './CloseUnitModal';
import { ImportVillagesModal } from './ImportVillagesModal';
import { UnitEditModal } from './UnitEditModal';
import { UnitHistoryCard } from './UnitHistoryCard';
import { VillageFormModal } from './VillageFormModal';
import { hierarchyLabel, validityText, ValidityTag } from './unit-display';

const PAGE_SIZE = 20;

/** What the children of a unit are called: "Xã, phường, đặc khu" under a 2025 province… */
function childrenTitle(t: (k: string) => string, unit: UnitDetail): string {
  switch (unit.kind) {
    case 'nation':
      return t('units.childrenOfNation');
    case 'province':
      return unit.hierarchy === 'pre2025' ? t('units.childrenOfOldProvince') : t('units.childrenOfProvince');
    case 'district':
      return t('units.childrenOfDistrict');
    case 'commune':
      return t('units.childrenOfCommune');
    case 'village':
      return t('units.childrenGeneric');
  }
}

function ChildrenCard({ unit }: { unit: UnitDetail }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [page, setPage] = useState(1);
  const [includeClosed, setIncludeClosed] = useState(false);
  const isMobile = useIsMobile();
  const hierarchy = childHierarchy(unit);
  const query = { hierarchy, parentId: unit.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, includeClosed: includeClosed ? 'true' : undefined };
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: unitKeys.list(query),
    queryFn: ({ signal }) => listUnits(query, signal),
    placeholderData: (prev) => prev,
  });
  const columns: ColumnsType<UnitSummary> = [
    { key: 'code', title: t('units.code'), dataIndex: 'code', width: 100, responsive: ['sm'] },
    {
      key: 'name',
      title: t('units.name'),
      render: (_, u) => (
        <>
          <Link to={`/units/${u.id}`}>{u.fullName}</Link>
          {isMobile ? (
            <Typography.Text type="secondary" className="ts-small">
              {' '}
              · {u.code}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    { key: 'type', title: t('units.type'), render: (_, u) => unitTypeLabel(t, u.type) },
    { key: 'children', title: t('units.childCount'), align: 'right', responsive: ['md'], render: (_, u) => formatNumber(u.childCount, lang) },
    { key: 'validity', title: t('units.validity'), responsive: ['sm'], render: (_, u) => (u.validTo ? <ValidityTag unit={u} /> : formatDate(u.validFrom)) },
  ];
  return (
    <Card
      className="ts-card"
      title={`${childrenTitle(t, unit)} (${formatNumber(data?.total ?? unit.childCount, lang)})`}
    >
      {hierarchy === '2025' ? (
        <label className="ts-inline-switch" style={{ marginBottom: 12 }}>
          <Switch
            size="small"
            checked={includeClosed}
            onChange={(v) => {
              setIncludeClosed(v);
              setPage(1);
            }}
          />{' '}
          <span>{t('units.includeClosed')}</span>
        </label>
      ) : null}
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table<UnitSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.noChildren')} /> }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
      />
    </Card>
  );
}

function SuccessionList({ links, empty }: { links: UnitDetail['predecessors']; empty: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  if (links.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ul className="ts-succession">
      {links.map((l) => (
        <li key={`${l.unit.id}:${l.effectiveDate}`}>
          <Link to={`/units/${l.unit.id}`} className="ts-succession-name">
            {l.unit.fullName}
          </Link>
          <span className="ts-succession-meta">
            <Tag>{hierarchyLabel(t, l.unit.hierarchy)}</Tag>
            {t('units.weight')}: <strong>{formatPercent(l.weight, lang)}</strong> · {t('units.effective', { date: formatDate(l.effectiveDate) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function AttributesView({ unit }: { unit: UnitDetail }) {
  const { t } = useTranslation();
  const attrs = unit.attributes as { regionClass?: string | null; extremelyDifficult?: boolean; ethnicMinorityArea?: boolean; note?: string };
  const items = [
    { key: 'region', label: t('units.regionClass'), children: attrs.regionClass ? t('units.region', { cls: attrs.regionClass }) : t('units.notClassified') },
    {
      key: 'difficult',
      label: unit.kind === 'village' ? t('units.extremelyDifficultVillage') : t('units.extremelyDifficult'),
      children: attrs.extremelyDifficult ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no'),
    },
    { key: 'ethnic', label: t('units.ethnicMinorityArea'), children: attrs.ethnicMinorityArea ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no') },
  ];
  if (attrs.note) items.push({ key: 'note', label: t('units.note'), children: attrs.note });
  return <Descriptions size="small" column={1} items={items} />;
}

export function UnitPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const [modal, setModal] = useState<'edit' | 'village' | 'import' | 'close' | null>(null);
  const { data: unit, error, isPending, refetch } = useQuery({ queryKey: unitKeys.detail(id), queryFn: () => getUnit(id), enabled: /^\d+$/.test(id) });

  if (!/^\d+$/.test(id) || (isApiError(error) && error.status === 404))
    return (
      <Result
        status="404"
        title={t('units.notFound')}
        subTitle={isApiError(error) ? error.message : undefined}
        extra={
          <Link to="/units">
            <Button type="primary">{t('nav.units')}</Button>
          </Link>
        }
      />
    );
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (isPending || !unit) return <Skeleton active paragraph={{ rows: 8 }} />;

  const h = childHierarchy(unit);
  const ab = unit.abilities;
  const breadcrumb = (
    <Breadcrumb
      className="ts-breadcrumb"
      items={[
        { key: 'units', title: <Link to={h === 'pre2025' ? '/units?h=pre2025' : '/units'}>{t('nav.units')}</Link> },
        ...unit.ancestors.filter((a) => a.kind !== 'nation').map((a) => ({ key: a.id, title: <Link to={`/units/${a.id}`}>{a.fullName}</Link> })),
        { key: unit.id, title: unit.fullName },
      ]}
    />
  );

  const manageActions: MenuProps['items'] = [
    ab.manage ? { key: 'edit', icon: <EditOutlined />, label: unit.kind === 'village' ? t('units.editVillage') : t('units.editAttributes'), onClick: () => setModal('edit') } : null,
    ab.addVillage ? { key: 'village', icon: <PlusOutlined />, label: t('units.addVillage'), onClick: () => setModal('village') } : null,
    ab.addVillage ? { key: 'import', icon: <UploadOutlined />, label: t('units.importVillages'), onClick: () => setModal('import') } : null,
    ab.addVillage ? { key: 'template', icon: <DownloadOutlined />, label: <a href="/api/units/villages/template.xlsx" download>{t('units.downloadTemplate')}</a> } : null,
    ab.close ? { key: 'close', icon: <CloseCircleOutlined />, danger: true, label: t('units.closeVillage'), onClick: () => setModal('close') } : null,
  ].filter(Boolean);

  const actions =
    manageActions.length === 0 ? null : isMobile ? (
      <Dropdown menu={{ items: manageActions }} trigger={['click']}>
        <Button>{t('common.actions')}</Button>
      </Dropdown>
    ) : (
      <Space wrap>
        {ab.manage ? (
          <Button icon={<EditOutlined />} onClick={() => setModal('edit')}>
            {unit.kind === 'village' ? t('units.editVillage') : t('units.editAttributes')}
          </Button>
        ) : null}
        {ab.addVillage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal('village')}>
            {t('units.addVillage')}
          </Button>
        ) : null}
        {ab.addVillage ? (
          <Button icon={<UploadOutlined />} onClick={() => setModal('import')}>
            {t('units.importVillages')}
          </Button>
        ) : null}
        {ab.addVillage ? (
          <Button icon={<DownloadOutlined />} href="/api/units/villages/template.xlsx" download>
            {t('units.downloadTemplate')}
          </Button>
        ) : null}
        {ab.close ? (
          <Button danger icon={<CloseCircleOutlined />} onClick={() => setModal('close')}>
            {t('units.closeVillage')}
          </Button>
        ) : null}
      </Space>
    );

  const groupLink = (g: UnitDetail['groups'][number]) =>
    me.abilities.manageUnits ? (
      <Link key={g.id} to={`/unit-groups/${g.id}`}>
        <Tag color="geekblue">{g.name}</Tag>
      </Link>
    ) : (
      <Tag key={g.id} color="geekblue">
        {g.name}
      </Tag>
    );

  return (
    <div className="ts-stack">
      <PageHeader
        breadcrumb={breadcrumb}
        title={unit.fullName}
        subtitle={
          <Space wrap size={4}>
            <Tag color="green">{unitTypeLabel(t, unit.type)}</Tag>
            <Tag>{hierarchyLabel(t, unit.hierarchy)}</Tag>
            <ValidityTag unit={unit} />
          </Space>
        }
        extra={actions}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card className="ts-card" title={t('units.general')}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'code', label: t('units.code'), children: <Typography.Text strong>{unit.code}</Typography.Text> },
                { key: 'name', label: t('units.name'), children: unit.name },
                { key: 'fullName', label: t('units.fullName'), children: unit.fullName },
                { key: 'type', label: t('units.type'), children: unitTypeLabel(t, unit.type) },
                { key: 'kind', label: t('units.kind'), children: unitKindLabel(t, unit.kind) },
                { key: 'hierarchy', label: t('units.hierarchy'), children: hierarchyLabel(t, unit.hierarchy) },
                { key: 'validity', label: t('units.validity'), children: validityText(t, unit) },
                { key: 'children', label: t('units.childCount'), children: formatNumber(unit.childCount, lang) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <div className="ts-stack">
            <Card
              className="ts-card"
              title={t('units.attributes')}
              extra={
                ab.manage ? (
                  <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setModal('edit')}>
                    {t('common.edit')}
                  </Button>
                ) : null
              }
            >
              <AttributesView unit={unit} />
            </Card>
            <Card className="ts-card" title={t('units.groups')}>
              {unit.groups.length > 0 ? <div className="ts-tags">{unit.groups.map(groupLink)}</div> : <Typography.Text type="secondary">{t('units.noGroups')}</Typography.Text>}
            </Card>
          </div>
        </Col>
      </Row>
      {unit.kind !== 'village' ? <ChildrenCard unit={unit} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card className="ts-card" title={t('units.predecessors')}>
            <Typography.Paragraph type="secondary" className="ts-small">
              {t('units.predecessorsHelp')}
            </Typography.Paragraph>
            <SuccessionList links={unit.predecessors} empty={t('units.noPredecessors')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card className="ts-card" title={t('units.successors')}>
            <Typography.Paragraph type="secondary" className="ts-small">
              {t('units.successorsHelp')}
            </Typography.Paragraph>
            <SuccessionList links={unit.successors} empty={t('units.noSuccessors')} />
          </Card>
        </Col>
      </Row>
      {unit.kind !== 'village' && (unit.predecessors.length > 0 || unit.successors.length > 0) ? <UnitHistoryCard unitId={unit.id} /> : null}

      {modal === 'edit' ? <UnitEditModal unit={unit} onClose={() => setModal(null)} /> : null}
      {modal === 'village' ? <VillageFormModal commune={unit} onClose={() => setModal(null)} /> : null}
      {modal === 'import' ? <ImportVillagesModal commune={unit} onClose={() => setModal(null)} /> : null}
      {modal === 'close' ? <CloseUnitModal unit={unit} onClose={() => setModal(null)} /> : null}
    </div>
  );
}
