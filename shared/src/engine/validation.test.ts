import { describe, expect, it } from 'vitest';
import { referenceKey, type MissingValueStrategy, type ValueLookup } from './expression.ts';
import {
  checkElementValue,
  checkValidationRule,
  elementValueLookup,
  evaluateValidationRule,
  formatNumber,
  parseNumber,
  ruleReferences,
  runValidation,
  ValidationRuleError,
  type ElementRules,
  type ValidationOperator,
  type ValidationRule,
} from './validation.ts';

const values =
  (map: Record<string, number>): ValueLookup =>
  (ref) =>
    map[referenceKey(ref)];

function rule(
  operator: ValidationOperator,
  left = '#{HH_SUPPORTED}',
  right = '#{HH_POOR}',
  missingValueStrategy: MissingValueStrategy = 'skip-if-any-missing',
): ValidationRule {
  return {
    code: `R_${operator}`,
    name: 'Quy tắc thử',
    left,
    operator,
    right,
    importance: 'high',
    message: 'Số hộ được hỗ trợ không được vượt quá số hộ nghèo.',
    messageEn: 'Households supported must not exceed poor households.',
    missingValueStrategy,
  };
}

describe('validation rules: comparison operators', () => {
  const table: [ValidationOperator, number, number, 'pass' | 'fail'][] = [
    ['<=', 50, 200, 'pass'],
    ['<=', 200, 200, 'pass'],
    ['<=', 201, 200, 'fail'],
    ['<', 199, 200, 'pass'],
    ['<', 200, 200, 'fail'],
    ['==', 200, 200, 'pass'],
    ['==', 199, 200, 'fail'],
    ['!=', 199, 200, 'pass'],
    ['!=', 200, 200, 'fail'],
    ['>=', 200, 200, 'pass'],
    ['>=', 199, 200, 'fail'],
    ['>', 201, 200, 'pass'],
    ['>', 200, 200, 'fail'],
  ];
  it.each(table)('%s with %i and %i: %s', (operator, left, right, status) => {
    const outcome = evaluateValidationRule(rule(operator), values({ HH_SUPPORTED: left, HH_POOR: right }));
    expect(outcome).toEqual({
      status,
      leftValue: left,
      rightValue: right,
      references: [{ dataElement: 'HH_SUPPORTED' }, { dataElement: 'HH_POOR' }],
    });
  });

  it('compares sums of disaggregations with a tolerance', () => {
    const sumRule = rule('==', '#{HH_SUPPORTED.KINH_MALE} + #{HH_SUPPORTED.KINH_FEMALE}', '#{HH_SUPPORTED}');
    expect(evaluateValidationRule(sumRule, values({ 'HH_SUPPORTED.KINH_MALE': 0.1, 'HH_SUPPORTED.KINH_FEMALE': 0.2, HH_SUPPORTED: 0.3 })).status).toBe('pass');
    expect(evaluateValidationRule(sumRule, values({ 'HH_SUPPORTED.KINH_MALE': 3, 'HH_SUPPORTED.KINH_FEMALE': 4, HH_SUPPORTED: 8 })).status).toBe('fail');
  });

  it('accepts constants and indicator-like sides', () => {
    const rate = rule('<=', '#{HH_SUPPORTED} / #{HH_POOR} * 100', '100');
    expect(evaluateValidationRule(rate, values({ HH_SUPPORTED: 50, HH_POOR: 40 }))).toMatchObject({ status: 'fail', leftValue: 125, rightValue: 100 });
  });
});

describe('validation rules: missing values', () => {
  const onlyLeft = values({ HH_SUPPORTED: 50 });
  const nothing = values({});

  it("'skip-if-any-missing' skips the rule", () => {
    expect(evaluateValidationRule(rule('<=', undefined, undefined, 'skip-if-any-missing'), onlyLeft).status).toBe('skipped');
    expect(evaluateValidationRule(rule('<=', undefined, undefined, 'skip-if-any-missing'), nothing).status).toBe('skipped');
  });

  it("'zero' counts missing values as 0", () => {
    expect(evaluateValidationRule(rule('<=', undefined, undefined, 'zero'), onlyLeft)).toMatchObject({ status: 'fail', leftValue: 50, rightValue: 0 });
    expect(evaluateValidationRule(rule('<=', undefined, undefined, 'zero'), nothing)).toMatchObject({ status: 'pass', leftValue: 0, rightValue: 0 });
  });

  it("'never-skip' fails the rule when a side cannot be computed", () => {
    expect(evaluateValidationRule(rule('<=', undefined, undefined, 'never-skip'), onlyLeft)).toMatchObject({ status: 'fail', leftValue: 50, rightValue: null });
    expect(evaluateValidationRule(rule('<=', 'coalesce(#{HH_SUPPORTED}, 0)', 'coalesce(#{HH_POOR}, 0)', 'never-skip'), nothing).status).toBe('pass');
  });

  it('skips on division by zero unless never-skip', () => {
    const ratio = (strategy: MissingValueStrategy) => rule('<=', '#{HH_SUPPORTED} / #{HH_POOR}', '1', strategy);
    const zeroPoor = values({ HH_SUPPORTED: 5, HH_POOR: 0 });
    expect(evaluateValidationRule(ratio('skip-if-any-missing'), zeroPoor)).toMatchObject({ status: 'skipped', leftValue: null });
    expect(evaluateValidationRule(ratio('zero'), zeroPoor).status).toBe('skipped');
    expect(evaluateValidationRule(ratio('never-skip'), zeroPoor).status).toBe('fail');
  });
});

describe('validation rules: pairs', () => {
  const pair = (operator: 'compulsory_pair' | 'exclusive_pair', strategy: MissingValueStrategy = 'skip-if-any-missing') =>
    rule(operator, '#{HH_SUPPORTED}', '#{FUNDS_SPENT}', strategy);

  it('compulsory_pair: both sides or neither', () => {
    expect(evaluateValidationRule(pair('compulsory_pair'), values({ HH_SUPPORTED: 5, FUNDS_SPENT: 100 })).status).toBe('pass');
    expect(evaluateValidationRule(pair('compulsory_pair'), values({})).status).toBe('pass');
    expect(evaluateValidationRule(pair('compulsory_pair'), values({ HH_SUPPORTED: 5 }))).toMatchObject({ status: 'fail', leftValue: 5, rightValue: null });
    expect(evaluateValidationRule(pair('compulsory_pair'), values({ FUNDS_SPENT: 100 }))).toMatchObject({ status: 'fail', leftValue: null, rightValue: 100 });
  });

  it('compulsory_pair counts a stored 0 as data, whatever the strategy', () => {
    for (const strategy of ['skip-if-any-missing', 'zero', 'never-skip'] as const) {
      expect(evaluateValidationRule(pair('compulsory_pair', strategy), values({ HH_SUPPORTED: 0, FUNDS_SPENT: 0 })).status).toBe('pass');
      expect(evaluateValidationRule(pair('compulsory_pair', strategy), values({ HH_SUPPORTED: 0 })).status).toBe('fail');
    }
  });

  it('exclusive_pair: never both sides', () => {
    expect(evaluateValidationRule(pair('exclusive_pair'), values({ HH_SUPPORTED: 5, FUNDS_SPENT: 100 })).status).toBe('fail');
    expect(evaluateValidationRule(pair('exclusive_pair'), values({ HH_SUPPORTED: 0, FUNDS_SPENT: 0 })).status).toBe('fail');
    expect(evaluateValidationRule(pair('exclusive_pair'), values({ HH_SUPPORTED: 5 })).status).toBe('pass');
    expect(evaluateValidationRule(pair('exclusive_pair'), values({ FUNDS_SPENT: 5 })).status).toBe('pass');
    expect(evaluateValidationRule(pair('exclusive_pair'), values({})).status).toBe('pass');
  });

  it('a side made of several elements has data when any of them has', () => {
    const sides = rule('compulsory_pair', '#{HH_SUPPORTED.KINH_MALE} + #{HH_SUPPORTED.KINH_FEMALE}', '#{FUNDS_SPENT}');
    const outcome = evaluateValidationRule(sides, values({ 'HH_SUPPORTED.KINH_FEMALE': 3 }));
    expect(outcome).toMatchObject({ status: 'fail', leftValue: null, rightValue: null });
    expect(evaluateValidationRule(sides, values({ 'HH_SUPPORTED.KINH_FEMALE': 3, FUNDS_SPENT: 10 })).status).toBe('pass');
  });
});

describe('runValidation', () => {
  const rules: ValidationRule[] = [
    rule('<=', '#{HH_SUPPORTED}', '#{HH_POOR}'),
    { ...rule('compulsory_pair', '#{HH_SUPPORTED}', '#{FUNDS_SPENT}'), code: 'PAIR', importance: 'low', message: 'Có hộ được hỗ trợ thì phải có kinh phí.', messageEn: undefined },
    rule('>=', '#{HH_POOR}', '0'),
  ];

  it('returns violations in rule order with both values and messages', () => {
    const violations = runValidation(rules, values({ HH_SUPPORTED: 250, HH_POOR: 200 }));
    expect(violations).toEqual([
      {
        ruleCode: 'R_<=',
        ruleName: 'Quy tắc thử',
        importance: 'high',
        operator: '<=',
        leftValue: 250,
        rightValue: 200,
        message: 'Số hộ được hỗ trợ không được vượt quá số hộ nghèo.',
        messageEn: 'Households supported must not exceed poor households.',
        references: [{ dataElement: 'HH_SUPPORTED' }, { dataElement: 'HH_POOR' }],
      },
      {
        ruleCode: 'PAIR',
        ruleName: 'Quy tắc thử',
        importance: 'low',
        operator: 'compulsory_pair',
        leftValue: 250,
        rightValue: null,
        message: 'Có hộ được hỗ trợ thì phải có kinh phí.',
        messageEn: 'Có hộ được hỗ trợ thì phải có kinh phí.',
        references: [{ dataElement: 'HH_SUPPORTED' }, { dataElement: 'FUNDS_SPENT' }],
      },
    ]);
  });

  it('returns nothing for clean data and is deterministic', () => {
    const clean = values({ HH_SUPPORTED: 50, HH_POOR: 200, FUNDS_SPENT: 1000 });
    expect(runValidation(rules, clean)).toEqual([]);
    const dirty = values({ HH_SUPPORTED: 250, HH_POOR: -1 });
    expect(runValidation(rules, dirty)).toEqual(runValidation(rules, dirty));
    expect(runValidation(rules, dirty).map((v) => v.ruleCode)).toEqual(['R_<=', 'PAIR', 'R_>=']);
  });

  it('throws a ValidationRuleError for a rule that does not parse', () => {
    const broken = rule('<=', '#{HH_SUPPORTED} +', '#{HH_POOR}');
    expect(() => runValidation([broken], values({}))).toThrow(ValidationRuleError);
    try {
      runValidation([broken], values({}));
    } catch (error) {
      const e = error as ValidationRuleError;
      expect(e.ruleCode).toBe('R_<=');
      expect(e.side).toBe('left');
      expect(e.detail.position).toBe(16);
    }
  });

  it('lists every element the rules read', () => {
    expect(ruleReferences(rules).map(referenceKey)).toEqual(['HH_SUPPORTED', 'HH_POOR', 'FUNDS_SPENT']);
  });
});

describe('checkValidationRule', () => {
  const known = {
    dataElements: new Map([
      ['HH_POOR', { combos: new Set<string>() }],
      ['HH_SUPPORTED', { combos: new Set(['KINH_FEMALE']) }],
    ]),
  };

  it('accepts a good rule', () => {
    expect(checkValidationRule(rule('<='), known)).toEqual([]);
    expect(checkValidationRule(rule('==', '#{HH_SUPPORTED.KINH_FEMALE} * 2', '#{HH_POOR}'), known)).toEqual([]);
  });

  it('reports syntax errors, condition sides and unknown references per side', () => {
    expect(checkValidationRule({ left: '(#{HH_SUPPORTED}', right: '#{HH_POOR} > 0' })).toEqual([
      {
        side: 'left',
        error: expect.objectContaining({ position: 16, length: 0, message: "Thiếu dấu ngoặc đóng ')' ở vị trí 17 (dấu '(' mở ở vị trí 1)." }),
      },
      { side: 'right', error: expect.objectContaining({ message: 'Biểu thức phải cho ra một số, không phải một điều kiện đúng/sai.' }) },
    ]);
    const unknown = checkValidationRule({ left: '#{HH_SUPPORTED.TAY}', right: '#{NOPE}' }, known);
    expect(unknown.map((p) => [p.side, p.error.position, p.error.length])).toEqual([
      ['left', 0, 19],
      ['right', 0, 7],
    ]);
  });
});

describe('checkElementValue', () => {
  const integer: ElementRules = { valueType: 'integer', min: 0 };

  it('parses integers typed the Vietnamese way and flags ambiguity', () => {
    expect(checkElementValue(integer, '1.234', 'vi')).toEqual({
      ok: true,
      value: 1234,
      stored: '1234',
      display: '1.234',
      ambiguous: { alternative: 1.234, alternativeDisplay: '1,234' },
    });
    expect(checkElementValue(integer, '56', 'vi')).toEqual({ ok: true, value: 56, stored: '56', display: '56' });
    expect(checkElementValue(integer, 56, 'vi')).toEqual({ ok: true, value: 56, stored: '56', display: '56' });
  });

  it('refuses fractions, negatives below min, and non-numbers for integers', () => {
    expect(checkElementValue(integer, '12,5', 'vi')).toMatchObject({ ok: false, code: 'not_an_integer', message: 'Phải là số nguyên (đã nhập 12,5).' });
    expect(checkElementValue(integer, '-3', 'vi')).toMatchObject({ ok: false, code: 'below_min', message: 'Giá trị -3 nhỏ hơn mức tối thiểu 0.' });
    expect(checkElementValue(integer, 'mười', 'vi')).toMatchObject({ ok: false, code: 'not_a_number' });
    expect(checkElementValue(integer, '1.2.3,4,5', 'vi')).toMatchObject({ ok: false, code: 'bad_separators' });
    expect(checkElementValue(integer, true, 'vi')).toMatchObject({ ok: false, code: 'not_a_number' });
    expect(checkElementValue(integer, Number.NaN, 'vi')).toMatchObject({ ok: false, code: 'not_a_number' });
    expect(checkElementValue(integer, '99.999.999.999.999', 'vi')).toMatchObject({ ok: true, value: 99999999999999 });
  });

  it('checks numbers against min and max', () => {
    const bounded: ElementRules = { valueType: 'number', min: 1, max: 1000 };
    expect(checkElementValue(bounded, '1.000,5', 'vi')).toMatchObject({ ok: false, code: 'above_max', message: 'Giá trị 1.000,5 lớn hơn mức tối đa 1.000.' });
    expect(checkElementValue(bounded, '1,000.5', 'en')).toMatchObject({ ok: false, messageEn: '1,000.5 is above the maximum of 1,000.' });
    expect(checkElementValue(bounded, '999,5', 'vi')).toMatchObject({ ok: true, value: 999.5, stored: '999.5', display: '999,5' });
    expect(checkElementValue(bounded, '0,5', 'vi')).toMatchObject({ ok: false, code: 'below_min' });
  });

  it('keeps percentages within 0–100 and accepts a % sign', () => {
    const pct: ElementRules = { valueType: 'percentage' };
    expect(checkElementValue(pct, '12,5%', 'vi')).toMatchObject({ ok: true, value: 12.5 });
    expect(checkElementValue(pct, '100', 'vi')).toMatchObject({ ok: true, value: 100 });
    expect(checkElementValue(pct, '100,1', 'vi')).toMatchObject({ ok: false, code: 'percentage_range' });
    expect(checkElementValue(pct, '-1', 'en')).toMatchObject({ ok: false, code: 'percentage_range' });
    expect(checkElementValue(pct, '%', 'en')).toMatchObject({ ok: false, code: 'not_a_number' });
  });

  it('stores zero unless the element says zero is not significant', () => {
    expect(checkElementValue({ valueType: 'integer' }, '0', 'vi')).toMatchObject({ ok: true, value: 0, stored: '0' });
    expect(checkElementValue({ valueType: 'integer', zeroIsSignificant: true }, '0', 'vi')).toMatchObject({ stored: '0' });
    expect(checkElementValue({ valueType: 'integer', zeroIsSignificant: false }, '0', 'vi')).toMatchObject({ ok: true, value: 0, stored: null });
    expect(checkElementValue({ valueType: 'number', zeroIsSignificant: false }, '-0', 'vi')).toMatchObject({ stored: null });
  });

  it('lets required cells be empty while drafting but not on submission', () => {
    const required: ElementRules = { valueType: 'integer', required: true };
    expect(checkElementValue(required, '  ', 'vi')).toEqual({ ok: true, value: null, stored: null, display: '' });
    expect(checkElementValue(required, null, 'vi', { mode: 'entry' })).toMatchObject({ ok: true, value: null });
    expect(checkElementValue(required, '', 'vi', { mode: 'submission' })).toMatchObject({
      ok: false,
      code: 'required',
      message: 'Chỉ tiêu này bắt buộc phải nhập.',
    });
    expect(checkElementValue({ valueType: 'integer' }, '', 'vi', { mode: 'submission' })).toMatchObject({ ok: true, value: null });
  });

  it('reads yes/no in Vietnamese and English', () => {
    const yesNo: ElementRules = { valueType: 'boolean' };
    for (const yes of ['có', 'Có', 'CÓ', 'co', 'Đúng', 'yes', 'Y', 'true', '1', 'x', true]) {
      expect(checkElementValue(yesNo, yes, 'vi')).toMatchObject({ ok: true, value: true, stored: 'true', display: 'Có' });
    }
    for (const no of ['không', 'Khong', 'K', 'sai', 'no', 'false', '0', false]) {
      expect(checkElementValue(yesNo, no, 'en')).toMatchObject({ ok: true, value: false, stored: 'false', display: 'No' });
    }
    expect(checkElementValue(yesNo, 'có lẽ', 'vi')).toMatchObject({ ok: false, code: 'not_a_boolean' });
    expect(checkElementValue(yesNo, 2, 'vi')).toMatchObject({ ok: false, code: 'not_a_boolean' });
  });

  it('normalises text to NFC and counts characters after normalising', () => {
    const note: ElementRules = { valueType: 'text', maxLength: 5 };
    const nfd = 'Hà Nội'.normalize('NFD');
    expect(checkElementValue({ valueType: 'text' }, `  ${nfd} `, 'vi')).toMatchObject({ ok: true, stored: 'Hà Nội'.normalize('NFC') });
    expect(checkElementValue(note, 'Ê Đê'.normalize('NFD'), 'vi')).toMatchObject({ ok: true, stored: 'Ê Đê' });
    expect(checkElementValue(note, 'Gia Lai', 'vi')).toMatchObject({ ok: false, code: 'too_long', message: 'Nội dung dài 7 ký tự, vượt quá giới hạn 5 ký tự.' });
  });

  it('reads dates as dd/mm/yyyy or yyyy-mm-dd and stores ISO dates', () => {
    const date: ElementRules = { valueType: 'date' };
    expect(checkElementValue(date, '15/07/2025', 'vi')).toEqual({ ok: true, value: '2025-07-15', stored: '2025-07-15', display: '15/07/2025' });
    expect(checkElementValue(date, '5/7/2025', 'vi')).toMatchObject({ stored: '2025-07-05' });
    expect(checkElementValue(date, '05-07-2025', 'vi')).toMatchObject({ stored: '2025-07-05' });
    expect(checkElementValue(date, '2025-07-15', 'en')).toMatchObject({ stored: '2025-07-15' });
    expect(checkElementValue(date, '29/02/2024', 'vi')).toMatchObject({ ok: true, stored: '2024-02-29' });
    expect(checkElementValue(date, '29/02/2025', 'vi')).toMatchObject({ ok: false, code: 'not_a_date' });
    expect(checkElementValue(date, '31/04/2025', 'vi')).toMatchObject({ ok: false, code: 'not_a_date' });
    expect(checkElementValue(date, '15/13/2025', 'vi')).toMatchObject({ ok: false, code: 'not_a_date' });
    expect(checkElementValue(date, '15/07/2025 10:00', 'vi')).toMatchObject({ ok: false, code: 'not_a_date' });
    expect(checkElementValue(date, '2025/07/15', 'vi')).toMatchObject({ ok: false, code: 'not_a_date' });
  });

  it('re-exports number parsing and formatting', () => {
    expect(parseNumber('1.234,5', 'vi')).toMatchObject({ ok: true, value: 1234.5 });
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
});

describe('elementValueLookup', () => {
  const values = new Map([
    ['HH', new Map([['NAM', 0.1], ['NU', 0.2]])],
    ['EMPTY_ONE', new Map([['NAM', 5]])],
  ]);
  const lookup = elementValueLookup(values);
  it('reads one cell by option combination and the element total as the sum of its filled cells', () => {
    expect(lookup({ dataElement: 'HH', combo: 'NU' })).toBe(0.2);
    expect(lookup({ dataElement: 'HH' })).toBe(0.3);
    expect(lookup({ dataElement: 'EMPTY_ONE' })).toBe(5);
  });
  it('treats unknown elements and combinations as missing, so rules over them skip', () => {
    expect(lookup({ dataElement: 'NOT_ON_FORM' })).toBeNull();
    expect(lookup({ dataElement: 'HH', combo: 'KHAC' })).toBeNull();
    const rule = { code: 'R', name: 'R', left: '#{NOT_ON_FORM}', operator: '<=' as const, right: '#{HH}', importance: 'high' as const, message: 'x', missingValueStrategy: 'skip-if-any-missing' as const };
    expect(runValidation([rule], lookup)).toEqual([]);
  });
});
