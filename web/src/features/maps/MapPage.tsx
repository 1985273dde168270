// Thematic map (issue 5): an indicator or data element by province, or by commune of a
// province, coloured in classes (equal intervals, quantiles, fixed breaks, or against
// each unit's target) with a legend; bubbles, unit points and labels as layers toggled
// on and off; a popup with the value, the target and a link to the unit; a period slider.
// Values come from the analytics API (one query for every period of the slider, so
// moving it is instant). Every choice lives in the URL.
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Collapse, Input, Segmented, Select, Slider, Space, Spin, Typography } from 'antd';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { addPeriods, periodContaining, periodLabel, periodsBetween } from '@shared/engine/periods.ts';
import type { AnalyticsRequestInput } from '@shared/schemas/analytics.ts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useIsMobile } from '../../lib/hooks';
import { useUiLanguage } from '../auth/language';
import { useCurrentUser } from '../auth/session';
import { getBoundaries, getDataItems, getPoints, mapKeys, queryAnalytics, type BoundaryImportReport } from './api';
import { ImportBoundariesModal } from './ImportBoundariesModal';
import { MapCanvas, type LayerVisibility } from './MapCanvas';
import { bubbleRadius, classify, CLASS_METHODS, MAX_CLASSES, MIN_CLASSES, parseBreaks, valuesByUnit, type ClassMethod } from './map-model';
import './maps.css';

type PeriodKind = 'quarter' | 'year';
const LAYERS: (keyof LayerVisibility)[] = ['thematic', 'boundaries', 'bubbles', 'points', 'labels'];
const DEFAULT_LAYERS: LayerVisibility = { thematic: true, boundaries: true, bubbles: false, points: false, labels: true };
const DEFAULT_DX = 'in:TL_HO_NGHEO_DTTS';
const FIRST_YEAR = 2022;

/** The slider's periods: quarters of the last three years, or the years since the program's data start. */
function sliderPeriods(kind: PeriodKind, now: Date): string[] {
  if (kind === 'year') return periodsBetween(String(FIRST_YEAR), periodContaining('year', now));
  const current = periodContaining('quarter', now);
  return periodsBetween(addPeriods(current, -11), current);
}

export function MapPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const me = useCurrentUser();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [importOpen, setImportOpen] = useState(false);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  // --- choices (URL) ---
  const items = useQuery({ queryKey: [...mapKeys.items, lang], queryFn: ({ signal }) => getDataItems(lang, signal), staleTime: 5 * 60_000 });
  const dx = params.get('dx') ?? (items.data?.some((i) => i.key === DEFAULT_DX) ? DEFAULT_DX : (items.data?.[0]?.key ?? null));
  const periodKind: PeriodKind = params.get('pt') === 'year' ? 'year' : 'quarter';
  const now = useMemo(() => new Date(), []);
  const periods = useMemo(() => sliderPeriods(periodKind, now), [periodKind, now]);
  // By default the last period that has ended.
  const pe = params.get('pe') && periods.includes(params.get('pe')!) ? params.get('pe')! : periods[periods.length - 2]!;
  const level = params.get('level') === 'commune' ? 'commune' : 'province';
  const method: ClassMethod = CLASS_METHODS.includes(params.get('method') as ClassMethod) ? (params.get('method') as ClassMethod) : 'quantile';
  const classes = Math.min(MAX_CLASSES, Math.max(MIN_CLASSES, Number(params.get('classes') ?? 5) || 5));
  const [breaksText, setBreaksText] = useState(params.get('breaks') ?? '');
  const fixed = parseBreaks(params.get('breaks') ?? '', lang);
  const layersParam = params.get('layers');
  const show: LayerVisibility = useMemo(
    () => (layersParam === null ? DEFAULT_LAYERS : (Object.fromEntries(LAYERS.map((l) => [l, layersParam.split(',').includes(l)])) as unknown as LayerVisibility)),
    [layersParam],
  );
  const toggle = (layer: keyof LayerVisibility, on: boolean) => update({ layers: LAYERS.filter((l) => (l === layer ? on : show[l])).join(',') });

  // --- layers ---
  const provinces = useQuery({ queryKey: mapKeys.boundaries('province', null), queryFn: ({ signal }) => getBoundaries('province', null, signal), staleTime: 60_000 });
  const provinceOptions = useMemo(
    () => (provinces.data?.features ?? []).filter((f) => f.properties.kind === 'unit').map((f) => ({ value: f.properties.unitId, label: f.properties.name })).sort((a, b) => a.label.localeCompare(b.label, 'vi')),
    [provinces.data],
  );
  const provinceId = level === 'commune' ? (params.get('province') ?? provinceOptions[0]?.value ?? null) : null;
  const communes = useQuery({
    queryKey: mapKeys.boundaries('commune', provinceId),
    queryFn: ({ signal }) => getBoundaries('commune', provinceId, signal),
    enabled: level === 'commune' && Boolean(provinceId),
    staleTime: 60_000,
  });
  const layer = level === 'province' ? provinces : communes;
  const boundaries = layer.data;
  const points = useQuery({
    queryKey: mapKeys.points(level, provinceId),
    queryFn: ({ signal }) => getPoints(level, provinceId, signal),
    enabled: show.points && (level === 'province' || Boolean(provinceId)),
    staleTime: 60_000,
  });
  const unitIds = useMemo(() => (boundaries?.features ?? []).filter((f) => f.properties.kind === 'unit').map((f) => f.properties.unitId), [boundaries]);

  // --- values: every period of the slider at once ---
  const request: AnalyticsRequestInput | null = dx && (level === 'province' || provinceId) ? { dx: [dx], pe: periods, ou: level === 'province' ? ['LEVEL-province'] : [`CHILDREN-${provinceId}`], rows: ['ou'], columns: ['dx', 'pe'], filters: [] } : null;
  const values = useQuery({ queryKey: request ? mapKeys.values(request) : ['maps', 'values', 'none'], queryFn: ({ signal }) => queryAnalytics(request!, signal), enabled: Boolean(request), placeholderData: (prev) => prev });
  const meta = dx ? values.data?.metaData.dx[dx] : undefined;
  const decimals = meta?.decimals ?? 1;
  const byUnit = useMemo(() => (dx ? valuesByUnit(values.data, dx, pe) : new Map()), [values.data, dx, pe]);
  const labels = useMemo(() => ({ noData: t('maps.noData'), noTarget: t('maps.noTarget'), target: { meeting: t('maps.target.meeting'), near: t('maps.target.near'), below: t('maps.target.below') } }), [t]);
  const classification = useMemo(
    () => classify(unitIds, byUnit, { method, classes, fixed: fixed ?? [], direction: meta?.direction, decimals, lang, labels }),
    [unitIds, byUnit, method, classes, fixed?.join(';'), meta?.direction, decimals, lang, labels],
  );
  const fills = useMemo(() => new Map([...classification.styled].map(([id, s]) => [id, s.color])), [classification]);
  const bubbles = useMemo(() => {
    const vals = [...classification.styled.values()].map((s) => s.value ?? 0);
    const max = Math.max(0, ...vals);
    return new Map([...classification.styled].map(([id, s]) => [id, bubbleRadius(s.value, max)]));
  }, [classification]);
  const fmt = useCallback((v: number | null) => (v === null ? '' : formatNumber(v, lang, decimals)), [lang, decimals]);
  const labelDetail = useCallback((unitId: string) => (show.thematic || show.bubbles ? fmt(classification.styled.get(unitId)?.value ?? null) : ''), [classification, fmt, show.thematic, show.bubbles]);

  const itemName = dx ? (meta?.name ?? items.data?.find((i) => i.key === dx)?.name ?? dx) : '';
  const popupFor = useCallback(
    (unitId: string): HTMLElement | null => {
      const f = boundaries?.features.find((x) => x.properties.unitId === unitId && x.properties.kind === 'unit');
      if (!f) return null;
      const s = classification.styled.get(unitId);
      const el = document.createElement('div');
      el.className = 'ts-map-popup';
      el.dataset.testid = 'map-popup';
      const add = (tag: string, text: string, cls?: string, testId?: string) => {
        const node = document.createElement(tag);
        node.textContent = text;
        if (cls) node.className = cls;
        if (testId) node.dataset.testid = testId;
        el.append(node);
        return node;
      };
      add('strong', f.properties.name, 'ts-map-popup-name', 'map-popup-name');
      add('div', `${itemName} · ${periodLabel(pe, lang)}`, 'ts-map-popup-item');
      add('div', s?.value != null ? `${fmt(s.value)}${meta?.unitOfMeasure ? ` ${meta.unitOfMeasure}` : ''}` : t('maps.noData'), 'ts-map-popup-value', 'map-popup-value');
      if (s?.target != null) add('div', `${t('maps.targetValue', { value: fmt(s.target) })}${s.status ? ` — ${labels.target[s.status]}` : ''}`, 'ts-map-popup-target', 'map-popup-target');
      add('div', t(f.properties.source === 'imported' ? 'maps.sourceImported' : 'maps.sourceBuiltin'), 'ts-map-popup-source');
      const actions = document.createElement('div');
      actions.className = 'ts-map-popup-actions';
      const link = document.createElement('a');
      link.href = `/units/${unitId}`;
      link.textContent = t('maps.openUnit');
      link.dataset.testid = 'map-popup-link';
      link.addEventListener('click', (e) => {
        e.preventDefault();
        navigate(`/units/${unitId}`);
      });
      actions.append(link);
      if (level === 'province') {
        const drill = document.createElement('a');
        drill.href = '#';
        drill.textContent = t('maps.showCommunes');
        drill.dataset.testid = 'map-popup-communes';
        drill.addEventListener('click', (e) => {
          e.preventDefault();
          update({ level: 'commune', province: unitId });
        });
        actions.append(drill);
      }
      el.append(actions);
      return el;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [boundaries, classification, itemName, pe, lang, fmt, meta?.unitOfMeasure, level, t, labels, params],
  );

  const onImported = (r: BoundaryImportReport) => {
    void qc.invalidateQueries({ queryKey: ['maps'] });
    // Communes of one province came in: show them.
    const communeUnits = r.units.filter((u) => u.kind === 'commune');
    const province = r.units.find((u) => u.kind === 'province');
    if (communeUnits.length > 0 && province) update({ level: 'commune', province: province.unitId });
  };

  const unitCount = unitIds.length;
  const periodIndex = Math.max(0, periods.indexOf(pe));
  // The chosen period is written above the slider; the marks only show where it starts and ends.
  const marks: Record<number, string> = { 0: periodLabel(periods[0]!, lang), [periods.length - 1]: periodLabel(periods[periods.length - 1]!, lang) };

  const controls: ReactNode = (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Text strong>{t('maps.dataItem')}</Typography.Text>
        <Select
          data-testid="map-dx"
          style={{ width: '100%' }}
          showSearch
          optionFilterProp="label"
          loading={items.isPending}
          value={dx ?? undefined}
          onChange={(v: string) => update({ dx: v })}
          options={[
            { label: t('maps.indicators'), options: (items.data ?? []).filter((i) => i.kind === 'indicator').map((i) => ({ value: i.key, label: i.name })) },
            { label: t('maps.dataElements'), options: (items.data ?? []).filter((i) => i.kind === 'dataElement').map((i) => ({ value: i.key, label: i.name })) },
          ]}
        />
      </div>
      <div>
        <Typography.Text strong>{t('maps.level')}</Typography.Text>
        <Segmented
          block
          data-testid="map-level"
          value={level}
          onChange={(v) => update({ level: v === 'commune' ? 'commune' : null })}
          options={[
            { value: 'province', label: t('maps.levelProvince') },
            { value: 'commune', label: t('maps.levelCommune') },
          ]}
        />
        {level === 'commune' ? (
          <Select data-testid="map-province" style={{ width: '100%', marginTop: 8 }} showSearch optionFilterProp="label" value={provinceId ?? undefined} onChange={(v: string) => update({ province: v })} options={provinceOptions} aria-label={t('maps.province')} />
        ) : null}
      </div>
      <div>
        <Typography.Text strong>{t('maps.periodType')}</Typography.Text>
        <Segmented block value={periodKind} onChange={(v) => update({ pt: v === 'year' ? 'year' : null, pe: null })} options={[{ value: 'quarter', label: t('maps.quarter') }, { value: 'year', label: t('maps.year') }]} />
      </div>
      <div>
        <Typography.Text strong>{t('maps.method')}</Typography.Text>
        <Select data-testid="map-method" style={{ width: '100%' }} value={method} onChange={(v: ClassMethod) => update({ method: v })} options={CLASS_METHODS.map((m) => ({ value: m, label: t(`maps.methods.${m}`) }))} />
        {method === 'equal' || method === 'quantile' ? (
          <Segmented style={{ marginTop: 8 }} value={classes} onChange={(v) => update({ classes: String(v) })} options={[3, 4, 5, 6, 7].map((n) => ({ value: n, label: String(n) }))} aria-label={t('maps.classes')} />
        ) : null}
        {method === 'fixed' ? (
          <>
            <Input
              style={{ marginTop: 8 }}
              data-testid="map-breaks"
              placeholder={t('maps.breaksHint')}
              aria-label={t('maps.breaks')}
              value={breaksText}
              onChange={(e) => setBreaksText(e.target.value)}
              onBlur={() => update({ breaks: breaksText.trim() || null })}
              onPressEnter={() => update({ breaks: breaksText.trim() || null })}
              status={fixed === null ? 'error' : undefined}
            />
            {fixed === null ? <Typography.Text type="danger">{t('maps.breaksInvalid')}</Typography.Text> : null}
          </>
        ) : null}
      </div>
      <div>
        <Typography.Text strong>{t('maps.layers')}</Typography.Text>
        <div className="ts-map-layer-toggles">
          {LAYERS.map((l) => (
            <Checkbox key={l} checked={show[l]} onChange={(e) => toggle(l, e.target.checked)} data-testid={`map-layer-${l}`}>
              {t(`maps.layer.${l}`)}
            </Checkbox>
          ))}
        </div>
      </div>
    </Space>
  );

  return (
    <div className="ts-maps-page">
      <PageHeader
        title={t('maps.title')}
        subtitle={t('maps.subtitle')}
        extra={
          me.abilities.manageUnits ? (
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="map-import-open">
              {t('maps.import.open')}
            </Button>
          ) : null
        }
      />
      <div className="ts-maps-layout">
        {isMobile ? (
          <Collapse size="small" items={[{ key: 'c', label: t('maps.controls'), children: controls }]} />
        ) : (
          <Card size="small" className="ts-maps-controls" title={t('maps.controls')}>
            {controls}
          </Card>
        )}
        <div className="ts-maps-main">
          <ErrorAlert error={layer.error ?? values.error} />
          <div className="ts-maps-status">
            <Typography.Text type="secondary" data-testid="map-layer-count">
              {level === 'commune' ? t('maps.countCommunes', { count: unitCount }) : t('maps.count', { count: unitCount })}
            </Typography.Text>
            {values.isFetching ? <Spin size="small" /> : null}
          </div>
          {level === 'commune' && communes.data && unitCount === 0 ? <Alert type="info" showIcon title={t('maps.noCommunes')} data-testid="map-no-communes" /> : null}
          <div className="ts-map-frame">
            <MapCanvas
              boundaries={boundaries}
              fills={fills}
              bubbles={bubbles}
              points={points.data}
              show={show}
              labelDetail={labelDetail}
              popupFor={popupFor}
              fitKey={`${level}:${provinceId ?? ''}`}
              ariaLabel={t('maps.mapLabel')}
            />
            {show.thematic && dx ? (
              <div className="ts-map-legend" data-testid="map-legend">
                <div className="ts-map-legend-title">{itemName}</div>
                <div className="ts-map-legend-period">{periodLabel(pe, lang)}</div>
                {classification.legend.map((l) => (
                  <div key={l.label} className="ts-map-legend-row" data-testid="map-legend-row">
                    <span className="ts-map-legend-swatch" style={{ background: l.color }} />
                    <span className="ts-map-legend-label">{l.label}</span>
                    <span className="ts-map-legend-count">{formatNumber(l.count, lang)}</span>
                  </div>
                ))}
              </div>
            ) : null}
          </div>
          <div className="ts-map-period">
            <Typography.Text strong>
              {t('maps.period')}: <span data-testid="map-period">{periodLabel(pe, lang)}</span>
            </Typography.Text>
            <Slider
              data-testid="map-period-slider"
              min={0}
              max={periods.length - 1}
              value={periodIndex}
              marks={marks}
              tooltip={{ formatter: (i) => (i === undefined ? '' : periodLabel(periods[i]!, lang)) }}
              onChange={(i: number) => update({ pe: periods[i] ?? null })}
            />
          </div>
        </div>
      </div>
      <ImportBoundariesModal open={importOpen} onClose={() => setImportOpen(false)} onImported={onImported} />
    </div>
  );
}
