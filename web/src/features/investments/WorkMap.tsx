// A small MapLibre map of works, with no tile server: a plain background, the province
// outlines when the maps module serves them (/api/maps/boundaries), and the works as
// points coloured by physical progress. With `onPick` a click (or tap) sets the point
// of the work being edited, shown as a draggable marker; without it the map only shows.
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre finds its worker next to its own file at run time, which a bundle does not keep.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { useEffect, useRef } from 'react';
import { type LonLat, provinceBoundaries } from './api';

maplibregl.setWorkerUrl(workerUrl);

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
// The whole country with both archipelagos.
const VIETNAM: [[number, number], [number, number]] = [[102.1, 7.4], [117.9, 23.4]];
// Any map of Vietnam marks Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa) as Vietnamese territory.
const ARCHIPELAGOS: { point: [number, number]; name: string }[] = [
  { point: [112.0, 16.5], name: 'Quần đảo Hoàng Sa (Đà Nẵng)' },
  { point: [114.3, 10.0], name: 'Quần đảo Trường Sa (Khánh Hòa)' },
];

export interface MapPoint {
  id: string;
  point: LonLat;
  color: string;
  label: string;
}

export function WorkMap(props: {
  points?: MapPoint[];
  value?: LonLat | null;
  onPick?: (p: LonLat) => void;
  /** Where to look first when there is no value (the unit's centre). */
  centre?: LonLat | null;
  height?: number;
  onOpen?: (id: string) => void;
  testId?: string;
  ariaLabel: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  // Set once the sources exist (isStyleLoaded() stays false while a GeoJSON source is parsing).
  const ready = useRef(false);
  const pendingFocus = useRef<(() => void) | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const boundaries = useQuery({ queryKey: ['maps', 'boundaries', 'province'], queryFn: ({ signal }) => provinceBoundaries(signal), staleTime: 3_600_000 });

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef3e8' } }] },
      bounds: VIETNAM,
      fitBoundsOptions: { padding: 8 },
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      map.addSource('provinces', { type: 'geojson', data: EMPTY });
      map.addSource('works', { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'provinces-fill', type: 'fill', source: 'provinces', paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.7 } });
      map.addLayer({ id: 'provinces-line', type: 'line', source: 'provinces', paint: { 'line-color': '#868e96', 'line-width': 0.8 } });
      map.addSource('archipelagos', { type: 'geojson', data: { type: 'FeatureCollection', features: ARCHIPELAGOS.map((a) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: a.point } })) } });
      map.addLayer({ id: 'archipelagos', type: 'circle', source: 'archipelagos', paint: { 'circle-radius': 12, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#c92a2a', 'circle-stroke-width': 1.5 } });
      for (const a of ARCHIPELAGOS) {
        const el = document.createElement('div');
        el.className = 'ts-work-map-archipelago';
        el.textContent = a.name;
        new maplibregl.Marker({ element: el, anchor: 'top', offset: [0, 14] }).setLngLat(a.point).addTo(map);
      }
      map.addLayer({ id: 'works', type: 'circle', source: 'works', paint: { 'circle-radius': 6, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } });
      map.on('click', 'works', (e) => {
        const id = e.features?.[0]?.properties?.id as string | undefined;
        if (id && !latest.current.onPick) latest.current.onOpen?.(id);
      });
      // The work's name on hover (the browser's fonts: MapLibre's own text needs a glyph server).
      const hover = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 8, maxWidth: '260px' });
      map.on('mouseenter', 'works', (e) => {
        map.getCanvas().style.cursor = latest.current.onOpen ? 'pointer' : '';
        const f = e.features?.[0];
        if (!f || f.geometry.type !== 'Point') return;
        const text = document.createElement('div');
        text.textContent = String(f.properties?.label ?? '');
        text.style.fontSize = '13px';
        hover.setLngLat(f.geometry.coordinates as [number, number]).setDOMContent(text).addTo(map);
      });
      map.on('mouseleave', 'works', () => {
        map.getCanvas().style.cursor = '';
        hover.remove();
      });
      ready.current = true;
      sync();
      pendingFocus.current?.();
      pendingFocus.current = null;
    });
    map.on('click', (e) => {
      const pick = latest.current.onPick;
      if (pick) pick([Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6]);
    });
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      marker.current = null;
      ready.current = false;
    };
    // The map is made once; sync() below follows the props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const sync = () => {
    const map = mapRef.current;
    if (!map || !ready.current) return;
    const p = latest.current;
    const shapes = boundaries.data ? { ...boundaries.data, features: boundaries.data.features.filter((f) => f.geometry.type !== 'Point') } : EMPTY;
    (map.getSource('provinces') as GeoJSONSource | undefined)?.setData(shapes);
    (map.getSource('works') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: (p.points ?? []).map((w) => ({ type: 'Feature', properties: { id: w.id, color: w.color, label: w.label }, geometry: { type: 'Point', coordinates: w.point } })),
    });
    if (p.value) {
      if (!marker.current) {
        marker.current = new maplibregl.Marker({ color: '#c92a2a', draggable: Boolean(p.onPick) }).setLngLat(p.value).addTo(map);
        marker.current.on('dragend', () => {
          const ll = marker.current!.getLngLat();
          latest.current.onPick?.([Math.round(ll.lng * 1e6) / 1e6, Math.round(ll.lat * 1e6) / 1e6]);
        });
      } else marker.current.setLngLat(p.value);
    } else if (marker.current) {
      marker.current.remove();
      marker.current = null;
    }
  };

  useEffect(() => {
    sync();
  });

  // Look at the point, else the unit's centre, else the works shown.
  const focus = props.value ? props.value.join(',') : props.centre ? `c${props.centre.join(',')}` : `w${(props.points ?? []).length}`;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const go = () => {
      const p = latest.current;
      if (p.value) map.jumpTo({ center: p.value, zoom: Math.max(map.getZoom(), 11) });
      else if (p.centre) map.jumpTo({ center: p.centre, zoom: 10 });
      else if (p.points && p.points.length > 0) {
        const b = new maplibregl.LngLatBounds(p.points[0]!.point, p.points[0]!.point);
        for (const w of p.points) b.extend(w.point);
        map.fitBounds(b, { padding: 40, maxZoom: 11, duration: 0 });
      }
    };
    if (ready.current) go();
    else pendingFocus.current = go;
    // Only when what to look at changes, not on every pick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus.startsWith('w') || focus.startsWith('c') ? focus : 'value']);

  return <div ref={container} className="ts-work-map" style={{ height: props.height ?? 260 }} role="region" aria-label={props.ariaLabel} data-testid={props.testId} />;
}
