// Validation of entered data: per-element checks (value type, bounds, required, zero
// handling) and cross-element rules in DHIS2's shape (left expression, operator, right
// expression, missing-value strategy). The server and the web app run this same code,
// so a form that passes in the browser passes on submission, with the same messages.

import {
  collectReferences,
  compareNumbers,
  evaluate,
  parseExpression,
  referenceKey,
  validateReferences,
  type ComparisonOperator,
  type ExpressionError,
  type ExpressionReference,
  type KnownElements,
  type MissingValueStrategy,
  type ParseExpressionResult,
  type ValueLookup,
} from './expression.ts';
import { formatNumber, parseNumber, type NumberLang } from './numbers.ts';
import { foldVietnamese } from '../text.ts';

export { formatNumber, parseNumber } from './numbers.ts';
export type { NumberLang, ParseNumberErrorCode, ParseNumberResult } from './numbers.ts';

// ---------------------------------------------------------------------------------
// Cross-element rules

export type ValidationOperator = ComparisonOperator | 'compulsory_pair' | 'exclusive_pair';
export const VALIDATION_OPERATORS: readonly ValidationOperator[] = [
  '<=',
  '<',
  '==',
  '!=',
  '>=',
  '>',
  'compulsory_pair',
  'exclusive_pair',
];
export type Importance = 'high' | 'medium' | 'low';

export interface ValidationRule {
  code: string;
  /** Vietnamese name. */
  name: string;
  left: string;
  operator: ValidationOperator;
  right: string;
  importance: Importance;
  /** Shown to the user when the rule fails (Vietnamese). */
  message: string;
  messageEn?: string;
  /**
   * For comparison operators. A side that cannot be computed (missing data, division
   * by zero) skips the rule, except under 'never-skip', where it fails the rule: the
   * author asked for the rule to hold whatever is missing. Pair operators ignore it:
   * they are about which sides have data.
   */
  missingValueStrategy: MissingValueStrategy;
}

export type RuleSide = 'left' | 'right';

export interface RuleProblem {
  side: RuleSide;
  error: ExpressionError;
}

/** A rule whose expressions do not parse; a configuration error, caught at save time by checkValidationRule. */
export class ValidationRuleError extends Error {
  readonly ruleCode: string;
  readonly side: RuleSide;
  readonly detail: ExpressionError;
  constructor(ruleCode: string, side: RuleSide, detail: ExpressionError) {
    super(`Validation rule ${ruleCode}, ${side} side: ${detail.messageEn}`);
    this.name = 'ValidationRuleError';
    this.ruleCode = ruleCode;
    this.side = side;
    this.detail = detail;
  }
}

const CACHE_LIMIT = 1000;
const parsed = new Map<string, ParseExpressionResult>();

/** Rule sides are numeric expressions; parses are cached since rules run on every cell change. */
function parseSide(text: string): ParseExpressionResult {
  let result = parsed.get(text);
  if (!result) {
    result = parseExpression(text, { expect: 'number' });
    if (parsed.size >= CACHE_LIMIT) parsed.clear();
    parsed.set(text, result);
  }
  return result;
}

/**
 * Problems with a rule's expressions for the rule editor: syntax errors, sides that
 * are not numbers, and (given the catalogue) unknown elements or combinations.
 */
export function checkValidationRule(rule: Pick<ValidationRule, 'left' | 'right'>, known?: KnownElements): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const side of ['left', 'right'] as const) {
    const result = parseSide(rule[side]);
    if (!result.ok) {
      problems.push({ side, error: result.error });
    } else if (known) {
      for (const unknown of validateReferences(result.ast, known)) {
        problems.push({
          side,
          error: { message: unknown.message, messageEn: unknown.messageEn, position: unknown.position, length: unknown.length },
        });
      }
    }
  }
  return problems;
}

export type RuleStatus = 'pass' | 'fail' | 'skipped';

export interface RuleOutcome {
  status: RuleStatus;
  leftValue: number | null;
  rightValue: number | null;
  /** Every element the rule reads, for highlighting the cells concerned. */
  references: ExpressionReference[];
}

function compiled(rule: ValidationRule, side: RuleSide): Extract<ParseExpressionResult, { ok: true }> {
  const result = parseSide(rule[side]);
  if (!result.ok) throw new ValidationRuleError(rule.code, side, result.error);
  return result;
}

function asNumber(value: number | boolean | null): number | null {
  return typeof value === 'number' ? value : null;
}

/** Evaluates one rule; throws ValidationRuleError if its expressions do not parse. */
export function evaluateValidationRule(rule: ValidationRule, lookup: ValueLookup): RuleOutcome {
  const left = compiled(rule, 'left');
  const right = compiled(rule, 'right');
  const references = dedupe([...left.references, ...right.references]);
  switch (rule.operator) {
    case 'compulsory_pair':
    case 'exclusive_pair': {
      const leftValue = asNumber(evaluate(left.ast, lookup, { missingValueStrategy: 'never-skip' }));
      const rightValue = asNumber(evaluate(right.ast, lookup, { missingValueStrategy: 'never-skip' }));
      const leftPresent = hasData(left.references, leftValue, lookup);
      const rightPresent = hasData(right.references, rightValue, lookup);
      const fails = rule.operator === 'compulsory_pair' ? leftPresent !== rightPresent : leftPresent && rightPresent;
      return { status: fails ? 'fail' : 'pass', leftValue, rightValue, references };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=': {
      const options = { missingValueStrategy: rule.missingValueStrategy };
      const leftValue = asNumber(evaluate(left.ast, lookup, options));
      const rightValue = asNumber(evaluate(right.ast, lookup, options));
      if (leftValue === null || rightValue === null) {
        const status: RuleStatus = rule.missingValueStrategy === 'never-skip' ? 'fail' : 'skipped';
        return { status, leftValue, rightValue, references };
      }
      return { status: compareNumbers(leftValue, rule.operator, rightValue) ? 'pass' : 'fail', leftValue, rightValue, references };
    }
    default:
      return assertNever(rule.operator);
  }
}

/** A side "has data" when any element it reads has a value (a constant side: when it computes). */
function hasData(refs: ExpressionReference[], value: number | null, lookup: ValueLookup): boolean {
  if (refs.length === 0) return value !== null;
  return refs.some((ref) => {
    const v = lookup(ref);
    return typeof v === 'number' && Number.isFinite(v);
  });
}

function dedupe(refs: ExpressionReference[]): ExpressionReference[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = referenceKey(ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface ValidationViolation {
  ruleCode: string;
  ruleName: string;
  importance: Importance;
  operator: ValidationOperator;
  leftValue: number | null;
  rightValue: number | null;
  message: string;
  messageEn: string;
  references: ExpressionReference[];
}

/**
 * Runs rules against values; returns the violations in rule order. Deterministic and
 * locale-free, so server and client produce identical lists. Throws
 * ValidationRuleError for a rule that does not parse.
 */
export function runValidation(rules: readonly ValidationRule[], lookup: ValueLookup): ValidationViolation[] {
  const violations: ValidationViolation[] = [];
  for (const rule of rules) {
    const outcome = evaluateValidationRule(rule, lookup);
    if (outcome.status !== 'fail') continue;
    violations.push({
      ruleCode: rule.code,
      ruleName: rule.name,
      importance: rule.importance,
      operator: rule.operator,
      leftValue: outcome.leftValue,
      rightValue: outcome.rightValue,
      message: rule.message,
      messageEn: rule.messageEn ?? rule.message,
      references: outcome.references,
    });
  }
  return violations;
}

/**
 * How rules read a report's values, the same on the server and in the browser:
 * #{DE.COC} is one cell, #{DE} the sum of the element's filled cells; an element with
 * no filled cell, or not on the form, is missing. Values by element code, then by
 * option-combination code.
 */
export function elementValueLookup(values: ReadonlyMap<string, ReadonlyMap<string, number>>): ValueLookup {
  return (ref: ExpressionReference) => {
    const cells = values.get(ref.dataElement);
    if (!cells) return null;
    if (ref.combo !== undefined) return cells.get(ref.combo) ?? null;
    let total: number | null = null;
    for (const v of cells.values()) total = (total ?? 0) + v;
    // Decimal noise (0.1 + 0.2) must not tip a comparison.
    return total === null ? null : Math.round(total * 1e9) / 1e9;
  };
}

/** All references a set of rules reads, e.g. to load exactly the values needed. */
export function ruleReferences(rules: readonly ValidationRule[]): ExpressionReference[] {
  const refs: ExpressionReference[] = [];
  for (const rule of rules) {
    for (const side of ['left', 'right'] as const) {
      const result = parseSide(rule[side]);
      if (result.ok) refs.push(...collectReferences(result.ast));
    }
  }
  return dedupe(refs);
}

// ---------------------------------------------------------------------------------
// Per-element checks

export type ValueType = 'integer' | 'number' | 'percentage' | 'boolean' | 'text' | 'date';
export const VALUE_TYPES: readonly ValueType[] = ['integer', 'number', 'percentage', 'boolean', 'text', 'date'];

export interface ElementRules {
  valueType: ValueType;
  required?: boolean;
  /** Bounds for integer, number and percentage values (percentage is 0–100 anyway). */
  min?: number | null;
  max?: number | null;
  /** Text length in characters; default 50 000. */
  maxLength?: number | null;
  /**
   * Whether a 0 is stored. Default true: unlike DHIS2's default, "0 households" and
   * "not reported" must stay distinguishable for completeness.
   */
  zeroIsSignificant?: boolean;
}

export type ElementErrorCode =
  | 'required'
  | 'not_a_number'
  | 'bad_separators'
  | 'too_many_digits'
  | 'not_an_integer'
  | 'percentage_range'
  | 'below_min'
  | 'above_max'
  | 'not_a_boolean'
  | 'too_long'
  | 'not_a_date';

export type ElementValue = number | boolean | string;

export type ElementCheckResult =
  | {
      ok: true;
      /** The typed value; null for an empty cell. */
      value: ElementValue | null;
      /** Canonical text to store ('1234.5', 'true', '2025-07-15', NFC text); null: store nothing (empty, or a zero that is not significant). */
      stored: string | null;
      /** The value as the UI language writes it, to show what was understood. */
      display: string;
      /** Set when the input reads differently in the other number convention ("1.234"). */
      ambiguous?: { alternative: number; alternativeDisplay: string };
    }
  | { ok: false; code: ElementErrorCode; message: string; messageEn: string };

export interface ElementCheckOptions {
  /** 'entry' (default): an empty required cell is fine while drafting; 'submission': it is an error. */
  mode?: 'entry' | 'submission';
}

const DEFAULT_MAX_LENGTH = 50_000;

function elementError(code: ElementErrorCode, message: string, messageEn: string): ElementCheckResult {
  return { ok: false, code, message, messageEn };
}

const TRUE_WORDS = new Set(['co', 'c', 'dung', 'yes', 'y', 'true', '1', 'x']);
const FALSE_WORDS = new Set(['khong', 'k', 'sai', 'no', 'n', 'false', '0']);

/**
 * Checks one cell. `input` is what was typed (a string, parsed in the UI language) or
 * an already typed value (a number or boolean from JSON). Never stores a string as a
 * number silently: ambiguous numbers come back flagged with both readings.
 */
export function checkElementValue(
  rules: ElementRules,
  input: string | number | boolean | null,
  lang: NumberLang,
  options: ElementCheckOptions = {},
): ElementCheckResult {
  const isEmpty = input === null || (typeof input === 'string' && input.normalize('NFKC').trim() === '');
  if (isEmpty) {
    if (rules.required && options.mode === 'submission') {
      return elementError('required', 'Chỉ tiêu này bắt buộc phải nhập.', 'This value is required.');
    }
    return { ok: true, value: null, stored: null, display: '' };
  }
  switch (rules.valueType) {
    case 'integer':
    case 'number':
    case 'percentage':
      return checkNumeric(rules, input, lang);
    case 'boolean': {
      let value: boolean | undefined;
      if (typeof input === 'boolean') value = input;
      else {
        const word = foldVietnamese(String(input));
        value = TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
      }
      if (value === undefined) {
        return elementError('not_a_boolean', 'Chỉ nhập Có hoặc Không.', 'Enter Yes or No.');
      }
      const display = lang === 'vi' ? (value ? 'Có' : 'Không') : value ? 'Yes' : 'No';
      return { ok: true, value, stored: String(value), display };
    }
    case 'text': {
      const text = String(input).normalize('NFC').trim();
      const limit = rules.maxLength ?? DEFAULT_MAX_LENGTH;
      const length = [...text].length;
      if (length > limit) {
        return elementError(
          'too_long',
          `Nội dung dài ${length} ký tự, vượt quá giới hạn ${limit} ký tự.`,
          `The text has ${length} characters, over the limit of ${limit}.`,
        );
      }
      return { ok: true, value: text, stored: text, display: text };
    }
    case 'date': {
      const date = typeof input === 'string' ? parseDateInput(input) : null;
      if (date === null) {
        return elementError(
          'not_a_date',
          'Ngày không hợp lệ; nhập dạng dd/mm/yyyy (ví dụ 15/07/2025).',
          'Invalid date; enter it as dd/mm/yyyy (e.g. 15/07/2025).',
        );
      }
      const [y, m, d] = date.split('-');
      return { ok: true, value: date, stored: date, display: `${d}/${m}/${y}` };
    }
    default:
      return assertNever(rules.valueType);
  }
}

function checkNumeric(rules: ElementRules, input: string | number | boolean, lang: NumberLang): ElementCheckResult {
  let value: number;
  let alternative: number | undefined;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return elementError('not_a_number', 'Giá trị không phải là số.', 'The value is not a number.');
    value = input === 0 ? 0 : input;
  } else if (typeof input === 'boolean') {
    return elementError('not_a_number', 'Giá trị không phải là số.', 'The value is not a number.');
  } else {
    let text = input;
    if (rules.valueType === 'percentage') text = text.replace(/%\s*$/, '');
    const parsed = parseNumber(text, lang);
    if (!parsed.ok) return elementError(parsed.code === 'empty' ? 'not_a_number' : parsed.code, parsed.reason, parsed.reasonEn);
    value = parsed.value;
    if (parsed.ambiguous) alternative = parsed.alternative;
  }
  const show = (v: number): string => formatNumber(v, lang);
  if (rules.valueType === 'integer' && !Number.isInteger(value)) {
    return elementError('not_an_integer', `Phải là số nguyên (đã nhập ${show(value)}).`, `Must be a whole number (got ${show(value)}).`);
  }
  if (rules.valueType === 'integer' && !Number.isSafeInteger(value)) {
    return elementError('too_many_digits', 'Số quá lớn.', 'The number is too large.');
  }
  if (rules.valueType === 'percentage' && (value < 0 || value > 100)) {
    return elementError(
      'percentage_range',
      `Tỷ lệ phần trăm phải từ 0 đến 100 (đã nhập ${show(value)}).`,
      `A percentage must be from 0 to 100 (got ${show(value)}).`,
    );
  }
  if (rules.min !== null && rules.min !== undefined && value < rules.min) {
    return elementError(
      'below_min',
      `Giá trị ${show(value)} nhỏ hơn mức tối thiểu ${show(rules.min)}.`,
      `${show(value)} is below the minimum of ${show(rules.min)}.`,
    );
  }
  if (rules.max !== null && rules.max !== undefined && value > rules.max) {
    return elementError(
      'above_max',
      `Giá trị ${show(value)} lớn hơn mức tối đa ${show(rules.max)}.`,
      `${show(value)} is above the maximum of ${show(rules.max)}.`,
    );
  }
  const significant = rules.zeroIsSignificant ?? true;
  const result: ElementCheckResult = {
    ok: true,
    value,
    stored: value === 0 && !significant ? null : String(value),
    display: show(value),
  };
  if (alternative !== undefined) result.ambiguous = { alternative, alternativeDisplay: show(alternative) };
  return result;
}

/** Accepts yyyy-mm-dd or d/m/yyyy (also with '-' or '.'); returns yyyy-mm-dd or null. */
function parseDateInput(input: string): string | null {
  const text = input.normalize('NFKC').trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[3]), Number(match[4])];
  }
  if (y < 1000 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
