import { describe, expect, it } from 'vitest';
import { checkExpression, expressionFieldErrors, inWords, knownElements, referenceName, type CatalogueSnapshot } from './expressions.ts';

const snapshot: CatalogueSnapshot = {
  elements: new Map([
    ['HH_POOR', { nameVi: 'Số hộ nghèo', nameEn: 'Poor households', combos: new Map([['DEFAULT', { nameVi: 'Mặc định', nameEn: 'Default' }]]) }],
    [
      'U5',
      {
        nameVi: 'Số trẻ dưới 5 tuổi',
        nameEn: null,
        combos: new Map([
          ['NAM', { nameVi: 'Nam', nameEn: 'Male' }],
          ['NU', { nameVi: 'Nữ', nameEn: 'Female' }],
        ]),
      },
    ],
  ]),
};

describe('referenceName', () => {
  it('names totals and disaggregations, in either language (falling back to Vietnamese)', () => {
    expect(referenceName(snapshot, { dataElement: 'U5', combo: 'NU' }, 'vi')).toBe('Số trẻ dưới 5 tuổi (Nữ)');
    expect(referenceName(snapshot, { dataElement: 'U5', combo: 'NU' }, 'en')).toBe('Số trẻ dưới 5 tuổi (Female)');
    expect(referenceName(snapshot, { dataElement: 'HH_POOR' }, 'en')).toBe('Poor households');
    expect(referenceName(snapshot, { dataElement: 'U5', combo: 'X' }, 'vi')).toBeUndefined();
    expect(referenceName(snapshot, { dataElement: 'NONE' }, 'vi')).toBeUndefined();
  });
});

describe('knownElements', () => {
  it('lists each element with its combination codes', () => {
    expect([...knownElements(snapshot).dataElements.get('U5')!.combos]).toEqual(['NAM', 'NU']);
  });
});

describe('checkExpression', () => {
  it('gives the words and references of a valid expression', () => {
    expect(checkExpression('#{U5.NU} / #{U5} * 100', snapshot, 'vi', 'number')).toEqual({
      ok: true,
      valueType: 'number',
      description: 'Số trẻ dưới 5 tuổi (Nữ) ÷ Số trẻ dưới 5 tuổi × 100',
      references: [
        { dataElement: 'U5', combo: 'NU', name: 'Số trẻ dưới 5 tuổi (Nữ)', known: true },
        { dataElement: 'U5', name: 'Số trẻ dưới 5 tuổi', known: true },
      ],
    });
  });

  it('reports the first unknown reference with its position', () => {
    const res = checkExpression('#{HH_POOR} + #{U5.KHAC}', snapshot, 'en');
    expect(res).toMatchObject({ ok: false, valueType: 'number', error: { position: 13, length: 10 } });
    expect(res.error?.message).toBe("The data element 'U5' has no category option combination 'KHAC' (at position 14).");
  });

  it('reports syntax errors in the request language', () => {
    expect(checkExpression('(#{U5}', snapshot, 'vi').error?.message).toContain('ở vị trí');
    expect(checkExpression('(#{U5}', snapshot, 'en').error?.message).toContain('at position');
  });
});

describe('expressionFieldErrors', () => {
  it('gives one message per bad field, none for good ones', () => {
    expect(
      expressionFieldErrors(
        [
          { path: 'body.numerator', text: '#{U5.NU}', expect: 'number' },
          { path: 'body.denominator', text: '#{NOPE}', expect: 'number' },
          { path: 'body.left', text: '1 +', expect: 'number' },
        ],
        snapshot,
        'vi',
      ),
    ).toEqual([
      { path: 'body.denominator', message: "Không có phần tử dữ liệu mã 'NOPE' (ở vị trí 1)." },
      { path: 'body.left', message: "Thiếu toán hạng sau '+' ở vị trí 3." },
    ]);
  });
});

describe('inWords', () => {
  it('falls back to the text when it no longer parses', () => {
    expect(inWords('#{HH_POOR}', snapshot, 'vi')).toBe('Số hộ nghèo');
    expect(inWords('((', snapshot, 'vi')).toBe('((');
  });
});
