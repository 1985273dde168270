// Analytics answers for the unit tests of the pivot and chart models: two provinces,
// an indicator with a target and a data element, two quarters, with the server's
// totals (a ratio's total is NOT the sum of its cells: 93,0 here, never 186,6).
import type { AnalyticsResponse } from '@shared/schemas/analytics.ts';

type Row = AnalyticsResponse['rows'][number];

const unit = (code: string, name: string, hasChildren: boolean) => ({
  code,
  name,
  kind: 'province',
  level: 2,
  hierarchy: '2025',
  hasChildren,
  parentId: '1',
  path: [],
  point: null,
});

export function sampleResponse(opts: { rows?: string[]; columns?: string[]; filters?: string[]; totals?: boolean } = {}): AnalyticsResponse {
  const rows = opts.rows ?? ['ou'];
  const columns = opts.columns ?? ['dx', 'pe'];
  const filters = opts.filters ?? [];
  const totals = opts.totals ?? true;
  // value by (dx, pe, ou); TOTAL entries are the server's.
  const v: Record<string, number | null> = {
    'in:TL_BHYT|2025Q1|52': 96.5,
    'in:TL_BHYT|2025Q2|52': 90.1,
    'in:TL_BHYT|2025Q1|79': 99.2,
    'in:TL_BHYT|2025Q2|79': null,
    'in:TL_BHYT|TOTAL|52': 93.3,
    'in:TL_BHYT|TOTAL|79': 99.2,
    'in:TL_BHYT|2025Q1|TOTAL': 97.8,
    'in:TL_BHYT|2025Q2|TOTAL': 90.1,
    'in:TL_BHYT|TOTAL|TOTAL': 93,
    'de:POP_DTTS|2025Q1|52': 1234567,
    'de:POP_DTTS|2025Q2|52': 1240000,
    'de:POP_DTTS|2025Q1|79': 500,
    'de:POP_DTTS|2025Q2|79': null,
    'de:POP_DTTS|TOTAL|52': 1240000,
    'de:POP_DTTS|TOTAL|79': 500,
    'de:POP_DTTS|2025Q1|TOTAL': 1235067,
    'de:POP_DTTS|2025Q2|TOTAL': 1240000,
    'de:POP_DTTS|TOTAL|TOTAL': 1240500,
  };
  const out: Row[] = [];
  const shown = [...rows, ...columns];
  for (const [k, value] of Object.entries(v)) {
    const [dx, pe, ou] = k.split('|');
    const row: Row = {};
    const items: Record<string, string> = { dx, pe, ou };
    // A dimension in the filters is collapsed; a TOTAL for it is not a row of its own.
    if (filters.some((f) => items[f] !== 'TOTAL')) continue;
    if (!totals && shown.some((d) => items[d] === 'TOTAL')) continue;
    // Totals over data items do not exist (different units of measure).
    for (const d of shown) row[d] = items[d];
    if (value === null) continue;
    row.value = value;
    out.push(row);
  }
  return {
    request: { dx: ['in:TL_BHYT', 'de:POP_DTTS'], pe: ['2025Q1', '2025Q2'], ou: ['52', '79'], categories: [], rows, columns, filters, hierarchy: '2025', approvedOnly: false, totals },
    headers: [...shown, 'value'],
    rows: out,
    metaData: {
      dx: {
        'in:TL_BHYT': { kind: 'indicator', code: 'TL_BHYT', name: 'Tỷ lệ tham gia BHYT', decimals: 1, direction: 'higher', unitOfMeasure: '%' },
        'de:POP_DTTS': { kind: 'dataElement', code: 'POP_DTTS', name: 'Dân số DTTS', decimals: 0, aggregationType: 'sum' },
      },
      pe: {
        '2025Q1': { name: 'Quý 1/2025', type: 'quarter', start: '2025-01-01', end: '2025-03-31' },
        '2025Q2': { name: 'Quý 2/2025', type: 'quarter', start: '2025-04-01', end: '2025-06-30' },
      },
      ou: { '52': unit('52', 'Tỉnh Gia Lai', true), '79': unit('79', 'Thành phố Hồ Chí Minh', false) },
      categories: {},
      dimensions: { dx: ['in:TL_BHYT', 'de:POP_DTTS'], pe: ['2025Q1', '2025Q2'], ou: ['52', '79'] },
      targets: [
        { dx: 'in:TL_BHYT', ou: '52', pe: '2025Q1', value: 98, unitId: '1', period: '2025' },
        { dx: 'in:TL_BHYT', ou: '52', pe: '2025Q2', value: 98, unitId: '1', period: '2025' },
        { dx: 'in:TL_BHYT', ou: '79', pe: '2025Q1', value: 98, unitId: '1', period: '2025' },
        { dx: 'in:TL_BHYT', ou: '79', pe: '2025Q2', value: 98, unitId: '1', period: '2025' },
      ],
    },
  };
}
