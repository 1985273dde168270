// The MapLibre map: no tile server — a sea-coloured background, the boundary layer
// filled by class colour, its borders, bubbles at each unit's label point, unit points,
// and HTML labels (MapLibre's own text needs a glyph server; the browser's fonts render
// Vietnamese just as well). Hoàng Sa and Trường Sa are always marked and labelled,
// whatever layers are on. Clicking a unit (its shape or its label) opens a popup whose
// content the page builds.
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre finds its worker next to its own file at run time, which a bundle does not
// keep: hand it the worker as a built asset (same origin, so the CSP allows it).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import type { BoundaryCollection, UnitPointCollection } from './api';

export interface LayerVisibility {
  thematic: boolean;
  boundaries: boolean;
  bubbles: boolean;
  points: boolean;
  labels: boolean;
}

export interface MapCanvasProps {
  boundaries: BoundaryCollection | undefined;
  /** Fill colour per unit id (thematic layer). */
  fills: Map<string, string>;
  /** Bubble radius in pixels per unit id. */
  bubbles: Map<string, number>;
  points: UnitPointCollection | undefined;
  show: LayerVisibility;
  /** Text under a unit's name on its label (its value), or ''. */
  labelDetail: (unitId: string) => string;
  /** The popup's content for a unit, or null for none. */
  popupFor: (unitId: string) => HTMLElement | null;
  /** Changes when the map should move to the layer's extent (another level or province). */
  fitKey: string;
  ariaLabel: string;
}

maplibregl.setWorkerUrl(workerUrl);

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
// The whole country with both archipelagos.
const VIETNAM: LngLatBoundsLike = [[102.1, 7.4], [117.9, 23.4]];

function boundaryData(b: BoundaryCollection | undefined, fills: Map<string, string>): GeoJSON.FeatureCollection {
  if (!b) return EMPTY;
  return {
    type: 'FeatureCollection',
    features: b.features
      .filter((f) => f.properties.kind === 'unit')
      .map((f) => ({ type: 'Feature', id: Number(f.properties.unitId), properties: { unitId: f.properties.unitId, color: fills.get(f.properties.unitId) ?? '#f8f9fa' }, geometry: f.geometry as GeoJSON.Geometry })),
  };
}

function bubbleData(b: BoundaryCollection | undefined, bubbles: Map<string, number>): GeoJSON.FeatureCollection {
  if (!b) return EMPTY;
  return {
    type: 'FeatureCollection',
    features: b.features
      .filter((f) => f.properties.kind === 'unit' && (bubbles.get(f.properties.unitId) ?? 0) > 0)
      .map((f) => ({ type: 'Feature', properties: { unitId: f.properties.unitId, r: bubbles.get(f.properties.unitId)! }, geometry: { type: 'Point', coordinates: f.properties.labelPoint } })),
  };
}

function archipelagoData(b: BoundaryCollection | undefined): GeoJSON.FeatureCollection {
  if (!b) return EMPTY;
  return { type: 'FeatureCollection', features: b.features.filter((f) => f.properties.kind === 'archipelago').map((f) => ({ type: 'Feature', properties: {}, geometry: f.geometry as GeoJSON.Geometry })) };
}

/** Area of a shape's outer rings in square degrees (islands weigh nothing), to place the labels of big units first. */
const shapeArea = (g: GeoJSON.Geometry): number => {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let total = 0;
  for (const poly of polys) {
    const ring = poly[0] ?? [];
    let a = 0;
    for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    total += Math.abs(a) / 2;
  }
  return total;
};

/**
 * Hides labels that would overlap one already shown: the archipelagos first (always
 * shown), then units with a value, then the largest; zooming in brings the hidden ones back.
 */
function declutter(markers: maplibregl.Marker[]): void {
  const placed: DOMRect[] = [];
  for (const m of markers) {
    const el = m.getElement();
    el.style.visibility = 'visible';
    const r = el.getBoundingClientRect();
    const hit = placed.some((p) => r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top);
    if (hit && !el.classList.contains('ts-map-label-archipelago')) el.style.visibility = 'hidden';
    else placed.push(r);
  }
}

export function MapCanvas(props: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const loaded = useRef(false);
  const markers = useRef<maplibregl.Marker[]>([]);
  const popup = useRef<maplibregl.Popup | null>(null);
  const latest = useRef(props);
  latest.current = props;

  const openPopup = (unitId: string, at: [number, number]) => {
    const map = mapRef.current;
    const content = latest.current.popupFor(unitId);
    if (!map || !content) return;
    popup.current?.remove();
    popup.current = new maplibregl.Popup({ closeButton: true, maxWidth: '300px', focusAfterOpen: false }).setLngLat(at).setDOMContent(content).addTo(map);
  };

  // The map itself, once.
  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: { version: 8, sources: {}, layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#d6e6f2' } }] },
      bounds: VIETNAM,
      fitBoundsOptions: { padding: 12 },
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      cooperativeGestures: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: 'Natural Earth' }), 'top-left');
    map.on('load', () => {
      map.addSource('units', { type: 'geojson', data: EMPTY });
      map.addSource('bubbles', { type: 'geojson', data: EMPTY });
      map.addSource('points', { type: 'geojson', data: EMPTY });
      map.addSource('archipelagos', { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'units-fill', type: 'fill', source: 'units', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.9 } });
      map.addLayer({ id: 'units-line', type: 'line', source: 'units', paint: { 'line-color': '#495057', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.5, 9, 1.5] } });
      map.addLayer({ id: 'bubbles', type: 'circle', source: 'bubbles', paint: { 'circle-radius': ['get', 'r'], 'circle-color': '#1c7ed6', 'circle-opacity': 0.55, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } });
      map.addLayer({ id: 'points', type: 'circle', source: 'points', paint: { 'circle-radius': 3.5, 'circle-color': '#212529', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } });
      map.addLayer({ id: 'archipelagos', type: 'circle', source: 'archipelagos', paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#c92a2a', 'circle-stroke-width': 1.5 } });
      const click = (e: maplibregl.MapLayerMouseEvent) => {
        const unitId = e.features?.[0]?.properties?.unitId as string | undefined;
        if (unitId) openPopup(unitId, [e.lngLat.lng, e.lngLat.lat]);
      };
      for (const layer of ['units-fill', 'bubbles', 'points']) {
        map.on('click', layer, click);
        map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
        map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
      }
      loaded.current = true;
      sync(true);
    });
    map.on('moveend', () => declutter(markers.current));
    mapRef.current = map;
    return () => {
      loaded.current = false;
      for (const m of markers.current) m.remove();
      markers.current = [];
      map.remove();
      mapRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const lastFit = useRef('');
  const sync = (forceFit = false) => {
    const map = mapRef.current;
    const p = latest.current;
    if (!map || !loaded.current) return;
    (map.getSource('units') as GeoJSONSource).setData(boundaryData(p.boundaries, p.show.thematic ? p.fills : new Map()));
    (map.getSource('bubbles') as GeoJSONSource).setData(p.show.bubbles ? bubbleData(p.boundaries, p.bubbles) : EMPTY);
    (map.getSource('points') as GeoJSONSource).setData(p.show.points && p.points ? (p.points as GeoJSON.FeatureCollection) : EMPTY);
    (map.getSource('archipelagos') as GeoJSONSource).setData(archipelagoData(p.boundaries));
    map.setLayoutProperty('units-line', 'visibility', p.show.boundaries || p.show.thematic ? 'visible' : 'none');

    // Labels: the units' (when on) and the archipelagos' (always).
    for (const m of markers.current) m.remove();
    markers.current = [];
    const ordered = [...(p.boundaries?.features ?? [])].sort((a, b) => {
      // Archipelagos, then units with a value, then the largest.
      const rank = (f: typeof a) => (f.properties.kind === 'archipelago' ? 2 : p.labelDetail(f.properties.unitId) ? 1 : 0);
      return rank(b) - rank(a) || shapeArea(b.geometry as GeoJSON.Geometry) - shapeArea(a.geometry as GeoJSON.Geometry);
    });
    for (const f of ordered) {
      const isArchipelago = f.properties.kind === 'archipelago';
      if (!isArchipelago && !p.show.labels) continue;
      const el = document.createElement('div');
      el.className = isArchipelago ? 'ts-map-label ts-map-label-archipelago' : 'ts-map-label';
      el.dataset.testid = isArchipelago ? `map-archipelago-${f.properties.code}` : `map-label-${f.properties.code}`;
      const name = document.createElement('span');
      name.textContent = f.properties.name;
      el.append(name);
      const detail = isArchipelago ? '' : p.labelDetail(f.properties.unitId);
      if (detail) {
        const d = document.createElement('span');
        d.className = 'ts-map-label-value';
        d.textContent = detail;
        el.append(d);
      }
      if (!isArchipelago) {
        el.addEventListener('click', (ev) => {
          ev.stopPropagation();
          openPopup(f.properties.unitId, f.properties.labelPoint);
        });
      }
      // Hoàng Sa's label goes east of its ring (west of it lies the coast and its labels), Trường Sa's below.
      const placement: Pick<maplibregl.MarkerOptions, 'anchor' | 'offset'> = !isArchipelago ? { anchor: 'center' } : f.properties.code === '48' ? { anchor: 'left', offset: [18, 0] } : { anchor: 'top', offset: [0, 16] };
      markers.current.push(new maplibregl.Marker({ element: el, ...placement }).setLngLat(f.properties.labelPoint).addTo(map));
    }

    if (p.boundaries && (forceFit || lastFit.current !== p.fitKey)) {
      lastFit.current = p.fitKey;
      const b = p.boundaries.bbox;
      const national = p.boundaries.level === 'province';
      map.fitBounds(national || !b ? VIETNAM : [[b[0], b[1]], [b[2], b[3]]], { padding: 16, animate: false });
    }
    declutter(markers.current);
  };

  useEffect(() => {
    sync();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.boundaries, props.fills, props.bubbles, props.points, props.show, props.fitKey, props.labelDetail]);

  // A popup belongs to the layer it was opened on.
  useEffect(() => {
    popup.current?.remove();
  }, [props.fitKey]);

  // Resize with the layout (the controls panel opening on a phone, the window).
  useEffect(() => {
    if (!container.current) return;
    const ro = new ResizeObserver(() => mapRef.current?.resize());
    ro.observe(container.current);
    return () => ro.disconnect();
  }, []);

  return <div ref={container} className="ts-map-canvas" data-testid="map-canvas" role="region" aria-label={props.ariaLabel} />;
}
