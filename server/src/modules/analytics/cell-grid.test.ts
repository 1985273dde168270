import { describe, expect, it } from 'vitest';
import { TOTAL } from '@shared/schemas/analytics.ts';
import { CellGrid } from './cell-grid.ts';

const cellsFor = (grid: CellGrid, ou: string, pe: string) => {
  grid.set(grid.dimension('ou'), ou);
  grid.set(grid.dimension('pe'), pe);
  grid.fill();
  return [...grid.cells];
};

describe('CellGrid', () => {
  it('numbers cells so that numeric order is the dimensions’ order, each total after its items', () => {
    const grid = new CellGrid(['ou', 'pe'], [['52', '51'], ['2025Q1', '2025Q2']], true);
    const seen = new Map<number, Record<string, string>>();
    for (const ou of ['51', '52']) for (const pe of ['2025Q2', '2025Q1']) for (const cell of cellsFor(grid, ou, pe)) seen.set(cell, grid.coordinates(cell));
    const ordered = [...seen.keys()].sort((a, b) => a - b).map((c) => `${seen.get(c)!.ou}/${seen.get(c)!.pe}`);
    expect(ordered).toEqual([
      '52/2025Q1', '52/2025Q2', `52/${TOTAL}`,
      '51/2025Q1', '51/2025Q2', `51/${TOTAL}`,
      `${TOTAL}/2025Q1`, `${TOTAL}/2025Q2`, `${TOTAL}/${TOTAL}`,
    ]);
  });

  it('lists the cell itself and, with totals, every combination of its dimensions totalled', () => {
    const grid = new CellGrid(['ou', 'pe', 'SEX'], [['52'], ['2025'], ['MALE', 'FEMALE']], true);
    grid.set(grid.dimension('ou'), '52');
    grid.set(grid.dimension('pe'), '2025');
    grid.set(grid.dimension('SEX'), 'FEMALE');
    grid.fill();
    const coords = grid.cells.map((c) => grid.coordinates(c));
    expect(coords).toHaveLength(8);
    expect(coords[0]).toEqual({ ou: '52', pe: '2025', SEX: 'FEMALE' });
    expect(new Set(coords.map((c) => `${c.ou}|${c.pe}|${c.SEX}`)).size).toBe(8);
    expect(coords).toContainEqual({ ou: TOTAL, pe: TOTAL, SEX: TOTAL });
  });

  it('without totals a fact counts in its own cell only; a dimension not shown (a filter) is ignored', () => {
    const grid = new CellGrid(['ou'], [['52', '51']], false);
    grid.set(grid.dimension('pe'), '2025Q1');
    expect(grid.dimension('pe')).toBe(-1);
    expect(cellsFor(grid, '51', '2025Q1').map((c) => grid.coordinates(c))).toEqual([{ ou: '51' }]);
  });
});
