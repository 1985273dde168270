// Expressions over data values for indicators and validation rules, in DHIS2's
// notation: #{HH_POOR}, #{HH_SUPPORTED.KINH_FEMALE}, + - * /, comparisons, && || !,
// and a few functions. A tokenizer and a precedence-climbing parser build a typed
// AST (never eval): errors carry a precise position and a message in Vietnamese and
// English for the expression editor, and evaluation is identical on server and client.

import { formatNumber } from './numbers.ts';

// ---------------------------------------------------------------------------------
// Public types

/** A data element total (#{DE}) or one category-option combination of it (#{DE.COC}). */
export interface ExpressionReference {
  dataElement: string;
  combo?: string;
}

export type ExpressionValueType = 'number' | 'boolean';
export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOperator = '&&' | '||';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;
export type UnaryOperator = '-' | '!';
export type FunctionName = 'if' | 'isNull' | 'coalesce' | 'min' | 'max' | 'abs' | 'round';

interface NodeBase {
  /** 0-based offset of the node's first character in the source text. */
  start: number;
  /** 0-based offset just after the node's last character. */
  end: number;
  valueType: ExpressionValueType;
}

export type ExpressionNode =
  | (NodeBase & { kind: 'number'; value: number })
  | (NodeBase & { kind: 'ref'; ref: ExpressionReference })
  | (NodeBase & { kind: 'unary'; op: UnaryOperator; operand: ExpressionNode })
  | (NodeBase & { kind: 'binary'; op: BinaryOperator; opStart: number; left: ExpressionNode; right: ExpressionNode })
  | (NodeBase & { kind: 'call'; fn: FunctionName; args: ExpressionNode[] })
  /** Parentheses the author wrote, kept so the expression reads back as written. */
  | (NodeBase & { kind: 'group'; inner: ExpressionNode });

export interface ExpressionError {
  /** Vietnamese, for the user; positions in messages count characters from 1. */
  message: string;
  messageEn: string;
  /** 0-based character offset of the problem. */
  position: number;
  /** Characters to highlight from `position` (0 at the end of the text). */
  length: number;
}

export type ParseExpressionResult =
  | { ok: true; ast: ExpressionNode; valueType: ExpressionValueType; references: ExpressionReference[] }
  | { ok: false; error: ExpressionError };

export interface ParseExpressionOptions {
  /** Require the expression to yield a number (indicators, rule sides) or a condition. */
  expect?: ExpressionValueType;
}

export type MissingValueStrategy = 'skip-if-any-missing' | 'zero' | 'never-skip';
export const MISSING_VALUE_STRATEGIES: readonly MissingValueStrategy[] = ['skip-if-any-missing', 'zero', 'never-skip'];

/** Returns the stored value of a reference, or null/undefined when it has none. */
export type ValueLookup = (ref: ExpressionReference) => number | null | undefined;

export interface EvaluateOptions {
  /**
   * - 'skip-if-any-missing' (default): any referenced value missing → null.
   * - 'zero': a missing value counts as 0 (isNull/coalesce still see it is missing).
   * - 'never-skip': a missing value is null and propagates (null + 1 = null; min/max
   *   ignore it; comparisons with it are null); isNull/coalesce/if handle it.
   */
  missingValueStrategy?: MissingValueStrategy;
}

export type ExpressionValue = number | boolean | null;

/** A stable string key for a reference: 'DE' or 'DE.COC'. */
export function referenceKey(ref: ExpressionReference): string {
  return ref.combo === undefined ? ref.dataElement : `${ref.dataElement}.${ref.combo}`;
}

// ---------------------------------------------------------------------------------
// Functions

interface FunctionSpec {
  name: FunctionName;
  minArgs: number;
  maxArgs: number;
}

const FUNCTIONS: readonly FunctionSpec[] = [
  { name: 'if', minArgs: 3, maxArgs: 3 },
  { name: 'isNull', minArgs: 1, maxArgs: 1 },
  { name: 'coalesce', minArgs: 1, maxArgs: Infinity },
  { name: 'min', minArgs: 1, maxArgs: Infinity },
  { name: 'max', minArgs: 1, maxArgs: Infinity },
  { name: 'abs', minArgs: 1, maxArgs: 1 },
  { name: 'round', minArgs: 1, maxArgs: 2 },
];

const FUNCTION_LIST = FUNCTIONS.map((f) => f.name).join(', ');

/** Function names match case-insensitively (isnull, ISNULL) and are stored canonically. */
function findFunction(name: string): FunctionSpec | undefined {
  const lower = name.toLowerCase();
  return FUNCTIONS.find((f) => f.name.toLowerCase() === lower);
}

// ---------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { t: 'number'; value: number; pos: number; len: number }
  | { t: 'ref'; ref: ExpressionReference; pos: number; len: number }
  | { t: 'ident'; name: string; pos: number; len: number }
  | { t: 'op'; op: BinaryOperator | '!'; pos: number; len: number }
  | { t: '(' | ')' | ',' | 'eof'; pos: number; len: number };

class ParseFailure extends Error {
  readonly detail: ExpressionError;
  constructor(message: string, messageEn: string, position: number, length: number) {
    super(messageEn);
    this.detail = { message, messageEn, position, length };
  }
}

const MAX_LENGTH = 10_000;
const MAX_DEPTH = 100;
const MAX_HEIGHT = 1000;

/** "ở vị trí 4" for offset 3: people count characters from 1. */
const at = (pos: number): string => `ở vị trí ${pos + 1}`;
const atEn = (pos: number): string => `at position ${pos + 1}`;

const CODE_CHAR = /[A-Za-z0-9_]/;
const WORD_CHAR = /[A-Za-z0-9_.]/;
const NAME_CHAR = /[\p{L}\p{M}\p{N}_]/u;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=' || two === '&&' || two === '||') {
      tokens.push({ t: 'op', op: two, pos: i, len: 2 });
      i += 2;
      continue;
    }
    switch (c) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '<':
      case '>':
      case '!':
        tokens.push({ t: 'op', op: c, pos: i, len: 1 });
        i++;
        continue;
      case '(':
      case ')':
      case ',':
        tokens.push({ t: c, pos: i, len: 1 });
        i++;
        continue;
      case '#':
        tokens.push(readReference(text, i));
        i = tokens[tokens.length - 1].pos + tokens[tokens.length - 1].len;
        continue;
      case '^':
        throw new ParseFailure(
          `Không hỗ trợ phép lũy thừa '^' ${at(i)}; hãy viết thành phép nhân, ví dụ a * a.`,
          `The power operator '^' is not supported (${atEn(i)}); write a multiplication such as a * a.`,
          i,
          1,
        );
      case '=':
        throw new ParseFailure(
          `Dùng '==' để so sánh bằng (dấu '=' ${at(i)}).`,
          `Use '==' to compare for equality ('=' ${atEn(i)}).`,
          i,
          1,
        );
      case '&':
        throw new ParseFailure(`Dùng '&&' cho phép "và" (dấu '&' ${at(i)}).`, `Use '&&' for "and" ('&' ${atEn(i)}).`, i, 1);
      case '|':
        throw new ParseFailure(`Dùng '||' cho phép "hoặc" (dấu '|' ${at(i)}).`, `Use '||' for "or" ('|' ${atEn(i)}).`, i, 1);
      default:
        break;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      tokens.push(readNumber(text, i));
      i += tokens[tokens.length - 1].len;
      continue;
    }
    if (NAME_CHAR.test(c)) {
      // Unicode letters are read into the name so 'số_hộ' is reported whole.
      let j = i + 1;
      while (j < n && NAME_CHAR.test(text[j])) j++;
      tokens.push({ t: 'ident', name: text.slice(i, j), pos: i, len: j - i });
      i = j;
      continue;
    }
    const symbol = String.fromCodePoint(text.codePointAt(i) ?? 0);
    throw new ParseFailure(
      `Ký hiệu không hợp lệ '${symbol}' ${at(i)}.`,
      `Invalid symbol '${symbol}' ${atEn(i)}.`,
      i,
      symbol.length,
    );
  }
  tokens.push({ t: 'eof', pos: n, len: 0 });
  return tokens;
}

function readNumber(text: string, start: number): Token {
  let j = start;
  while (j < text.length && WORD_CHAR.test(text[j])) j++;
  const raw = text.slice(start, j);
  if (/^\d+(\.\d+)?$/.test(raw)) return { t: 'number', value: Number(raw), pos: start, len: raw.length };
  if (/^\.\d+$/.test(raw)) {
    throw new ParseFailure(
      `Số '${raw}' ${at(start)} thiếu chữ số trước dấu thập phân; viết 0${raw}.`,
      `The number '${raw}' ${atEn(start)} needs a digit before the decimal point; write 0${raw}.`,
      start,
      raw.length,
    );
  }
  if (/^\d+(\.\d+)?[eE]/.test(raw)) {
    throw new ParseFailure(
      `Không hỗ trợ số dạng lũy thừa '${raw}' ${at(start)}; hãy viết đầy đủ chữ số.`,
      `Exponent notation '${raw}' ${atEn(start)} is not supported; write the digits out.`,
      start,
      raw.length,
    );
  }
  throw new ParseFailure(
    `Số không hợp lệ '${raw}' ${at(start)}; số thập phân viết bằng dấu chấm, ví dụ 0.5.`,
    `Invalid number '${raw}' ${atEn(start)}; write decimals with a point, e.g. 0.5.`,
    start,
    raw.length,
  );
}

function readReference(text: string, start: number): Token {
  if (text[start + 1] !== '{') {
    throw new ParseFailure(
      `Sau '#' phải là '{', ví dụ #{HH_POOR} (${at(start)}).`,
      `'#' must be followed by '{', e.g. #{HH_POOR} (${atEn(start)}).`,
      start,
      1,
    );
  }
  const close = text.indexOf('}', start + 2);
  if (close < 0) {
    throw new ParseFailure(
      `Thiếu dấu '}' đóng tham chiếu mở ${at(start)}.`,
      `Missing '}' to close the reference opened ${atEn(start)}.`,
      start,
      text.length - start,
    );
  }
  const bodyStart = start + 2;
  const body = text.slice(bodyStart, close);
  const len = close + 1 - start;
  if (body.trim() === '') {
    throw new ParseFailure(
      `Tham chiếu trống '#{}' ${at(start)}: cần mã phần tử dữ liệu, ví dụ #{HH_POOR}.`,
      `Empty reference '#{}' ${atEn(start)}: a data element code is needed, e.g. #{HH_POOR}.`,
      start,
      len,
    );
  }
  for (let k = 0; k < body.length; k++) {
    const ch = body[k];
    if (!CODE_CHAR.test(ch) && ch !== '.') {
      const pos = bodyStart + k;
      const shown = ch === ' ' ? 'khoảng trắng' : `'${ch}'`;
      const shownEn = ch === ' ' ? 'a space' : `'${ch}'`;
      throw new ParseFailure(
        `Ký tự ${shown} ${at(pos)} không được dùng trong mã; mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới.`,
        `${shownEn[0].toUpperCase()}${shownEn.slice(1)} ${atEn(pos)} is not allowed in a code; codes use letters, digits and underscores.`,
        pos,
        ch.length,
      );
    }
  }
  const parts = body.split('.');
  if (parts.length > 2) {
    const pos = bodyStart + parts[0].length + 1 + parts[1].length;
    throw new ParseFailure(
      `Tham chiếu chỉ có tối đa một dấu '.' (#{MÃ_PHẦN_TỬ.MÃ_TỔ_HỢP}); dấu '.' thừa ${at(pos)}.`,
      `A reference has at most one '.' (#{ELEMENT.COMBO}); extra '.' ${atEn(pos)}.`,
      pos,
      1,
    );
  }
  const [dataElement, combo] = parts;
  if (dataElement === '') {
    throw new ParseFailure(
      `Thiếu mã phần tử dữ liệu trước dấu '.' ${at(bodyStart)}.`,
      `Missing the data element code before '.' ${atEn(bodyStart)}.`,
      bodyStart,
      1,
    );
  }
  if (combo === '') {
    const pos = bodyStart + dataElement.length;
    throw new ParseFailure(
      `Thiếu mã tổ hợp phân tổ sau dấu '.' ${at(pos)}.`,
      `Missing the category option combination code after '.' ${atEn(pos)}.`,
      pos,
      1,
    );
  }
  const ref: ExpressionReference = combo === undefined ? { dataElement } : { dataElement, combo };
  return { t: 'ref', ref, pos: start, len };
}

// ---------------------------------------------------------------------------------
// Parser (precedence climbing). Lower binds looser.

const PRECEDENCE: Record<BinaryOperator, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};

function isComparison(op: BinaryOperator): op is ComparisonOperator {
  return PRECEDENCE[op] === 3 || PRECEDENCE[op] === 4;
}

function describeToken(token: Token, text: string): string {
  return token.t === 'eof' ? '' : text.slice(token.pos, token.pos + token.len);
}

const TYPE_VI: Record<ExpressionValueType, string> = { number: 'một số', boolean: 'một điều kiện đúng/sai' };
const TYPE_EN: Record<ExpressionValueType, string> = { number: 'a number', boolean: 'a true/false condition' };

class Parser {
  private index = 0;
  private depth = 0;
  private readonly heights = new WeakMap<ExpressionNode, number>();
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.index];
  }

  private previous(): Token | undefined {
    return this.index > 0 ? this.tokens[this.index - 1] : undefined;
  }

  private advance(): Token {
    const token = this.tokens[this.index];
    if (token.t !== 'eof') this.index++;
    return token;
  }

  parseAll(): ExpressionNode {
    const node = this.parseBinary(1);
    const token = this.peek();
    if (token.t !== 'eof') this.unexpectedAfterOperand(token, null);
    return node;
  }

  private parseBinary(minPrec: number): ExpressionNode {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (token.t !== 'op' || token.op === '!') return left;
      const op = token.op;
      const prec = PRECEDENCE[op];
      if (prec < minPrec) return left;
      if (isComparison(op) && left.kind === 'binary' && PRECEDENCE[left.op] === prec) {
        throw new ParseFailure(
          `Không thể nối tiếp hai phép so sánh ('${left.op}' rồi '${op}' ${at(token.pos)}); hãy dùng &&, ví dụ a < b && b < c.`,
          `Comparisons cannot be chained ('${left.op}' then '${op}' ${atEn(token.pos)}); use &&, e.g. a < b && b < c.`,
          token.pos,
          token.len,
        );
      }
      this.advance();
      const right = this.parseBinary(prec + 1);
      left = this.binary(op, token.pos, left, right);
    }
  }

  private parseUnary(): ExpressionNode {
    const token = this.peek();
    if (token.t === 'op' && (token.op === '-' || token.op === '!')) {
      this.advance();
      const operand = this.enter(() => this.parseUnary());
      const op = token.op;
      const want: ExpressionValueType = op === '-' ? 'number' : 'boolean';
      if (operand.valueType !== want) {
        throw this.typeError(
          operand,
          `Dấu '${op}' ${at(token.pos)} cần ${TYPE_VI[want]} phía sau, nhưng gặp ${TYPE_VI[operand.valueType]}.`,
          `'${op}' ${atEn(token.pos)} needs ${TYPE_EN[want]} after it, not ${TYPE_EN[operand.valueType]}.`,
        );
      }
      return this.measured({ kind: 'unary', op, operand, start: token.pos, end: operand.end, valueType: want }, operand);
    }
    return this.parsePrimary();
  }

  private enter<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      const token = this.peek();
      throw new ParseFailure(
        `Biểu thức lồng quá sâu (quá ${MAX_DEPTH} cấp) ${at(token.pos)}.`,
        `The expression is nested too deeply (over ${MAX_DEPTH} levels) ${atEn(token.pos)}.`,
        token.pos,
        token.len,
      );
    }
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): ExpressionNode {
    const token = this.peek();
    switch (token.t) {
      case 'number':
        this.advance();
        return { kind: 'number', value: token.value, start: token.pos, end: token.pos + token.len, valueType: 'number' };
      case 'ref':
        this.advance();
        return { kind: 'ref', ref: token.ref, start: token.pos, end: token.pos + token.len, valueType: 'number' };
      case '(': {
        this.advance();
        if (this.peek().t === ')') {
          throw new ParseFailure(
            `Cặp ngoặc rỗng '()' ${at(token.pos)}: cần một biểu thức bên trong.`,
            `Empty parentheses '()' ${atEn(token.pos)}: an expression is needed inside.`,
            token.pos,
            2,
          );
        }
        const inner = this.enter(() => this.parseBinary(1));
        const close = this.peek();
        if (close.t !== ')') this.unexpectedAfterOperand(close, { kind: 'group', open: token.pos });
        this.advance();
        return this.measured({ kind: 'group', inner, start: token.pos, end: close.pos + 1, valueType: inner.valueType }, inner);
      }
      case 'ident':
        return this.parseCall(token);
      case 'op':
      case ')':
      case ',':
      case 'eof':
        return this.missingOperand(token);
      default:
        return assertNever(token);
    }
  }

  private parseCall(token: Extract<Token, { t: 'ident' }>): ExpressionNode {
    this.advance();
    const spec = findFunction(token.name);
    const open = this.peek();
    if (open.t !== '(') {
      if (spec) {
        throw new ParseFailure(
          `Hàm '${spec.name}' ${at(token.pos)} cần dấu '(' ngay sau tên, ví dụ ${spec.name}(…).`,
          `The function '${spec.name}' ${atEn(token.pos)} needs '(' right after its name, e.g. ${spec.name}(…).`,
          token.pos,
          token.len,
        );
      }
      const example = /^[A-Za-z0-9_]+$/.test(token.name) ? token.name : 'MÃ';
      const exampleEn = example === 'MÃ' ? 'CODE' : example;
      throw new ParseFailure(
        `Tên không xác định '${token.name}' ${at(token.pos)}; tham chiếu phần tử dữ liệu viết dạng #{${example}}.`,
        `Unknown name '${token.name}' ${atEn(token.pos)}; reference a data element as #{${exampleEn}}.`,
        token.pos,
        token.len,
      );
    }
    if (!spec) {
      throw new ParseFailure(
        `Hàm không xác định '${token.name}' ${at(token.pos)}. Các hàm được hỗ trợ: ${FUNCTION_LIST}.`,
        `Unknown function '${token.name}' ${atEn(token.pos)}. Supported functions: ${FUNCTION_LIST}.`,
        token.pos,
        token.len,
      );
    }
    this.advance();
    const args: ExpressionNode[] = [];
    if (this.peek().t !== ')') {
      for (;;) {
        args.push(this.enter(() => this.parseBinary(1)));
        const next = this.peek();
        if (next.t === ',') {
          this.advance();
          continue;
        }
        if (next.t === ')') break;
        this.unexpectedAfterOperand(next, { kind: 'call', open: open.pos, fn: spec.name });
      }
    }
    const close = this.advance();
    const node: ExpressionNode = { kind: 'call', fn: spec.name, args, start: token.pos, end: close.pos + 1, valueType: 'number' };
    this.checkArity(spec, node);
    node.valueType = this.checkCallTypes(spec.name, args, node);
    return this.measured(node, ...args);
  }

  private checkArity(spec: FunctionSpec, node: Extract<ExpressionNode, { kind: 'call' }>): void {
    const count = node.args.length;
    if (count >= spec.minArgs && count <= spec.maxArgs) return;
    let needVi: string;
    let needEn: string;
    if (spec.minArgs === spec.maxArgs) {
      needVi = `đúng ${spec.minArgs} tham số`;
      needEn = `exactly ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`;
    } else if (spec.maxArgs === Infinity) {
      needVi = `ít nhất ${spec.minArgs} tham số`;
      needEn = `at least ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`;
    } else {
      needVi = `${spec.minArgs} đến ${spec.maxArgs} tham số`;
      needEn = `${spec.minArgs} to ${spec.maxArgs} arguments`;
    }
    throw new ParseFailure(
      `Hàm '${spec.name}' ${at(node.start)} cần ${needVi}, nhưng có ${count}.`,
      `The function '${spec.name}' ${atEn(node.start)} takes ${needEn}, but got ${count}.`,
      node.start,
      node.end - node.start,
    );
  }

  private checkCallTypes(fn: FunctionName, args: ExpressionNode[], node: ExpressionNode): ExpressionValueType {
    const requireType = (arg: ExpressionNode, want: ExpressionValueType, what: string, whatEn: string): void => {
      if (arg.valueType !== want) {
        throw this.typeError(
          arg,
          `${what} của hàm '${fn}' ${at(arg.start)} phải là ${TYPE_VI[want]}, không phải ${TYPE_VI[arg.valueType]}.`,
          `${whatEn} of '${fn}' ${atEn(arg.start)} must be ${TYPE_EN[want]}, not ${TYPE_EN[arg.valueType]}.`,
        );
      }
    };
    switch (fn) {
      case 'if': {
        requireType(args[0], 'boolean', 'Điều kiện', 'The condition');
        const [, a, b] = args;
        if (a.valueType !== b.valueType) {
          throw this.typeError(
            b,
            `Hai nhánh của hàm 'if' ${at(node.start)} phải cùng kiểu: nhánh đầu là ${TYPE_VI[a.valueType]}, nhánh sau là ${TYPE_VI[b.valueType]}.`,
            `Both branches of 'if' ${atEn(node.start)} must have the same type: ${TYPE_EN[a.valueType]} and ${TYPE_EN[b.valueType]}.`,
          );
        }
        return a.valueType;
      }
      case 'isNull':
        return 'boolean';
      case 'coalesce': {
        const first = args[0].valueType;
        args.forEach((arg) => requireType(arg, first, 'Các tham số', 'Every argument'));
        return first;
      }
      case 'min':
      case 'max':
      case 'abs':
        args.forEach((arg) => requireType(arg, 'number', 'Tham số', 'The argument'));
        return 'number';
      case 'round':
        args.forEach((arg) => requireType(arg, 'number', 'Tham số', 'The argument'));
        return 'number';
      default:
        return assertNever(fn);
    }
  }

  private binary(op: BinaryOperator, opStart: number, left: ExpressionNode, right: ExpressionNode): ExpressionNode {
    let valueType: ExpressionValueType;
    const need = (side: ExpressionNode, want: ExpressionValueType, sideVi: string, sideEn: string): void => {
      if (side.valueType !== want) {
        throw this.typeError(
          side,
          `Phép '${op}' ${at(opStart)} cần ${TYPE_VI[want]} ở ${sideVi}, nhưng gặp ${TYPE_VI[side.valueType]}.`,
          `'${op}' ${atEn(opStart)} needs ${TYPE_EN[want]} on the ${sideEn}, not ${TYPE_EN[side.valueType]}.`,
        );
      }
    };
    switch (op) {
      case '+':
      case '-':
      case '*':
      case '/':
        need(left, 'number', 'vế trái', 'left');
        need(right, 'number', 'vế phải', 'right');
        valueType = 'number';
        break;
      case '<':
      case '<=':
      case '>':
      case '>=':
        need(left, 'number', 'vế trái', 'left');
        need(right, 'number', 'vế phải', 'right');
        valueType = 'boolean';
        break;
      case '==':
      case '!=':
        need(right, left.valueType, 'vế phải (cùng kiểu với vế trái)', 'right (same type as the left)');
        valueType = 'boolean';
        break;
      case '&&':
      case '||':
        need(left, 'boolean', 'vế trái', 'left');
        need(right, 'boolean', 'vế phải', 'right');
        valueType = 'boolean';
        break;
      default:
        return assertNever(op);
    }
    return this.measured({ kind: 'binary', op, opStart, left, right, start: left.start, end: right.end, valueType }, left, right);
  }

  /**
   * Records a node's height and refuses trees taller than MAX_HEIGHT: evaluation and
   * description recurse over the tree, and a 5 000-term chain would overflow the stack.
   */
  private measured(node: ExpressionNode, ...children: ExpressionNode[]): ExpressionNode {
    const height = 1 + Math.max(0, ...children.map((child) => this.heights.get(child) ?? 1));
    if (height > MAX_HEIGHT) {
      throw new ParseFailure(
        `Biểu thức quá phức tạp (quá ${MAX_HEIGHT} phép tính lồng nhau) ${at(node.start)}; hãy tách thành nhiều chỉ tiêu.`,
        `The expression is too complex (over ${MAX_HEIGHT} nested operations) ${atEn(node.start)}; split it into several indicators.`,
        node.start,
        node.end - node.start,
      );
    }
    this.heights.set(node, height);
    return node;
  }

  private typeError(node: ExpressionNode, message: string, messageEn: string): ParseFailure {
    return new ParseFailure(message, messageEn, node.start, node.end - node.start);
  }

  /** An operand was expected at `token`; say what is missing, as precisely as we can. */
  private missingOperand(token: Token): never {
    const prev = this.previous();
    const shown = describeToken(token, this.text);
    if (prev && prev.t === 'op') {
      const op = this.text.slice(prev.pos, prev.pos + prev.len);
      throw new ParseFailure(
        `Thiếu toán hạng sau '${op}' ${at(prev.pos)}.`,
        `Missing operand after '${op}' ${atEn(prev.pos)}.`,
        prev.pos,
        prev.len,
      );
    }
    if (prev && prev.t === ',') {
      throw new ParseFailure(
        `Thiếu tham số sau dấu ',' ${at(prev.pos)}.`,
        `Missing argument after ',' ${atEn(prev.pos)}.`,
        prev.pos,
        1,
      );
    }
    switch (token.t) {
      case 'op':
        throw new ParseFailure(
          `Thiếu toán hạng trước '${shown}' ${at(token.pos)}.`,
          `Missing operand before '${shown}' ${atEn(token.pos)}.`,
          token.pos,
          token.len,
        );
      case ')':
        throw this.strayClose(token);
      case ',':
        throw this.strayComma(token);
      case 'eof':
        if (prev && prev.t === '(') {
          throw new ParseFailure(
            `Thiếu biểu thức sau dấu '(' ${at(prev.pos)}.`,
            `Missing an expression after '(' ${atEn(prev.pos)}.`,
            prev.pos,
            1,
          );
        }
        throw new ParseFailure('Biểu thức trống.', 'The expression is empty.', 0, 0);
      default:
        throw new ParseFailure(
          `Ký hiệu không đúng chỗ '${shown}' ${at(token.pos)}.`,
          `Unexpected '${shown}' ${atEn(token.pos)}.`,
          token.pos,
          token.len,
        );
    }
  }

  /**
   * A complete operand is followed by something that cannot continue it: a missing
   * operator, a missing ')', a stray ')' or ','.
   */
  private unexpectedAfterOperand(
    token: Token,
    inside: { kind: 'group'; open: number } | { kind: 'call'; open: number; fn: FunctionName } | null,
  ): never {
    const shown = describeToken(token, this.text);
    switch (token.t) {
      case 'number':
      case 'ref':
      case 'ident':
      case '(':
      case 'op':
        // 'op' here can only be '!', which is not a binary operator.
        throw new ParseFailure(
          `Thiếu toán tử trước '${shown}' ${at(token.pos)}.`,
          `Missing operator before '${shown}' ${atEn(token.pos)}.`,
          token.pos,
          token.len,
        );
      case ')':
        throw this.strayClose(token);
      case ',':
        if (inside === null || inside.kind === 'group') throw this.strayComma(token);
        throw new ParseFailure(`Dấu ',' không đúng chỗ ${at(token.pos)}.`, `Unexpected ',' ${atEn(token.pos)}.`, token.pos, 1);
      case 'eof': {
        if (inside === null) {
          throw new ParseFailure(`Biểu thức kết thúc bất ngờ ${at(token.pos)}.`, `Unexpected end ${atEn(token.pos)}.`, token.pos, 0);
        }
        const ofVi = inside.kind === 'call' ? ` của hàm '${inside.fn}'` : '';
        const ofEn = inside.kind === 'call' ? ` for '${inside.fn}'` : '';
        throw new ParseFailure(
          `Thiếu dấu ngoặc đóng ')' ${at(token.pos)}${ofVi} (dấu '(' mở ${at(inside.open)}).`,
          `Missing closing ')' ${atEn(token.pos)}${ofEn} (the '(' opened ${atEn(inside.open)}).`,
          token.pos,
          0,
        );
      }
      default:
        return assertNever(token);
    }
  }

  private strayClose(token: Token): ParseFailure {
    return new ParseFailure(
      `Dấu ngoặc đóng ')' thừa ${at(token.pos)}.`,
      `Unmatched closing ')' ${atEn(token.pos)}.`,
      token.pos,
      1,
    );
  }

  private strayComma(token: Token): ParseFailure {
    return new ParseFailure(
      `Dấu ',' ${at(token.pos)} chỉ dùng để ngăn cách tham số của hàm; số thập phân viết bằng dấu chấm, ví dụ 0.5.`,
      `',' ${atEn(token.pos)} only separates function arguments; write decimals with a point, e.g. 0.5.`,
      token.pos,
      1,
    );
  }
}

/** Every reference in the expression, in order of first appearance, without duplicates. */
export function collectReferences(ast: ExpressionNode): ExpressionReference[] {
  const seen = new Map<string, ExpressionReference>();
  walk(ast, (node) => {
    if (node.kind === 'ref' && !seen.has(referenceKey(node.ref))) seen.set(referenceKey(node.ref), node.ref);
  });
  return [...seen.values()];
}

function walk(node: ExpressionNode, visit: (node: ExpressionNode) => void): void {
  visit(node);
  switch (node.kind) {
    case 'number':
    case 'ref':
      return;
    case 'unary':
      walk(node.operand, visit);
      return;
    case 'binary':
      walk(node.left, visit);
      walk(node.right, visit);
      return;
    case 'call':
      node.args.forEach((arg) => walk(arg, visit));
      return;
    case 'group':
      walk(node.inner, visit);
      return;
    default:
      assertNever(node);
  }
}

/** Parses an expression; never throws for bad input. */
export function parseExpression(text: string, options: ParseExpressionOptions = {}): ParseExpressionResult {
  try {
    if (text.length > MAX_LENGTH) {
      throw new ParseFailure(
        `Biểu thức quá dài (tối đa ${MAX_LENGTH} ký tự).`,
        `The expression is too long (at most ${MAX_LENGTH} characters).`,
        MAX_LENGTH,
        text.length - MAX_LENGTH,
      );
    }
    const tokens = tokenize(text);
    if (tokens.length === 1) throw new ParseFailure('Biểu thức trống.', 'The expression is empty.', 0, text.length);
    const ast = new Parser(text, tokens).parseAll();
    if (options.expect && ast.valueType !== options.expect) {
      throw new ParseFailure(
        `Biểu thức phải cho ra ${TYPE_VI[options.expect]}, không phải ${TYPE_VI[ast.valueType]}.`,
        `The expression must yield ${TYPE_EN[options.expect]}, not ${TYPE_EN[ast.valueType]}.`,
        ast.start,
        ast.end - ast.start,
      );
    }
    return { ok: true, ast, valueType: ast.valueType, references: collectReferences(ast) };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

// ---------------------------------------------------------------------------------
// Evaluation

/** Relative tolerance for comparisons, so 0.1 + 0.2 == 0.3 as a person expects. */
const EPSILON = 1e-9;

export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= EPSILON * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Compares two numbers with the tolerance of nearlyEqual. */
export function compareNumbers(a: number, op: ComparisonOperator, b: number): boolean {
  const equal = nearlyEqual(a, b);
  switch (op) {
    case '==':
      return equal;
    case '!=':
      return !equal;
    case '<':
      return a < b && !equal;
    case '<=':
      return a < b || equal;
    case '>':
      return a > b && !equal;
    case '>=':
      return a > b || equal;
    default:
      return assertNever(op);
  }
}

/** Rounds half away from zero at `decimals` places, immune to 1.005 → 1.00 binary noise. */
export function roundHalfAwayFromZero(value: number, decimals = 0): number {
  const places = Math.max(-15, Math.min(15, Math.trunc(decimals)));
  const factor = 10 ** places;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const result = (Math.sign(value) * Math.round(scaled)) / factor;
  return result === 0 ? 0 : result;
}

function finite(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

/**
 * Evaluates a parsed expression. Division by zero and overflow give null, never
 * Infinity or NaN. Each reference is looked up at most once.
 */
export function evaluate(ast: ExpressionNode, lookup: ValueLookup, options: EvaluateOptions = {}): ExpressionValue {
  const strategy = options.missingValueStrategy ?? 'skip-if-any-missing';
  const cache = new Map<string, number | null>();
  const raw = (ref: ExpressionReference): number | null => {
    const key = referenceKey(ref);
    let value = cache.get(key);
    if (value === undefined) {
      const found = lookup(ref);
      value = typeof found === 'number' && Number.isFinite(found) ? found : null;
      cache.set(key, value);
    }
    return value;
  };

  if (strategy === 'skip-if-any-missing' && collectReferences(ast).some((ref) => raw(ref) === null)) return null;

  const num = (node: ExpressionNode): number | null => {
    const v = ev(node);
    return typeof v === 'number' ? v : null;
  };
  const bool = (node: ExpressionNode): boolean | null => {
    const v = ev(node);
    return typeof v === 'boolean' ? v : null;
  };
  /** isNull/coalesce look through to whether a referenced value exists at all. */
  const present = (node: ExpressionNode): ExpressionValue => {
    let inner = node;
    while (inner.kind === 'group') inner = inner.inner;
    return inner.kind === 'ref' ? raw(inner.ref) : ev(inner);
  };

  const ev = (node: ExpressionNode): ExpressionValue => {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'ref': {
        const value = raw(node.ref);
        return value === null && strategy === 'zero' ? 0 : value;
      }
      case 'group':
        return ev(node.inner);
      case 'unary': {
        if (node.op === '-') {
          const v = num(node.operand);
          return v === null ? null : finite(-v);
        }
        const b = bool(node.operand);
        return b === null ? null : !b;
      }
      case 'binary':
        return evalBinary(node.op, node.left, node.right);
      case 'call':
        return evalCall(node.fn, node.args);
      default:
        return assertNever(node);
    }
  };

  const evalBinary = (op: BinaryOperator, left: ExpressionNode, right: ExpressionNode): ExpressionValue => {
    switch (op) {
      case '&&': {
        // Three-valued (Kleene) logic: false && missing is false.
        const a = bool(left);
        if (a === false) return false;
        const b = bool(right);
        if (b === false) return false;
        return a === null || b === null ? null : true;
      }
      case '||': {
        const a = bool(left);
        if (a === true) return true;
        const b = bool(right);
        if (b === true) return true;
        return a === null || b === null ? null : false;
      }
      case '==':
      case '!=': {
        const a = ev(left);
        const b = ev(right);
        if (a === null || b === null) return null;
        if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, op, b);
        return op === '==' ? a === b : a !== b;
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const a = num(left);
        const b = num(right);
        return a === null || b === null ? null : compareNumbers(a, op, b);
      }
      case '+':
      case '-':
      case '*':
      case '/': {
        const a = num(left);
        const b = num(right);
        if (a === null || b === null) return null;
        switch (op) {
          case '+':
            return finite(a + b);
          case '-':
            return finite(a - b);
          case '*':
            return finite(a * b);
          case '/':
            return b === 0 ? null : finite(a / b);
          default:
            return assertNever(op);
        }
      }
      default:
        return assertNever(op);
    }
  };

  const evalCall = (fn: FunctionName, args: ExpressionNode[]): ExpressionValue => {
    switch (fn) {
      case 'if': {
        const condition = bool(args[0]);
        if (condition === null) return null;
        return ev(condition ? args[1] : args[2]);
      }
      case 'isNull':
        return present(args[0]) === null;
      case 'coalesce': {
        for (const arg of args) {
          const v = present(arg);
          if (v !== null) return v;
        }
        return null;
      }
      case 'min':
      case 'max': {
        const values = args.map(num).filter((v): v is number => v !== null);
        if (values.length === 0) return null;
        return fn === 'min' ? Math.min(...values) : Math.max(...values);
      }
      case 'abs': {
        const v = num(args[0]);
        return v === null ? null : Math.abs(v);
      }
      case 'round': {
        const v = num(args[0]);
        const places = args.length > 1 ? num(args[1]) : 0;
        return v === null || places === null ? null : finite(roundHalfAwayFromZero(v, places));
      }
      default:
        return assertNever(fn);
    }
  };

  return ev(ast);
}

// ---------------------------------------------------------------------------------
// Description in words, for the editor

export type ReferenceNamer = (ref: ExpressionReference) => string | undefined;

const OPERATOR_WORDS: Record<'vi' | 'en', Record<BinaryOperator, string>> = {
  vi: {
    '+': '+',
    '-': '−',
    '*': '×',
    '/': '÷',
    '<': '<',
    '<=': '≤',
    '>': '>',
    '>=': '≥',
    '==': '=',
    '!=': '≠',
    '&&': 'và',
    '||': 'hoặc',
  },
  en: {
    '+': '+',
    '-': '−',
    '*': '×',
    '/': '÷',
    '<': '<',
    '<=': '≤',
    '>': '>',
    '>=': '≥',
    '==': '=',
    '!=': '≠',
    '&&': 'and',
    '||': 'or',
  },
};

/**
 * The expression in words, e.g. "(Số hộ được hỗ trợ ÷ Số hộ nghèo) × 100". Names come
 * from `names` (falling back to the code); the author's parentheses are kept, and any
 * needed for a hand-built tree are added.
 */
export function describeExpression(ast: ExpressionNode, names: ReferenceNamer, lang: 'vi' | 'en'): string {
  const vi = lang === 'vi';
  // In Vietnamese the comma is the decimal separator, so lists use ';'.
  const sep = vi ? '; ' : ', ';
  const list = (args: ExpressionNode[]): string => args.map((a) => describe(a, 0)).join(sep);
  /** Whether this node, printed as an operand, must be wrapped to read unambiguously. */
  const wordy = (node: ExpressionNode): boolean =>
    node.kind === 'call' && (node.fn === 'if' || node.fn === 'isNull' || node.fn === 'round');

  const describe = (node: ExpressionNode, parentPrec: number, rightOfSame = false): string => {
    switch (node.kind) {
      case 'number':
        return formatNumber(node.value, lang);
      case 'ref':
        return names(node.ref) ?? referenceKey(node.ref);
      case 'group':
        return `(${describe(node.inner, 0)})`;
      case 'unary':
        if (node.op === '-') return `−${describe(node.operand, 7)}`;
        return `${vi ? 'không' : 'not'} ${describe(node.operand, 7)}`;
      case 'binary': {
        const prec = PRECEDENCE[node.op];
        const text = `${describe(node.left, prec)} ${OPERATOR_WORDS[lang][node.op]} ${describe(node.right, prec, true)}`;
        const needs = prec < parentPrec || (rightOfSame && prec === parentPrec);
        return needs ? `(${text})` : text;
      }
      case 'call': {
        const text = describeCall(node.fn, node.args);
        return parentPrec > 0 && wordy(node) ? `(${text})` : text;
      }
      default:
        return assertNever(node);
    }
  };

  const describeCall = (fn: FunctionName, args: ExpressionNode[]): string => {
    switch (fn) {
      case 'if': {
        const [c, a, b] = args.map((arg) => describe(arg, 0));
        return vi ? `nếu ${c} thì ${a}, ngược lại ${b}` : `if ${c} then ${a}, otherwise ${b}`;
      }
      case 'isNull':
        return vi ? `${describe(args[0], 7)} chưa có số liệu` : `${describe(args[0], 7)} is missing`;
      case 'coalesce':
        return vi ? `giá trị đầu tiên có số liệu trong (${list(args)})` : `first available of (${list(args)})`;
      case 'min':
        return vi ? `nhỏ nhất của (${list(args)})` : `minimum of (${list(args)})`;
      case 'max':
        return vi ? `lớn nhất của (${list(args)})` : `maximum of (${list(args)})`;
      case 'abs':
        return `|${describe(args[0], 0)}|`;
      case 'round': {
        const value = describe(args[0], 7);
        if (args.length < 2) return vi ? `${value} làm tròn đến số nguyên` : `${value} rounded to a whole number`;
        const places = describe(args[1], 7);
        return vi ? `${value} làm tròn đến ${places} chữ số thập phân` : `${value} rounded to ${places} decimals`;
      }
      default:
        return assertNever(fn);
    }
  };

  return describe(ast, 0);
}

// ---------------------------------------------------------------------------------
// Reference checks against the catalogue

export interface KnownElements {
  dataElements: ReadonlyMap<string, { combos: ReadonlySet<string> }>;
}

export interface UnknownReference {
  ref: ExpressionReference;
  reason: 'unknown_data_element' | 'unknown_combo';
  message: string;
  messageEn: string;
  /** 0-based offset of the reference (#{…}) in the source text. */
  position: number;
  length: number;
}

/** References to elements or combinations the catalogue does not have, each time they occur. */
export function validateReferences(ast: ExpressionNode, known: KnownElements): UnknownReference[] {
  const problems: UnknownReference[] = [];
  walk(ast, (node) => {
    if (node.kind !== 'ref') return;
    const { ref } = node;
    const position = node.start;
    const length = node.end - node.start;
    const element = known.dataElements.get(ref.dataElement);
    if (!element) {
      problems.push({
        ref,
        reason: 'unknown_data_element',
        message: `Không có phần tử dữ liệu mã '${ref.dataElement}' (${at(position)}).`,
        messageEn: `There is no data element with code '${ref.dataElement}' (${atEn(position)}).`,
        position,
        length,
      });
    } else if (ref.combo !== undefined && !element.combos.has(ref.combo)) {
      problems.push({
        ref,
        reason: 'unknown_combo',
        message: `Phần tử '${ref.dataElement}' không có tổ hợp phân tổ '${ref.combo}' (${at(position)}).`,
        messageEn: `The data element '${ref.dataElement}' has no category option combination '${ref.combo}' (${atEn(position)}).`,
        position,
        length,
      });
    }
  });
  return problems;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
