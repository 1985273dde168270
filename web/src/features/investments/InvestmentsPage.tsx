// Investment works of the program (menu "Công trình đầu tư"): the year's totals against
// the plan curve, filters (year, unit, project, stage, behind plan, search) kept in the
// URL, the list (a table on a desktop, cards on a phone) with the disbursement rate next
// to the plan, a map of the works coloured by progress; adding a work and importing the
// provinces' sheet for those who manage works.
import { PlusOutlined, UploadOutlined, BarChartOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Input, List, Row, Segmented, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useDebounced, useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { ProgramItemSelect } from '../catalog/ProgramItemSelect';
import { UnitSelect } from '../units/UnitSelect';
import { getGeojson, investmentKeys, listWorks, STAGES, vnYear, type WorkSummary } from './api';
import { ImportWorksModal } from './ImportWorksModal';
import { ProgressLegend, RateVsPlan, StageTag } from './parts';
import { WorkFormModal } from './WorkFormModal';
import { WorkMap } from './WorkMap';
import './investments.css';

const PAGE = 20;

export function InvestmentsPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || vnYear();
  const unit = params.get('unit');
  const programItem = params.get('program');
  const stage = params.get('stage');
  const behind = params.get('behind') === 'true';
  const page = Number(params.get('page')) || 1;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 400);
  const [view, setView] = useState<'list' | 'map'>('list');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const query = { year, unit, programItem, stage, q: q || null, behind, limit: PAGE, offset: (page - 1) * PAGE };
  const data = useQuery({ queryKey: investmentKeys.works(query), queryFn: ({ signal }) => listWorks(query, signal), placeholderData: (p) => p });
  const geo = useQuery({ queryKey: investmentKeys.geojson(year, unit), queryFn: ({ signal }) => getGeojson(year, unit, signal), enabled: view === 'map' });
  const n = (v: number) => formatNumber(v, lang, 1);
  const totals = data.data?.totals;
  const years = Array.from({ length: 7 }, (_, i) => vnYear() - 4 + i);

  const columns = [
    {
      key: 'name',
      title: t('investments.fields.name'),
      render: (_: unknown, w: WorkSummary) => (
        <div>
          <Link to={`/investments/${w.id}?year=${year}`} data-testid={`work-link-${w.code}`}>
            {w.name}
          </Link>
          <div className="ts-muted" style={{ fontSize: 12 }}>
            {w.code} · {w.unit.name}
            {w.unit.provinceName && w.unit.provinceName !== w.unit.name ? `, ${w.unit.provinceName}` : ''}
            {w.programItem ? ` · ${w.programItem.code}` : ''}
          </div>
        </div>
      ),
    },
    { key: 'stage', title: t('investments.fields.stage'), width: 130, render: (_: unknown, w: WorkSummary) => <StageTag stage={w.stage} progress={w.progress} /> },
    { key: 'allocated', title: t('investments.allocated'), align: 'right' as const, width: 120, render: (_: unknown, w: WorkSummary) => n(w.figures.allocated) },
    { key: 'disbursed', title: t('investments.disbursed'), align: 'right' as const, width: 120, render: (_: unknown, w: WorkSummary) => n(w.figures.disbursed) },
    { key: 'rate', title: t('investments.rateVsPlan'), width: 210, render: (_: unknown, w: WorkSummary) => <RateVsPlan figures={w.figures} /> },
  ];

  return (
    <div className="ts-page ts-investments">
      <PageHeader
        title={t('investments.title')}
        subtitle={t('investments.subtitle')}
        extra={
          <Space wrap>
            <Link to={`/investments/reports?year=${year}`}>
              <Button icon={<BarChartOutlined />} data-testid="investments-reports">
                {t('investments.reports.nav')}
              </Button>
            </Link>
            {data.data?.abilities.import ? (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="investments-import">
                {t('investments.import.open')}
              </Button>
            ) : null}
            {data.data?.abilities.create ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="investments-new">
                {t('investments.new')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card size="small" className="ts-investments-filters">
        <Space wrap>
          <Select value={year} onChange={(v) => set({ year: String(v) })} options={years.map((y) => ({ value: y, label: t('investments.yearN', { year: y }) }))} style={{ width: 120 }} data-testid="investments-year" />
          <div style={{ width: isMobile ? '100%' : 260 }}>
            <UnitSelect value={unit ?? undefined} onChange={(v) => set({ unit: v ?? null })} placeholder={t('investments.allUnits')} />
          </div>
          <div style={{ width: isMobile ? '100%' : 240 }}>
            <ProgramItemSelect value={programItem} onChange={(v) => set({ program: v })} placeholder={t('investments.allProjects')} className="ts-full" />
          </div>
          <Select allowClear value={stage ?? undefined} onChange={(v?: string) => set({ stage: v ?? null })} placeholder={t('investments.allStages')} options={STAGES.map((s) => ({ value: s, label: t(`investments.stages.${s}`) }))} style={{ width: 160 }} />
          <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(v) => set({ q: v || null })} placeholder={t('investments.search')} style={{ width: isMobile ? '100%' : 220 }} data-testid="investments-search" />
          <Space>
            <Switch checked={behind} onChange={(v) => set({ behind: v ? 'true' : null })} data-testid="investments-behind" />
            <span>{t('investments.behindOnly')}</span>
          </Space>
        </Space>
      </Card>

      {data.error ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}

      <Row gutter={[12, 12]} style={{ margin: '12px 0' }} data-testid="investments-totals">
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('investments.worksCount')} value={data.data?.total ?? 0} formatter={(v) => formatNumber(Number(v), lang)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('investments.allocatedMillion')} value={totals?.allocated ?? 0} formatter={(v) => n(Number(v))} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('investments.disbursedMillion')} value={totals?.disbursed ?? 0} formatter={(v) => n(Number(v))} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <div className="ts-muted" style={{ marginBottom: 6 }}>{t('investments.rateVsPlan')}</div>
            {totals ? <RateVsPlan figures={totals} testId="investments-total-rate" /> : null}
          </Card>
        </Col>
      </Row>

      <Segmented value={view} onChange={(v) => setView(v as 'list' | 'map')} options={[{ value: 'list', label: t('investments.viewList') }, { value: 'map', label: t('investments.viewMap') }]} style={{ marginBottom: 12 }} data-testid="investments-view" />

      {view === 'map' ? (
        <Card size="small">
          <WorkMap
            height={isMobile ? 360 : 480}
            points={(geo.data?.features ?? []).map((f) => ({ id: f.properties.id, point: f.geometry.coordinates, color: f.properties.color, label: f.properties.name }))}
            onOpen={(id) => void navigate(`/investments/${id}?year=${year}`)}
            testId="investments-map"
            ariaLabel={t('investments.viewMap')}
          />
          <ProgressLegend />
        </Card>
      ) : isMobile ? (
        <List
          loading={data.isLoading}
          dataSource={data.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('investments.empty')} /> }}
          pagination={data.data && data.data.total > PAGE ? { current: page, pageSize: PAGE, total: data.data.total, onChange: (p) => set({ page: String(p) }), size: 'small' } : false}
          renderItem={(w) => (
            <Card size="small" className="ts-work-card" onClick={() => void navigate(`/investments/${w.id}?year=${year}`)} data-testid={`work-card-${w.code}`}>
              <Typography.Text strong>{w.name}</Typography.Text>
              <div className="ts-muted" style={{ fontSize: 12, margin: '2px 0 6px' }}>
                {w.code} · {w.unit.name}
              </div>
              <Space wrap size={4} style={{ marginBottom: 6 }}>
                <StageTag stage={w.stage} progress={w.progress} />
                <Tag>
                  {n(w.figures.disbursed)}/{n(w.figures.allocated)} {t('investments.millionShort')}
                </Tag>
              </Space>
              <RateVsPlan figures={w.figures} />
            </Card>
          )}
        />
      ) : (
        <Table<WorkSummary>
          rowKey="id"
          size="middle"
          loading={data.isLoading}
          columns={columns}
          dataSource={data.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('investments.empty')} /> }}
          pagination={{ current: page, pageSize: PAGE, total: data.data?.total ?? 0, onChange: (p) => set({ page: String(p) }), showSizeChanger: false, hideOnSinglePage: true }}
          data-testid="investments-table"
        />
      )}

      {creating ? <WorkFormModal onClose={() => setCreating(false)} onSaved={(w) => void navigate(`/investments/${w.id}`)} /> : null}
      {importing ? <ImportWorksModal onClose={() => setImporting(false)} /> : null}
    </div>
  );
}
