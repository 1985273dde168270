// A saved map on a dashboard: the answer the dashboard item already fetched, drawn on
// the province layer (or the communes of the province whose children it shows), coloured
// by quantiles of the first layer's data item in the latest period with values — or
// against the targets when the layer says so — with the legend. The dashboard finds this
// module by name (dashboards/DashboardItem.tsx) and passes what its own item has.
import { useQuery } from '@tanstack/react-query';
import { Skeleton } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { periodLabel } from '@shared/engine/periods.ts';
import type { AnalyticsRequestInput, AnalyticsResponse } from '@shared/schemas/analytics.ts';
import { formatNumber } from '../../lib/format';
import { useUiLanguage } from '../auth/language';
import { getBoundaries, mapKeys } from './api';
import { MapCanvas, type LayerVisibility } from './MapCanvas';
import { bubbleRadius, classify, type ClassMethod, type UnitValue } from './map-model';
import './maps.css';

export interface DashboardMapProps {
  request: AnalyticsRequestInput;
  response: AnalyticsResponse;
  options: Record<string, unknown>;
  height: number;
}

export function DashboardMap({ response, options, height }: DashboardMapProps) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const layer = (Array.isArray(options.layers) ? options.layers[0] : undefined) as { kind?: string; dx?: string; classes?: number; method?: string } | undefined;
  const dx = layer?.dx && response.request.dx.includes(layer.dx) ? layer.dx : response.request.dx[0];
  // The latest period with a value (periods and data may be filters: rows then carry neither).
  const matches = (r: AnalyticsResponse['rows'][number], p: string) => (r.pe === undefined || r.pe === p) && (r.dx === undefined || r.dx === dx) && typeof r.value === 'number';
  const pe = [...response.request.pe].reverse().find((p) => response.rows.some((r) => matches(r, p))) ?? response.request.pe[response.request.pe.length - 1];
  // Communes of one province when the units are communes, else the provinces.
  const units = Object.values(response.metaData.ou);
  const communeParent = units.length > 0 && units.every((u) => u.kind === 'commune') ? units[0].parentId : null;
  const level = communeParent ? 'commune' : 'province';
  const boundaries = useQuery({
    queryKey: mapKeys.boundaries(level, communeParent),
    queryFn: ({ signal }) => getBoundaries(level, communeParent, signal),
    staleTime: 60_000,
  });
  const meta = dx ? response.metaData.dx[dx] : undefined;
  const decimals = meta?.decimals ?? 1;
  const method: ClassMethod = layer?.method === 'target' ? 'target' : 'quantile';
  const unitIds = useMemo(() => (boundaries.data?.features ?? []).filter((f) => f.properties.kind === 'unit').map((f) => f.properties.unitId), [boundaries.data]);
  const labels = useMemo(() => ({ noData: t('maps.noData'), noTarget: t('maps.noTarget'), target: { meeting: t('maps.target.meeting'), near: t('maps.target.near'), below: t('maps.target.below') } }), [t]);
  const classification = useMemo(
    () =>
      classify(unitIds, dx && pe ? unitValues(response, dx, pe) : new Map(), {
        method,
        classes: Math.min(7, Math.max(3, layer?.classes ?? 5)),
        fixed: [],
        direction: meta?.direction,
        decimals,
        lang,
        labels,
      }),
    [unitIds, response, dx, pe, method, layer?.classes, meta?.direction, decimals, lang, labels],
  );
  const bubbleLayer = layer?.kind === 'bubble';
  const fills = useMemo(() => new Map([...classification.styled].map(([id, s]) => [id, s.color])), [classification]);
  const bubbles = useMemo(() => {
    if (!bubbleLayer) return new Map<string, number>();
    const max = Math.max(0, ...[...classification.styled.values()].map((s) => s.value ?? 0));
    return new Map([...classification.styled].map(([id, s]) => [id, bubbleRadius(s.value, max, 18)]));
  }, [classification, bubbleLayer]);
  const show: LayerVisibility = { thematic: !bubbleLayer, boundaries: true, bubbles: bubbleLayer, points: false, labels: true };
  // The grid settles the item's width after the map is made: fit the layer again when it changes.
  const frame = useRef<HTMLDivElement>(null);
  const [widthStep, setWidthStep] = useState(0);
  useEffect(() => {
    if (!frame.current) return;
    const ro = new ResizeObserver(([e]) => setWidthStep(Math.round((e?.contentRect.width ?? 0) / 40)));
    ro.observe(frame.current);
    return () => ro.disconnect();
  }, [boundaries.data]);

  if (!boundaries.data) return <Skeleton active />;
  return (
    <div ref={frame} className="ts-map-frame" style={{ height, minHeight: 0 }} data-testid="db-map">
      {widthStep > 0 ? (
      <MapCanvas
        boundaries={boundaries.data}
        fills={fills}
        bubbles={bubbles}
        points={undefined}
        show={show}
        labelDetail={(id) => {
          const v = classification.styled.get(id)?.value ?? null;
          return v === null ? '' : formatNumber(v, lang, decimals);
        }}
        popupFor={() => null}
        fitKey={`${level}:${communeParent ?? ''}:${widthStep}:${height}`}
        ariaLabel={t('maps.mapLabel')}
      />
      ) : null}
      <div className="ts-map-legend">
        <div className="ts-map-legend-title">{meta?.name ?? dx}</div>
        {pe ? <div className="ts-map-legend-period">{periodLabel(pe, lang)}</div> : null}
        {classification.legend.map((l) => (
          <div key={l.label} className="ts-map-legend-row">
            <span className="ts-map-legend-swatch" style={{ background: l.color }} />
            <span className="ts-map-legend-label">{l.label}</span>
            <span className="ts-map-legend-count">{formatNumber(l.count, lang)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** Each unit's value for one data item and period, whether those are laid out or filters. */
function unitValues(res: AnalyticsResponse, dx: string, pe: string): Map<string, UnitValue> {
  const out = new Map<string, UnitValue>();
  for (const r of res.rows) {
    if ((r.dx !== undefined && r.dx !== dx) || (r.pe !== undefined && r.pe !== pe) || typeof r.ou !== 'string' || r.ou === 'TOTAL') continue;
    if (Object.keys(r).some((k) => k !== 'dx' && k !== 'pe' && k !== 'ou' && k !== 'value')) continue; // a category split: not one figure per unit
    out.set(r.ou, { value: typeof r.value === 'number' ? r.value : null, target: null });
  }
  for (const t of res.metaData.targets) {
    if (t.dx !== dx || t.pe !== pe) continue;
    out.set(t.ou, { ...(out.get(t.ou) ?? { value: null, target: null }), target: t.value });
  }
  return out;
}
