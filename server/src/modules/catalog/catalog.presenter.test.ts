import { describe, expect, it } from 'vitest';
import { presentProgramTree } from './catalog.presenter.ts';
import type { ProgramItemRow } from './catalog.repository.ts';

const row = (id: string, code: string, kind: ProgramItemRow['kind'], parent: string | null): ProgramItemRow => ({
  id,
  code,
  kind,
  parent_id: parent,
  name_vi: code,
  name_en: null,
  description: null,
  sort_order: 0,
  created_at: new Date(0),
  updated_at: new Date(0),
  data_element_count: '2',
  indicator_count: null,
});

describe('presentProgramTree', () => {
  it('nests rows under their parents, keeping the row order', () => {
    const tree = presentProgramTree([row('1', 'DA1', 'project', null), row('3', 'DA1.ND1', 'content', '1'), row('2', 'DA3', 'project', null), row('4', 'DA3.TDA1', 'subproject', '2'), row('5', 'DA3.TDA1.ND1', 'content', '4')]);
    expect(tree.map((n) => n.code)).toEqual(['DA1', 'DA3']);
    expect(tree[1].children[0].children[0]).toMatchObject({ code: 'DA3.TDA1.ND1', parentId: '4', dataElementCount: 2, indicatorCount: 0, children: [] });
  });
});
