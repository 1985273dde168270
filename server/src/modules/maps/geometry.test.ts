import { describe, expect, it } from 'vitest';
import { cleanPolygons, findSelfIntersection, labelPoint, simplifyTogether } from './geometry.ts';

const sq = (x: number, y: number, s = 1) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

describe('findSelfIntersection', () => {
  it('finds a bow tie and where it crosses', () => {
    expect(findSelfIntersection([[[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]])).toEqual([1, 1]);
  });
  it('accepts simple rings, repeated points and a hole touching its outer ring at a vertex', () => {
    expect(findSelfIntersection([[sq(0, 0)]])).toBeNull();
    expect(findSelfIntersection([[[[0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]]]])).toBeNull();
    expect(findSelfIntersection([[[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[2, 0], [3, 1], [1, 1], [2, 0]]]])).toBeNull();
  });
  it('finds a hole crossing its outer ring, and two parts of a MultiPolygon overlapping', () => {
    expect(findSelfIntersection([[sq(0, 0, 4), sq(3, 1, 2)]])).not.toBeNull();
    expect(findSelfIntersection([[sq(0, 0, 2)], [sq(1, 1, 2)]])).not.toBeNull();
  });
});

describe('cleanPolygons', () => {
  it('drops repeated points and rings that enclose nothing', () => {
    const polys = cleanPolygons([[[[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]], [[[5, 5], [6, 5], [5, 5], [5, 5]]]]);
    expect(polys).toEqual([[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]]);
  });
});

describe('labelPoint', () => {
  it('lies inside a C-shaped polygon whose centroid does not', () => {
    const c = [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]];
    const [x, y] = labelPoint([[c]]) as [number, number];
    const inside = (x >= 0 && x <= 1 && y >= 0 && y <= 3) || (y >= 0 && y <= 1) || (y >= 2 && y <= 3);
    expect(inside).toBe(true);
  });
});

describe('simplifyTogether', () => {
  it('keeps the shared border of neighbours identical and merges parts with the same key', () => {
    // Two neighbours sharing a wiggly border, and an island for the first.
    const wiggle = Array.from({ length: 50 }, (_, i) => [1 + (i % 2) * 0.001, i / 49]);
    const left = [[[0, 0], ...wiggle, [0, 1], [0, 0]]];
    const right = [[[2, 0], [2, 1], ...wiggle.slice().reverse(), [2, 0]]];
    const out = simplifyTogether([{ key: 'a', polys: [left] }, { key: 'b', polys: [right] }, { key: 'a', polys: [[sq(5, 5, 0.001)]] }], 1e-4, 5);
    const a = out.get('a')!;
    const b = out.get('b')!;
    expect(a).toHaveLength(2);
    expect(a[0]![0]!.length).toBeLessThan(20);
    const key = (p: number[]) => p.join(',');
    const bPoints = new Set(b[0]![0]!.map(key));
    const shared = a[0]![0]!.filter((p) => p[0]! > 0.5 && p[0]! < 1.5);
    expect(shared.every((p) => bPoints.has(key(p)))).toBe(true);
    // The tiny island is kept whole.
    expect(a[1]![0]!).toHaveLength(5);
  });
});
