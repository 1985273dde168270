import { describe, expect, it } from 'vitest';
import { sampleResponse } from './fixtures';
import { axisHeaders, axisTuples, buildPivot, formatValue, sortWithinGroups, tupleKey, TOTAL, type PivotLabels } from './pivot-model';

const labels: PivotLabels = { total: 'Tổng', grandTotal: 'Tổng cộng', value: 'Giá trị', dx: 'Dữ liệu', pe: 'Kỳ', ou: 'Đơn vị' };
const opts = { lang: 'vi' as const, labels };

describe('formatValue', () => {
  it('writes numbers the Vietnamese way with the item decimals', () => {
    expect(formatValue(1234.5, 1, 'vi')).toBe('1.234,5');
    expect(formatValue(1234567, 0, 'vi')).toBe('1.234.567');
    expect(formatValue(93, 1, 'vi')).toBe('93,0');
    expect(formatValue(1234.5, 1, 'en')).toBe('1,234.5');
    expect(formatValue(null, 1, 'vi')).toBe('');
  });
});

describe('axisTuples', () => {
  it('nests items, adds a subtotal after each group and the grand total, only where the server sent them', () => {
    const items = (d: string) => (d === 'a' ? ['a1', 'a2'] : ['b1', 'b2']);
    const present = new Set([tupleKey(['a1', TOTAL]), tupleKey([TOTAL, TOTAL])]);
    expect(axisTuples(['a', 'b'], items, present)).toEqual([
      ['a1', 'b1'],
      ['a1', 'b2'],
      ['a1', TOTAL],
      ['a2', 'b1'],
      ['a2', 'b2'],
      [TOTAL, TOTAL],
    ]);
    expect(axisTuples([], items, present)).toEqual([[]]);
  });

  it('gives header cells spans over their group and totals depth over the levels below', () => {
    const tuples = [
      ['a1', 'b1'],
      ['a1', 'b2'],
      ['a1', TOTAL],
      [TOTAL, TOTAL],
    ];
    const cells = axisHeaders(['a', 'b'], tuples, (_d, item, level) => ({ label: item === TOTAL ? (level === 0 ? 'Tổng cộng' : 'Tổng') : item, total: item === TOTAL }));
    expect(cells[0][0]).toMatchObject({ label: 'a1', span: 3, depth: 1 });
    expect(cells[1][0]).toBeNull();
    expect(cells[2][0]).toBeNull();
    expect(cells[2][1]).toMatchObject({ label: 'Tổng', span: 1, depth: 1, total: true });
    expect(cells[3][0]).toMatchObject({ label: 'Tổng cộng', span: 1, depth: 2, total: true });
    expect(cells[3][1]).toBeNull();
  });
});

describe('buildPivot', () => {
  it('lays out units in rows and data × periods in columns with nested headers', () => {
    const m = buildPivot(sampleResponse(), opts);
    expect(m.rowDims).toEqual(['ou']);
    expect(m.columnHeaders).toHaveLength(2);
    // Data items span their two quarters and the subtotal.
    expect(m.columnHeaders[0].map((c) => [c.label, c.span, c.depth])).toEqual([
      ['Tỷ lệ tham gia BHYT', 3, 1],
      ['Dân số DTTS', 3, 1],
    ]);
    expect(m.columnHeaders[1].map((c) => c.label)).toEqual(['Quý 1/2025', 'Quý 2/2025', 'Tổng', 'Quý 1/2025', 'Quý 2/2025', 'Tổng']);
    // The bottom header names each column for sorting.
    expect(m.columnHeaders[1].map((c) => c.leafKey)).toEqual(m.columns.map((c) => c.key));
    expect(m.columnHeaders[0][0].leafKey).toBeUndefined();
    expect(m.rows.map((r) => r.headers[0]?.label)).toEqual(['Tỉnh Gia Lai', 'Thành phố Hồ Chí Minh', 'Tổng cộng']);
  });

  it('takes totals from the server, never summing a ratio', () => {
    const m = buildPivot(sampleResponse(), opts);
    const total = m.rows.find((r) => r.total)!;
    expect(total.cells[2]).toMatchObject({ value: 93, text: '93,0', total: true });
    expect(total.cells[0].text).toBe('97,8');
    expect(m.rows[0].cells[3].text).toBe('1.234.567');
  });

  it('colours cells against their target by the indicator direction', () => {
    const m = buildPivot(sampleResponse(), opts);
    const gl = m.rows[0];
    expect(gl.cells[0]).toMatchObject({ target: 98, status: 'near' }); // 96,5 vs 98: within 10 %
    expect(gl.cells[1]).toMatchObject({ status: 'near' }); // 90,1 ≥ 88,2
    expect(m.rows[1].cells[0]).toMatchObject({ status: 'meeting' });
    // No target for a data element, nor for an empty cell.
    expect(gl.cells[3].status).toBeUndefined();
    expect(m.rows[1].cells[1].status).toBeUndefined();
    expect(m.hasTargets).toBe(true);
  });

  it('marks units with children as drillable', () => {
    const m = buildPivot(sampleResponse(), opts);
    expect(m.rows[0].headers[0]?.drillUnit).toBe('52');
    expect(m.rows[1].headers[0]?.drillUnit).toBeUndefined();
    expect(m.rows[2].headers[0]?.drillUnit).toBeUndefined();
  });

  it('puts two dimensions in rows with subtotals and row spans', () => {
    const m = buildPivot(sampleResponse({ rows: ['ou', 'pe'], columns: ['dx'] }), opts);
    expect(m.rows.map((r) => r.headers.map((h) => (h ? `${h.label}/${h.span}/${h.depth}` : null)))).toEqual([
      ['Tỉnh Gia Lai/3/1', 'Quý 1/2025/1/1'],
      [null, 'Quý 2/2025/1/1'],
      [null, 'Tổng/1/1'],
      ['Thành phố Hồ Chí Minh/3/1', 'Quý 1/2025/1/1'],
      [null, 'Quý 2/2025/1/1'],
      [null, 'Tổng/1/1'],
      ['Tổng cộng/1/2', null],
    ]);
    // No total over data items: the server sends none.
    expect(m.columns.map((c) => c.key)).toEqual(['in:TL_BHYT', 'de:POP_DTTS']);
  });

  it('hides empty rows and recomputes the spans', () => {
    const m = buildPivot(sampleResponse({ rows: ['ou', 'pe'], columns: ['dx'] }), { ...opts, hideEmptyRows: true });
    expect(m.rows.map((r) => r.tuple.join(' '))).toEqual(['52 2025Q1', '52 2025Q2', '52 TOTAL', '79 2025Q1', '79 TOTAL', 'TOTAL TOTAL']);
    expect(m.rows[3].headers[0]).toMatchObject({ label: 'Thành phố Hồ Chí Minh', span: 2 });
  });

  it('sorts by a column within groups, empty last, totals kept at the end', () => {
    const asc = buildPivot(sampleResponse({ columns: ['dx'], filters: ['pe'] }), { ...opts, sort: { column: 'de:POP_DTTS', dir: 'asc' } });
    expect(asc.rows.map((r) => r.tuple[0])).toEqual(['79', '52', TOTAL]);
    const desc = buildPivot(sampleResponse({ rows: ['ou', 'pe'], columns: ['dx'] }), { ...opts, sort: { column: 'in:TL_BHYT', dir: 'desc' } });
    expect(desc.rows.map((r) => r.tuple.join(' '))).toEqual(['52 2025Q1', '52 2025Q2', '52 TOTAL', '79 2025Q1', '79 2025Q2', '79 TOTAL', 'TOTAL TOTAL']);
    const descPe = buildPivot(sampleResponse({ rows: ['ou', 'pe'], columns: ['dx'] }), { ...opts, sort: { column: 'in:TL_BHYT', dir: 'asc' } });
    expect(descPe.rows.map((r) => r.tuple.join(' ')).slice(0, 3)).toEqual(['52 2025Q2', '52 2025Q1', '52 TOTAL']);
  });

  it('uses a single-item filter to find targets and shows one value column without column dimensions', () => {
    const r = sampleResponse({ rows: ['ou', 'pe'], columns: [], filters: ['dx'] });
    // One data item in the filter.
    r.request.dx = ['in:TL_BHYT'];
    r.metaData.dimensions.dx = ['in:TL_BHYT'];
    r.rows = [
      { ou: '52', pe: '2025Q1', value: 99 },
      { ou: '52', pe: '2025Q2', value: 80 },
    ];
    const m = buildPivot(r, opts);
    expect(m.columnHeaders).toEqual([[expect.objectContaining({ label: 'Giá trị' })]]);
    expect(m.rows[0].cells[0]).toMatchObject({ text: '99,0', status: 'meeting' });
    expect(m.rows[1].cells[0]).toMatchObject({ status: 'below' });
  });

  it('knows an empty answer', () => {
    const r = sampleResponse();
    r.rows = [];
    expect(buildPivot(r, opts).empty).toBe(true);
  });
});

describe('sortWithinGroups', () => {
  it('is stable for equal values', () => {
    const rows = [
      { tuple: ['a'], v: 1 },
      { tuple: ['b'], v: 1 },
      { tuple: ['c'], v: 0 },
    ];
    expect(sortWithinGroups(rows, (r) => r.v, 'desc').map((r) => r.tuple[0])).toEqual(['a', 'b', 'c']);
  });
});
