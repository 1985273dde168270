import { describe, expect, it } from 'vitest';
import { parseState } from './analytics-state';
import { favouriteBody, stateFromFavourite } from './favourites';

describe('favourites', () => {
  it('saves a pivot with its display and opens it again', () => {
    const s = { ...parseState(new URLSearchParams('dx=in:TL_BHYT&pe=2025;2024&ou=USER_ORGUNIT_CHILDREN&co=SEX&rows=ou&columns=pe,SEX&filters=dx&hideEmpty=true&sort=asc:2025')), favourite: null };
    const body = favouriteBody(s, 'BHYT theo tỉnh');
    expect(body).toMatchObject({ type: 'pivot', name: 'BHYT theo tỉnh', config: { request: { dx: ['in:TL_BHYT'], totals: true, rows: ['ou'] }, options: { hideEmptyRows: true, showTotals: true, sort: { by: '2025', direction: 'asc' } } } });
    const back = stateFromFavourite({ id: '9', type: 'pivot', config: body.config as never });
    expect(back).toEqual({ ...s, favourite: '9' });
  });

  it('saves a chart without totals, with its type', () => {
    const s = parseState(new URLSearchParams('dx=in:TL_BHYT&pe=LAST_5_YEARS&ou=USER_ORGUNIT&rows=pe&columns=dx&filters=ou&view=chart&chart=line'));
    const body = favouriteBody(s, 'Xu hướng');
    expect(body).toMatchObject({ type: 'chart', config: { request: { totals: false }, options: { chartType: 'line' } } });
    const back = stateFromFavourite({ id: '3', type: 'chart', config: body.config as never });
    expect(back).toMatchObject({ view: 'chart', chartType: 'line', layout: { rows: ['pe'], columns: ['dx'], filters: ['ou'] }, favourite: '3' });
  });
});
