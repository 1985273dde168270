import { describe, expect, it } from 'vitest';
import {
  describeExpression,
  evaluate,
  parseExpression,
  referenceKey,
  roundHalfAwayFromZero,
  validateReferences,
  type ExpressionNode,
  type ExpressionReference,
  type ExpressionValue,
  type MissingValueStrategy,
} from './expression.ts';

function parse(text: string): ExpressionNode {
  const result = parseExpression(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.messageEn}`);
  return result.ast;
}

/** Evaluates with values given by 'DE' or 'DE.COC' keys; absent keys are missing. */
function run(text: string, values: Record<string, number> = {}, strategy?: MissingValueStrategy): ExpressionValue {
  return evaluate(parse(text), (ref) => values[referenceKey(ref)], strategy ? { missingValueStrategy: strategy } : {});
}

describe('parsing valid expressions', () => {
  it('lists references once each, in order, with combinations', () => {
    const result = parseExpression('#{HH_SUPPORTED.KINH_FEMALE} + #{HH_POOR} * 2 - #{HH_SUPPORTED.KINH_FEMALE} + #{HH_SUPPORTED}');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.references).toEqual([
      { dataElement: 'HH_SUPPORTED', combo: 'KINH_FEMALE' },
      { dataElement: 'HH_POOR' },
      { dataElement: 'HH_SUPPORTED' },
    ]);
    expect(result.valueType).toBe('number');
  });

  it('records source positions on nodes', () => {
    const ast = parse('(#{A} + #{B.X}) * 100');
    expect(ast).toMatchObject({ kind: 'binary', op: '*', opStart: 16, start: 0, end: 21 });
    if (ast.kind !== 'binary' || ast.left.kind !== 'group' || ast.left.inner.kind !== 'binary') throw new Error('shape');
    expect(ast.left.inner.left).toMatchObject({ kind: 'ref', start: 1, end: 5 });
    expect(ast.left.inner.right).toMatchObject({ kind: 'ref', start: 8, end: 14, ref: { dataElement: 'B', combo: 'X' } });
  });

  it('accepts any whitespace, decimals, and function names in any case', () => {
    expect(parseExpression('\t#{A}\n*\u00a00.5 ').ok).toBe(true);
    const ast = parse('ISNULL(#{A}) || IsNull(#{B})');
    expect(ast).toMatchObject({ kind: 'binary', left: { kind: 'call', fn: 'isNull' }, right: { kind: 'call', fn: 'isNull' } });
    expect(parseExpression('Coalesce(#{A}, 0) + MAX(1, 2) + Round(1.25, 1) + abs(-1)').ok).toBe(true);
  });

  it('types conditions and numbers, and checks the expected type', () => {
    const condition = parseExpression('#{A} <= #{B} && !(#{C} == 0) || isNull(#{D})');
    expect(condition.ok && condition.valueType).toBe('boolean');
    expect(parseExpression('#{A} > 0', { expect: 'boolean' }).ok).toBe(true);
    const wrong = parseExpression('#{A} > 0', { expect: 'number' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.message).toBe('Biểu thức phải cho ra một số, không phải một điều kiện đúng/sai.');
      expect(wrong.error).toMatchObject({ position: 0, length: 8 });
    }
    const notCondition = parseExpression('#{A} + 1', { expect: 'boolean' });
    expect(!notCondition.ok && notCondition.error.messageEn).toBe('The expression must yield a true/false condition, not a number.');
  });

  it('allows if() over conditions and equality between conditions', () => {
    expect(parseExpression('if(#{A} > 0, #{A} > #{B}, true_value == 1)').ok).toBe(false);
    const r = parseExpression('if(#{A} > 0, #{B} > 1, #{C} > 1) == (#{D} < 2)');
    expect(r.ok && r.valueType).toBe('boolean');
  });
});

describe('malformed expressions: message, exact position and length', () => {
  // [input, position (0-based), length, Vietnamese message (exact or fragment)]
  const cases: [string, number, number, string][] = [
    ['', 0, 0, 'Biểu thức trống.'],
    ['   ', 0, 3, 'Biểu thức trống.'],
    ['1 + $', 4, 1, "Ký hiệu không hợp lệ '$' ở vị trí 5."],
    ['12 $', 3, 1, "Ký hiệu không hợp lệ '$' ở vị trí 4."],
    ['#{A} @ 2', 5, 1, "Ký hiệu không hợp lệ '@' ở vị trí 6."],
    ['2 ^ 3', 2, 1, "Không hỗ trợ phép lũy thừa '^' ở vị trí 3"],
    ['-2^2', 2, 1, "Không hỗ trợ phép lũy thừa '^' ở vị trí 3"],
    ['(#{HH_POOR} + 1', 15, 0, "Thiếu dấu ngoặc đóng ')' ở vị trí 16 (dấu '(' mở ở vị trí 1)."],
    ['((1 + 2) * 3', 12, 0, "Thiếu dấu ngoặc đóng ')' ở vị trí 13 (dấu '(' mở ở vị trí 1)."],
    ['max(1, 2', 8, 0, "Thiếu dấu ngoặc đóng ')' ở vị trí 9 của hàm 'max' (dấu '(' mở ở vị trí 4)."],
    ['1 + 2)', 5, 1, "Dấu ngoặc đóng ')' thừa ở vị trí 6."],
    [')', 0, 1, "Dấu ngoặc đóng ')' thừa ở vị trí 1."],
    ['#{A} +', 5, 1, "Thiếu toán hạng sau '+' ở vị trí 6."],
    ['1 + * 2', 2, 1, "Thiếu toán hạng sau '+' ở vị trí 3."],
    ['(1 -) * 2', 3, 1, "Thiếu toán hạng sau '-' ở vị trí 4."],
    ['#{A} >= ', 5, 2, "Thiếu toán hạng sau '>=' ở vị trí 6."],
    ['!', 0, 1, "Thiếu toán hạng sau '!' ở vị trí 1."],
    ['* 2', 0, 1, "Thiếu toán hạng trước '*' ở vị trí 1."],
    ['(/ 2)', 1, 1, "Thiếu toán hạng trước '/' ở vị trí 2."],
    ['1 2', 2, 1, "Thiếu toán tử trước '2' ở vị trí 3."],
    ['#{A} #{B}', 5, 4, "Thiếu toán tử trước '#{B}' ở vị trí 6."],
    ['2 (3)', 2, 1, "Thiếu toán tử trước '(' ở vị trí 3."],
    ['min(1 2)', 6, 1, "Thiếu toán tử trước '2' ở vị trí 7."],
    ['()', 0, 2, "Cặp ngoặc rỗng '()' ở vị trí 1"],
    ['(', 0, 1, "Thiếu biểu thức sau dấu '(' ở vị trí 1."],
    ['#{}', 0, 3, "Tham chiếu trống '#{}' ở vị trí 1"],
    ['#{HH_POOR', 0, 9, "Thiếu dấu '}' đóng tham chiếu mở ở vị trí 1."],
    ['1 + #HH_POOR', 4, 1, "Sau '#' phải là '{'"],
    ['#{HH POOR}', 4, 1, 'Ký tự khoảng trắng ở vị trí 5 không được dùng trong mã'],
    ['#{HỘ_NGHÈO}', 3, 1, "Ký tự 'Ộ' ở vị trí 4 không được dùng trong mã"],
    ['#{A-B}', 3, 1, "Ký tự '-' ở vị trí 4"],
    ['#{A.B.C}', 5, 1, "dấu '.' thừa ở vị trí 6."],
    ['#{A.}', 3, 1, "Thiếu mã tổ hợp phân tổ sau dấu '.' ở vị trí 4."],
    ['#{.B}', 2, 1, "Thiếu mã phần tử dữ liệu trước dấu '.' ở vị trí 3."],
    ['foo(1)', 0, 3, "Hàm không xác định 'foo' ở vị trí 1. Các hàm được hỗ trợ: if, isNull, coalesce, min, max, abs, round."],
    ['sum(#{A})', 0, 3, "Hàm không xác định 'sum' ở vị trí 1."],
    ['HH_POOR + 1', 0, 7, "Tên không xác định 'HH_POOR' ở vị trí 1; tham chiếu phần tử dữ liệu viết dạng #{HH_POOR}."],
    ['số_hộ * 2', 0, 5, "Tên không xác định 'số_hộ' ở vị trí 1"],
    ['abs 3', 0, 3, "Hàm 'abs' ở vị trí 1 cần dấu '(' ngay sau tên"],
    ['abs(1, 2)', 0, 9, "Hàm 'abs' ở vị trí 1 cần đúng 1 tham số, nhưng có 2."],
    ['abs()', 0, 5, "Hàm 'abs' ở vị trí 1 cần đúng 1 tham số, nhưng có 0."],
    ['round()', 0, 7, "Hàm 'round' ở vị trí 1 cần 1 đến 2 tham số, nhưng có 0."],
    ['round(1, 2, 3)', 0, 14, "Hàm 'round' ở vị trí 1 cần 1 đến 2 tham số, nhưng có 3."],
    ['1 + min()', 4, 5, "Hàm 'min' ở vị trí 5 cần ít nhất 1 tham số, nhưng có 0."],
    ['if(#{A} > 0, 1)', 0, 15, "Hàm 'if' ở vị trí 1 cần đúng 3 tham số, nhưng có 2."],
    ['isNull(#{A}, #{B})', 0, 18, "Hàm 'isNull' ở vị trí 1 cần đúng 1 tham số, nhưng có 2."],
    ['coalesce()', 0, 10, "Hàm 'coalesce' ở vị trí 1 cần ít nhất 1 tham số, nhưng có 0."],
    ['coalesce(#{A},)', 13, 1, "Thiếu tham số sau dấu ',' ở vị trí 14."],
    ['1,5', 1, 1, "Dấu ',' ở vị trí 2 chỉ dùng để ngăn cách tham số của hàm"],
    ['(1, 2)', 2, 1, "Dấu ',' ở vị trí 3 chỉ dùng để ngăn cách tham số của hàm"],
    ['1.', 0, 2, "Số không hợp lệ '1.' ở vị trí 1"],
    ['1.2.3', 0, 5, "Số không hợp lệ '1.2.3' ở vị trí 1"],
    ['2x', 0, 2, "Số không hợp lệ '2x' ở vị trí 1"],
    ['.5', 0, 2, "Số '.5' ở vị trí 1 thiếu chữ số trước dấu thập phân; viết 0.5."],
    ['1e5', 0, 3, "Không hỗ trợ số dạng lũy thừa '1e5'"],
    ['1 = 2', 2, 1, "Dùng '==' để so sánh bằng (dấu '=' ở vị trí 3)."],
    ['#{A} > 0 & #{B} > 0', 9, 1, "Dùng '&&' cho phép \"và\""],
    ['#{A} > 0 | #{B} > 0', 9, 1, "Dùng '||' cho phép \"hoặc\""],
    ['1 < 2 < 3', 6, 1, 'Không thể nối tiếp hai phép so sánh'],
    ['#{A} == #{B} == 1', 13, 2, 'Không thể nối tiếp hai phép so sánh'],
    ['1 ! 2', 2, 1, "Thiếu toán tử trước '!' ở vị trí 3."],
    ['#{A} + (1 > 2)', 7, 7, "Phép '+' ở vị trí 6 cần một số ở vế phải, nhưng gặp một điều kiện đúng/sai."],
    ['isNull(#{A}) * 2', 0, 12, "Phép '*' ở vị trí 14 cần một số ở vế trái"],
    ['#{A} && #{B} > 1', 0, 4, "Phép '&&' ở vị trí 6 cần một điều kiện đúng/sai ở vế trái, nhưng gặp một số."],
    ['!#{A}', 1, 4, "Dấu '!' ở vị trí 1 cần một điều kiện đúng/sai phía sau, nhưng gặp một số."],
    ['-(1 < 2)', 1, 7, "Dấu '-' ở vị trí 1 cần một số phía sau"],
    ['(1 < 2) < 3', 0, 7, "Phép '<' ở vị trí 9 cần một số ở vế trái"],
    ['#{A} == (#{B} > 1)', 8, 10, "Phép '==' ở vị trí 6 cần một số ở vế phải (cùng kiểu với vế trái)"],
    ['if(#{A}, 1, 2)', 3, 4, "Điều kiện của hàm 'if' ở vị trí 4 phải là một điều kiện đúng/sai, không phải một số."],
    ['if(#{A} > 1, 1, #{B} > 2)', 16, 8, "Hai nhánh của hàm 'if' ở vị trí 1 phải cùng kiểu"],
    ['max(1, #{A} > 2)', 7, 8, "Tham số của hàm 'max' ở vị trí 8 phải là một số"],
    ['coalesce(#{A}, #{B} > 0)', 15, 8, "Các tham số của hàm 'coalesce' ở vị trí 16 phải là một số"],
  ];

  it.each(cases)('%j → position %i, length %i: %s', (input, position, length, message) => {
    const result = parseExpression(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.position).toBe(position);
    expect(result.error.length).toBe(length);
    expect(result.error.message).toContain(message);
    expect(result.error.messageEn.length).toBeGreaterThan(10);
    expect(result.error.message).not.toEqual(result.error.messageEn);
  });

  it('has English messages with the same 1-based position', () => {
    const result = parseExpression('(#{HH_POOR} + 1');
    expect(!result.ok && result.error.messageEn).toBe("Missing closing ')' at position 16 (the '(' opened at position 1).");
    const arity = parseExpression('abs(1, 2)');
    expect(!arity.ok && arity.error.messageEn).toBe("The function 'abs' at position 1 takes exactly 1 argument, but got 2.");
    const caret = parseExpression('2 ^ 3');
    expect(!caret.ok && caret.error.messageEn).toContain("The power operator '^' is not supported (at position 3)");
  });

  it('refuses too long or too deeply nested input without overflowing the stack', () => {
    const deep = parseExpression(`${'('.repeat(500)}1${')'.repeat(500)}`);
    expect(!deep.ok && deep.error.message).toContain('lồng quá sâu');
    const negations = parseExpression(`${'-'.repeat(5000)}1`);
    expect(negations.ok).toBe(false);
    const long = parseExpression('1 + '.repeat(3000) + '1');
    expect(!long.ok && long.error.message).toContain('quá dài');
    const chain = parseExpression('1+'.repeat(1500) + '1');
    expect(!chain.ok && chain.error.message).toContain('quá phức tạp');
    expect(run('1+'.repeat(999) + '1')).toBe(1000);
    expect(run(`min(${'#{A},'.repeat(1500)}1)`, { A: 3 })).toBe(1);
  });

  it('never throws and always points inside the text, for random input', () => {
    const alphabet = ['#{A}', '#{B.X}', '1', '2.5', '+', '-', '*', '/', '(', ')', ',', '<', '<=', '==', '!=', '&&', '||', '!', 'if', 'min', 'isNull', ' ', '$', '^', '#', '{', '}', '.', 'x'];
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + random(12) }, () => alphabet[random(alphabet.length)]).join('');
      const result = parseExpression(text);
      if (!result.ok) {
        expect(result.error.position).toBeGreaterThanOrEqual(0);
        expect(result.error.position + result.error.length).toBeLessThanOrEqual(text.length);
        expect(result.error.message).toMatch(/\S/);
      } else {
        expect(() => evaluate(result.ast, () => 1, { missingValueStrategy: 'never-skip' })).not.toThrow();
      }
    }
  });
});

describe('evaluation', () => {
  it('follows precedence and associativity', () => {
    expect(run('2+3*4')).toBe(14);
    expect(run('(2+3)*4')).toBe(20);
    expect(run('10-4-3')).toBe(3);
    expect(run('100/10/5')).toBe(2);
    expect(run('2*3+4*5')).toBe(26);
    expect(run('-2*3')).toBe(-6);
    expect(run('2*-3')).toBe(-6);
    expect(run('-(2+3)')).toBe(-5);
    expect(run('--2')).toBe(2);
    expect(run('1+1 == 2')).toBe(true);
    expect(run('1 < 2 == 3 < 4')).toBe(true);
    expect(run('1 > 2 || 2 > 1 && 3 > 4')).toBe(false);
    expect(run('(1 > 2 || 2 > 1) && 3 < 4')).toBe(true);
    expect(run('!(1 > 2) && !(2 < 1)')).toBe(true);
  });

  it('compares with a tolerance for binary fractions', () => {
    expect(run('0.1 + 0.2 == 0.3')).toBe(true);
    expect(run('0.1 + 0.2 <= 0.3')).toBe(true);
    expect(run('0.1 + 0.2 > 0.3')).toBe(false);
    expect(run('0.3 != 0.1 + 0.2')).toBe(false);
    expect(run('1 < 1.000001')).toBe(true);
  });

  it('computes an indicator from data elements and combinations', () => {
    const values = { HH_SUPPORTED: 50, HH_POOR: 200, 'HH_SUPPORTED.KINH_FEMALE': 12 };
    expect(run('(#{HH_SUPPORTED} / #{HH_POOR}) * 100', values)).toBe(25);
    expect(run('#{HH_SUPPORTED.KINH_FEMALE} / #{HH_SUPPORTED} * 100', values)).toBe(24);
  });

  it('gives null, never Infinity or NaN, on division by zero and overflow', () => {
    for (const strategy of ['skip-if-any-missing', 'zero', 'never-skip'] as const) {
      expect(run('#{A} / #{B}', { A: 5, B: 0 }, strategy)).toBeNull();
      expect(run('0 / 0', {}, strategy)).toBeNull();
      expect(run('#{A} * 10', { A: 1e308 }, strategy)).toBeNull();
      expect(run('1 / 0 > 1', {}, strategy)).toBeNull();
    }
    expect(run('#{A} / #{B}', { A: 5 }, 'zero')).toBeNull();
    expect(run('coalesce(1 / 0, 7)')).toBe(7);
  });

  it('treats NaN and Infinity from the lookup as missing', () => {
    expect(run('#{A} + 1', { A: Number.NaN })).toBeNull();
    expect(run('#{A} + 1', { A: Number.POSITIVE_INFINITY }, 'zero')).toBe(1);
  });

  it('looks each reference up once', () => {
    const seen: string[] = [];
    const ast = parse('#{A} + #{A} * #{B} + #{A}');
    evaluate(ast, (ref) => {
      seen.push(referenceKey(ref));
      return 2;
    });
    expect(seen).toEqual(['A', 'B']);
  });

  describe('missing values', () => {
    const values = { A: 10 };
    it("'skip-if-any-missing' gives null when any reference is missing", () => {
      expect(run('#{A} + #{B}', values, 'skip-if-any-missing')).toBeNull();
      expect(run('#{A} * 2', values, 'skip-if-any-missing')).toBe(20);
      expect(run('coalesce(#{B}, 0) + #{A}', values, 'skip-if-any-missing')).toBeNull();
      expect(run('#{A} > #{B}', values, 'skip-if-any-missing')).toBeNull();
      expect(run('#{A} + #{B}', values)).toBeNull();
    });

    it("'zero' counts a missing value as 0, while isNull and coalesce still see it is missing", () => {
      expect(run('#{A} + #{B}', values, 'zero')).toBe(10);
      expect(run('#{B} * 3', values, 'zero')).toBe(0);
      expect(run('#{A} > #{B}', values, 'zero')).toBe(true);
      expect(run('isNull(#{B})', values, 'zero')).toBe(true);
      expect(run('isNull((#{B}))', values, 'zero')).toBe(true);
      expect(run('isNull(#{A})', values, 'zero')).toBe(false);
      expect(run('coalesce(#{B}, 5)', values, 'zero')).toBe(5);
      expect(run('coalesce(#{B} + 0, 5)', values, 'zero')).toBe(0);
    });

    it("'never-skip' keeps missing values as null for the expression to handle", () => {
      expect(run('#{A} + #{B}', values, 'never-skip')).toBeNull();
      expect(run('-#{B}', values, 'never-skip')).toBeNull();
      expect(run('coalesce(#{B}, 0) + #{A}', values, 'never-skip')).toBe(10);
      expect(run('coalesce(#{B}, #{C})', values, 'never-skip')).toBeNull();
      expect(run('if(isNull(#{B}), 0, #{B})', values, 'never-skip')).toBe(0);
      expect(run('if(isNull(#{A}), 0, #{A})', values, 'never-skip')).toBe(10);
      expect(run('min(#{A}, #{B})', values, 'never-skip')).toBe(10);
      expect(run('max(#{B}, #{C})', values, 'never-skip')).toBeNull();
      expect(run('abs(#{B})', values, 'never-skip')).toBeNull();
      expect(run('round(#{B}, 1)', values, 'never-skip')).toBeNull();
      expect(run('#{B} > 1', values, 'never-skip')).toBeNull();
      expect(run('#{B} == #{C}', values, 'never-skip')).toBeNull();
      expect(run('!(#{B} > 1)', values, 'never-skip')).toBeNull();
      expect(run('if(#{B} > 1, 1, 2)', values, 'never-skip')).toBeNull();
    });

    it('uses three-valued logic: false && missing is false, true || missing is true', () => {
      expect(run('#{A} < 0 && #{B} > 1', values, 'never-skip')).toBe(false);
      expect(run('#{B} > 1 && #{A} < 0', values, 'never-skip')).toBe(false);
      expect(run('#{A} > 0 && #{B} > 1', values, 'never-skip')).toBeNull();
      expect(run('#{A} > 0 || #{B} > 1', values, 'never-skip')).toBe(true);
      expect(run('#{B} > 1 || #{A} > 0', values, 'never-skip')).toBe(true);
      expect(run('#{A} < 0 || #{B} > 1', values, 'never-skip')).toBeNull();
    });
  });

  describe('functions', () => {
    it('if() evaluates only the branch taken', () => {
      expect(run('if(1 > 0, 1, 1 / 0)')).toBe(1);
      expect(run('if(1 < 0, 1 / 0, 2)')).toBe(2);
      expect(run('if(#{A} > 5, 100, 0)', { A: 6 })).toBe(100);
      expect(run('if(#{A} > 5, #{A} > 7, #{A} > 0)', { A: 6 })).toBe(false);
    });

    it('isNull, coalesce, min, max, abs', () => {
      expect(run('isNull(#{A})', {}, 'never-skip')).toBe(true);
      expect(run('isNull(#{A})', { A: 0 }, 'never-skip')).toBe(false);
      expect(run('coalesce(#{A}, #{B}, 3)', { B: 2 }, 'never-skip')).toBe(2);
      expect(run('coalesce(#{A} > 1, 2 > 1)', {}, 'never-skip')).toBe(true);
      expect(run('min(3, 1, 2)')).toBe(1);
      expect(run('max(3, 1, 2)')).toBe(3);
      expect(run('min(-1)')).toBe(-1);
      expect(run('abs(-3.5)')).toBe(3.5);
      expect(run('abs(2 - 5) * 2')).toBe(6);
    });

    it('round() rounds half away from zero without binary noise', () => {
      expect(run('round(2.5)')).toBe(3);
      expect(run('round(-2.5)')).toBe(-3);
      expect(run('round(1.005, 2)')).toBe(1.01);
      expect(run('round(1.255, 2)')).toBe(1.26);
      expect(run('round(1234.5678, 1)')).toBe(1234.6);
      expect(run('round(1234.5678, 0 - 2)')).toBe(1200);
      expect(run('round(-0.4)')).toBe(0);
      expect(Object.is(roundHalfAwayFromZero(-0.4), 0)).toBe(true);
      expect(run('round(#{A} / #{B} * 100, 1)', { A: 1, B: 3 })).toBe(33.3);
    });
  });
});

describe('describeExpression', () => {
  const names: Record<string, string> = {
    HH_SUPPORTED: 'Số hộ được hỗ trợ',
    HH_POOR: 'Số hộ nghèo',
    'HH_SUPPORTED.KINH_FEMALE': 'Số hộ được hỗ trợ (Kinh, nữ)',
  };
  const namer = (ref: ExpressionReference): string | undefined => names[referenceKey(ref)];
  const say = (text: string, lang: 'vi' | 'en' = 'vi'): string => describeExpression(parse(text), namer, lang);

  it('reads an indicator in words, keeping the author’s parentheses', () => {
    expect(say('(#{HH_SUPPORTED} / #{HH_POOR}) * 100')).toBe('(Số hộ được hỗ trợ ÷ Số hộ nghèo) × 100');
    expect(say('#{HH_SUPPORTED} / #{HH_POOR} * 100')).toBe('Số hộ được hỗ trợ ÷ Số hộ nghèo × 100');
    expect(say('#{HH_SUPPORTED.KINH_FEMALE} - #{UNKNOWN_CODE}')).toBe('Số hộ được hỗ trợ (Kinh, nữ) − UNKNOWN_CODE');
    expect(say('#{X.Y}')).toBe('X.Y');
  });

  it('writes numbers the way the language does', () => {
    expect(say('#{HH_POOR} * 0.5 + 1000')).toBe('Số hộ nghèo × 0,5 + 1.000');
    expect(say('#{HH_POOR} * 0.5 + 1000', 'en')).toBe('Số hộ nghèo × 0.5 + 1,000');
  });

  it('reads conditions and functions', () => {
    expect(say('#{HH_SUPPORTED} <= #{HH_POOR} && !(#{HH_POOR} == 0)')).toBe(
      'Số hộ được hỗ trợ ≤ Số hộ nghèo và không (Số hộ nghèo = 0)',
    );
    expect(say('#{HH_SUPPORTED} >= 1 || #{HH_POOR} != 2', 'en')).toBe('Số hộ được hỗ trợ ≥ 1 or Số hộ nghèo ≠ 2');
    expect(say('if(isNull(#{HH_POOR}), 0, #{HH_POOR})')).toBe('nếu Số hộ nghèo chưa có số liệu thì 0, ngược lại Số hộ nghèo');
    expect(say('if(isNull(#{HH_POOR}), 0, #{HH_POOR})', 'en')).toBe('if Số hộ nghèo is missing then 0, otherwise Số hộ nghèo');
    expect(say('coalesce(#{HH_POOR}, 0) + min(1, 2) + max(3, 4)')).toBe(
      'giá trị đầu tiên có số liệu trong (Số hộ nghèo; 0) + nhỏ nhất của (1; 2) + lớn nhất của (3; 4)',
    );
    expect(say('min(1, 2)', 'en')).toBe('minimum of (1, 2)');
    expect(say('abs(-#{HH_POOR})')).toBe('|−Số hộ nghèo|');
    expect(say('round(#{HH_POOR} / 3, 1) * 2')).toBe('((Số hộ nghèo ÷ 3) làm tròn đến 1 chữ số thập phân) × 2');
    expect(say('round(#{HH_POOR})', 'en')).toBe('Số hộ nghèo rounded to a whole number');
    expect(say('-(#{HH_POOR} + 1)')).toBe('−(Số hộ nghèo + 1)');
    expect(say('!isNull(#{HH_POOR})')).toBe('không (Số hộ nghèo chưa có số liệu)');
    expect(say('!(#{HH_POOR} > 1)', 'en')).toBe('not (Số hộ nghèo > 1)');
  });

  it('adds the parentheses a hand-built tree needs', () => {
    const num = (value: number): ExpressionNode => ({ kind: 'number', value, start: 0, end: 0, valueType: 'number' });
    const sub: ExpressionNode = { kind: 'binary', op: '-', opStart: 0, left: num(2), right: num(3), start: 0, end: 0, valueType: 'number' };
    const tree: ExpressionNode = { kind: 'binary', op: '-', opStart: 0, left: num(1), right: sub, start: 0, end: 0, valueType: 'number' };
    expect(describeExpression(tree, () => undefined, 'en')).toBe('1 − (2 − 3)');
    const product: ExpressionNode = { kind: 'binary', op: '*', opStart: 0, left: sub, right: num(4), start: 0, end: 0, valueType: 'number' };
    expect(describeExpression(product, () => undefined, 'en')).toBe('(2 − 3) × 4');
    expect(evaluate(tree, () => null)).toBe(2);
  });
});

describe('validateReferences', () => {
  const known = {
    dataElements: new Map([
      ['HH_POOR', { combos: new Set<string>() }],
      ['HH_SUPPORTED', { combos: new Set(['KINH_FEMALE', 'KINH_MALE']) }],
    ]),
  };

  it('accepts known elements and combinations', () => {
    expect(validateReferences(parse('#{HH_SUPPORTED.KINH_MALE} / #{HH_POOR}'), known)).toEqual([]);
  });

  it('reports unknown elements and combinations where they occur', () => {
    const text = '#{HH_POOR.TAY} + #{NOPE} * #{HH_SUPPORTED.HMONG_FEMALE} + #{NOPE}';
    const problems = validateReferences(parse(text), known);
    expect(problems.map((p) => [p.reason, p.position, p.length])).toEqual([
      ['unknown_combo', 0, 14],
      ['unknown_data_element', 17, 7],
      ['unknown_combo', 27, 28],
      ['unknown_data_element', 58, 7],
    ]);
    expect(problems[1].message).toBe("Không có phần tử dữ liệu mã 'NOPE' (ở vị trí 18).");
    expect(problems[0].messageEn).toBe("The data element 'HH_POOR' has no category option combination 'TAY' (at position 1).");
    expect(text.slice(problems[2].position, problems[2].position + problems[2].length)).toBe('#{HH_SUPPORTED.HMONG_FEMALE}');
  });
});
