import { describe, expect, it } from 'vitest';
import { analyticsQueryString, requestFromQueryString } from '@shared/schemas/analytics.ts';
import { drillDown, drilledUnit, drillTo, moveDimension, normalizeLayout, parseState, requestQueryString, shiftDimension, stateParams, toRequest } from './analytics-state';

describe('layout', () => {
  it('keeps each dimension once and places missing ones', () => {
    expect(normalizeLayout({ rows: ['pe', 'pe', 'XX'], columns: [], filters: ['dx'] }, ['dx', 'pe', 'ou', 'SEX'])).toEqual({ rows: ['pe', 'ou'], columns: ['SEX'], filters: ['dx'] });
  });

  it('moves a dimension between axes, before another or at the end, and shifts it', () => {
    const l = { rows: ['ou', 'pe'], columns: ['dx'], filters: [] };
    expect(moveDimension(l, 'pe', 'columns')).toEqual({ rows: ['ou'], columns: ['dx', 'pe'], filters: [] });
    expect(moveDimension(l, 'pe', 'columns', 'dx')).toEqual({ rows: ['ou'], columns: ['pe', 'dx'], filters: [] });
    expect(moveDimension(l, 'ou', 'rows')).toEqual({ rows: ['pe', 'ou'], columns: ['dx'], filters: [] });
    expect(shiftDimension(l, 'pe', -1)).toEqual({ rows: ['pe', 'ou'], columns: ['dx'], filters: [] });
    expect(shiftDimension(l, 'ou', -1)).toEqual(l);
  });
});

describe('URL state', () => {
  it('has defaults for an empty URL', () => {
    const s = parseState(new URLSearchParams());
    expect(s).toMatchObject({ dx: [], pe: ['LAST_4_QUARTERS'], ou: ['USER_ORGUNIT_CHILDREN'], layout: { rows: ['ou'], columns: ['dx', 'pe'], filters: [] }, view: 'table', showTotals: true });
  });

  it('round-trips through the URL', () => {
    const s = parseState(new URLSearchParams('dx=in:TL_BHYT;de:POP_DTTS&pe=2025Q1;THIS_YEAR&ou=52;LEVEL-commune&co=SEX,ETHNIC:KINH;TAY&rows=ou,SEX&columns=pe&filters=dx,ETHNIC&hierarchy=pre2025&approvedOnly=true&view=chart&chart=stacked_column&hideEmpty=true&sort=desc:in:TL_BHYT~2025Q1&from=USER_ORGUNIT&fav=7'));
    expect(s.categories).toEqual([{ code: 'SEX' }, { code: 'ETHNIC', options: ['KINH', 'TAY'] }]);
    expect(s.sort).toEqual({ direction: 'desc', by: 'in:TL_BHYT\u00012025Q1' });
    expect(s).toMatchObject({ hierarchy: 'pre2025', approvedOnly: true, view: 'chart', chartType: 'stacked_column', hideEmptyRows: true, drillFrom: ['USER_ORGUNIT'], favourite: '7' });
    expect(parseState(stateParams(s))).toEqual(s);
  });

  it('writes the request in the API query-string form the server parses back', () => {
    const s = parseState(new URLSearchParams('dx=in:TL_BHYT&pe=2025&ou=USER_ORGUNIT_CHILDREN&co=SEX&rows=ou&columns=pe,SEX&filters=dx'));
    const req = toRequest(s);
    const qs = requestQueryString(req, { format: 'xlsx' });
    const parsed = analyticsQueryString.parse(Object.fromEntries(new URLSearchParams(qs)));
    expect(parsed.format).toBe('xlsx');
    // The defaults (2025 hierarchy, all data) are left out of the URL.
    expect(requestFromQueryString(parsed)).toEqual({ ...req, hierarchy: undefined, approvedOnly: undefined });
  });

  it('charts ask without totals', () => {
    expect(toRequest(parseState(new URLSearchParams()), true).totals).toBe(false);
  });
});

describe('drill-down', () => {
  it('remembers the first choice and goes back up', () => {
    const s = parseState(new URLSearchParams('dx=in:X&ou=USER_ORGUNIT_CHILDREN'));
    const d = drillDown(s, '52');
    expect(d.ou).toEqual(['CHILDREN-52']);
    expect(d.drillFrom).toEqual(['USER_ORGUNIT_CHILDREN']);
    expect(drilledUnit(d)).toBe('52');
    const deeper = drillDown(d, '900');
    expect(deeper.drillFrom).toEqual(['USER_ORGUNIT_CHILDREN']);
    expect(drillTo(deeper, '52').ou).toEqual(['CHILDREN-52']);
    const top = drillTo(deeper, null);
    expect(top.ou).toEqual(['USER_ORGUNIT_CHILDREN']);
    expect(top.drillFrom).toBeNull();
    expect(drilledUnit(top)).toBeNull();
  });
});
