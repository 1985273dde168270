import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { buildProvinces2025 } from './boundaries-source.ts';

const square = (x: number, y: number, size = 1): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});

describe('buildProvinces2025', () => {
  const base = {
    oldProvinces: [{ code: '01', name: 'Hà Nội' }, { code: '02', name: 'Hà Giang' }, { code: '48', name: 'Đà Nẵng' }, { code: '56', name: 'Khánh Hòa' }],
    links: [{ old: '01', new: '01' }, { old: '02', new: '01' }, { old: '48', new: '48' }, { old: '56', new: '56' }],
    newProvinces: [{ code: '01', name: 'Hà Nội', fullName: 'Thành phố Hà Nội' }, { code: '48', name: 'Đà Nẵng', fullName: 'Thành phố Đà Nẵng' }, { code: '56', name: 'Khánh Hòa', fullName: 'Tỉnh Khánh Hòa' }],
    archipelagos: [
      { neCode: 'CN-X01~', geometry: square(112, 16, 0.01) },
      { neCode: '-99-X08~', geometry: square(114, 10, 0.01) },
    ],
    minWeight: 0,
    decimals: 4,
  };

  it('dissolves old provinces along their shared border, by ISO code, and gives the archipelagos to Đà Nẵng and Khánh Hòa', () => {
    const { collection, report } = buildProvinces2025({
      ...base,
      features: [
        { iso: 'VN-HN', name: 'Ha Noi', geometry: square(105, 21) },
        { iso: 'VN-03', name: 'Hà Giang', geometry: square(106, 21) },
        { iso: 'VN-DN', name: 'Đà Nẵng', geometry: square(108, 16) },
        { iso: 'VN-34', name: 'Sai tên', geometry: square(109, 12) },
      ],
    });
    const hanoi = collection.features.find((f) => f.properties?.code === '01');
    expect(hanoi?.geometry).toEqual({ type: 'Polygon', coordinates: [expect.any(Array)] });
    // One ring around both squares: the inner border is gone.
    const ring = (hanoi?.geometry as Polygon).coordinates[0]!;
    expect(Math.min(...ring.map((p) => p[0]!))).toBe(105);
    expect(Math.max(...ring.map((p) => p[0]!))).toBe(107);
    const danang = collection.features.find((f) => f.properties?.code === '48');
    expect(danang?.geometry.type).toBe('MultiPolygon');
    const labels = collection.features.filter((f) => f.properties?.kind === 'archipelago').map((f) => f.properties?.name);
    expect(labels).toEqual(['Quần đảo Hoàng Sa (Đà Nẵng)', 'Quần đảo Trường Sa (Khánh Hòa)']);
    expect(report.nameDisagreements).toEqual([{ iso: 'VN-34', neName: 'Sai tên', province: '56 Khánh Hòa' }]);
    expect(report.provincesWithoutShape).toEqual([]);
  });

  it('reports what it cannot map instead of guessing', () => {
    const { report } = buildProvinces2025({ ...base, features: [{ iso: 'VN-XX', name: 'Không rõ', geometry: square(1, 1) }] });
    expect(report.unknownFeatures).toEqual(['VN-XX Không rõ']);
    expect(report.provincesWithoutShape).toEqual(['01 Hà Nội', '02 Hà Giang', '48 Đà Nẵng', '56 Khánh Hòa']);
  });
});
