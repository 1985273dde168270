import { describe, expect, it } from 'vitest';
import { dueRuleSchema, elementRulesSchema, expressionSchema, periodCodeSchema, validationRuleSchema } from './schemas.ts';

describe('engine schemas', () => {
  it('validates period codes with the engine’s message', () => {
    expect(periodCodeSchema.parse('2025Q3')).toBe('2025Q3');
    const result = periodCodeSchema.safeParse('2025Q5');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain("Mã kỳ báo cáo không hợp lệ '2025Q5'");
  });

  it('validates due rules', () => {
    expect(dueRuleSchema.parse({ daysAfterEnd: 10 })).toEqual({ daysAfterEnd: 10 });
    expect(dueRuleSchema.parse({ fixedDate: { month: 12, day: 15 } })).toEqual({ fixedDate: { month: 12, day: 15 } });
    expect(dueRuleSchema.parse({ fixedDate: { month: 2, day: 29 }, yearOffset: 1 })).toMatchObject({ yearOffset: 1 });
    expect(dueRuleSchema.safeParse({ fixedDate: { month: 4, day: 31 } }).success).toBe(false);
    expect(dueRuleSchema.safeParse({ daysAfterEnd: -1 }).success).toBe(false);
    expect(dueRuleSchema.safeParse({ daysAfterEnd: 10, fixedDate: { month: 1, day: 1 } }).success).toBe(false);
    expect(dueRuleSchema.safeParse({ fixedDate: { month: 1, day: 1 }, yearOffset: 2 }).success).toBe(false);
  });

  it('validates expressions with the parser’s message', () => {
    expect(expressionSchema('number').safeParse('(#{A} / #{B}) * 100').success).toBe(true);
    const bad = expressionSchema('number').safeParse('(#{A} / #{B} * 100');
    expect(bad.error?.issues[0].message).toBe("Thiếu dấu ngoặc đóng ')' ở vị trí 19 (dấu '(' mở ở vị trí 1).");
    expect(expressionSchema('boolean').safeParse('#{A} > 1').success).toBe(true);
  });

  it('validates validation rules, normalising Vietnamese text', () => {
    const rule = {
      code: 'HH_SUPPORTED_LE_POOR',
      name: ' Số hộ được hỗ trợ ≤ số hộ nghèo '.normalize('NFD'),
      left: '#{HH_SUPPORTED}',
      operator: '<=',
      right: '#{HH_POOR}',
      importance: 'high',
      message: 'Số hộ được hỗ trợ không được vượt quá số hộ nghèo.',
      missingValueStrategy: 'skip-if-any-missing',
    };
    expect(validationRuleSchema.parse(rule).name).toBe('Số hộ được hỗ trợ ≤ số hộ nghèo');
    expect(validationRuleSchema.safeParse({ ...rule, operator: '=>' }).success).toBe(false);
    expect(validationRuleSchema.safeParse({ ...rule, right: '#{HH_POOR} > 0' }).success).toBe(false);
    expect(validationRuleSchema.safeParse({ ...rule, missingValueStrategy: 'skip' }).success).toBe(false);
    expect(validationRuleSchema.safeParse({ ...rule, code: 'lower case' }).success).toBe(false);
  });

  it('validates element rules', () => {
    expect(elementRulesSchema.parse({ valueType: 'integer', min: 0, max: 10 })).toEqual({ valueType: 'integer', min: 0, max: 10 });
    expect(elementRulesSchema.safeParse({ valueType: 'integer', min: 10, max: 0 }).success).toBe(false);
    expect(elementRulesSchema.safeParse({ valueType: 'money' }).success).toBe(false);
  });
});
