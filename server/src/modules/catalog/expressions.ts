// Indicator and validation-rule expressions against the catalogue, with the shared
// engine's parser (never a second one): syntax and reference checks with the engine's
// positions and messages, the expression in words with element names, and the
// snapshot of the catalogue those checks need. Pure: the snapshot is loaded elsewhere.
import type { Lang } from '@shared/errors.ts';
import {
  describeExpression,
  parseExpression,
  validateReferences,
  type ExpressionError,
  type ExpressionReference,
  type ExpressionValueType,
  type KnownElements,
  type ReferenceNamer,
} from '@shared/engine/index.ts';
import type { ExpressionCheckResponse } from '@shared/schemas/catalog.ts';

interface Named {
  nameVi: string;
  nameEn: string | null;
}

export interface CatalogueSnapshot {
  /** By element code: its names and its active option combinations by code. */
  elements: ReadonlyMap<string, Named & { combos: ReadonlyMap<string, Named> }>;
}

const pick = (n: Named, lang: Lang) => (lang === 'en' ? (n.nameEn ?? n.nameVi) : n.nameVi);
const messageOf = (e: Pick<ExpressionError, 'message' | 'messageEn'>, lang: Lang) => (lang === 'en' ? e.messageEn : e.message);

export function knownElements(snapshot: CatalogueSnapshot): KnownElements {
  const dataElements = new Map<string, { combos: ReadonlySet<string> }>();
  for (const [code, el] of snapshot.elements) dataElements.set(code, { combos: new Set(el.combos.keys()) });
  return { dataElements };
}

/** "Số trẻ dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (Nữ)" for #{DA7_U5_UNDERWEIGHT.NU}. */
export function referenceName(snapshot: CatalogueSnapshot, ref: ExpressionReference, lang: Lang): string | undefined {
  const el = snapshot.elements.get(ref.dataElement);
  if (!el) return undefined;
  if (ref.combo === undefined) return pick(el, lang);
  const combo = el.combos.get(ref.combo);
  return combo ? `${pick(el, lang)} (${pick(combo, lang)})` : undefined;
}

export function namer(snapshot: CatalogueSnapshot, lang: Lang): ReferenceNamer {
  return (ref) => referenceName(snapshot, ref, lang);
}

/** What the expression editor shows: ok, type, the words, each reference and the first problem. */
export function checkExpression(text: string, snapshot: CatalogueSnapshot, lang: Lang, expect?: ExpressionValueType): ExpressionCheckResponse {
  const parsed = parseExpression(text, expect ? { expect } : {});
  if (!parsed.ok) {
    const { position, length } = parsed.error;
    return { ok: false, valueType: null, description: null, references: [], error: { message: messageOf(parsed.error, lang), position, length } };
  }
  const references = parsed.references.map((ref) => {
    const name = referenceName(snapshot, ref, lang) ?? null;
    return { dataElement: ref.dataElement, ...(ref.combo === undefined ? {} : { combo: ref.combo }), name, known: name !== null };
  });
  const description = describeExpression(parsed.ast, namer(snapshot, lang), lang);
  const problem = validateReferences(parsed.ast, knownElements(snapshot))[0];
  if (problem) {
    return { ok: false, valueType: parsed.valueType, description, references, error: { message: messageOf(problem, lang), position: problem.position, length: problem.length } };
  }
  return { ok: true, valueType: parsed.valueType, description, references };
}

export interface ExpressionField {
  /** The request field, e.g. 'body.numerator'. */
  path: string;
  text: string;
  expect: ExpressionValueType;
}

/** One field error per bad expression: the parser's message, else the first unknown reference. */
export function expressionFieldErrors(fields: ExpressionField[], snapshot: CatalogueSnapshot, lang: Lang): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  const known = knownElements(snapshot);
  for (const f of fields) {
    const parsed = parseExpression(f.text, { expect: f.expect });
    if (!parsed.ok) {
      errors.push({ path: f.path, message: messageOf(parsed.error, lang) });
      continue;
    }
    const problem = validateReferences(parsed.ast, known)[0];
    if (problem) errors.push({ path: f.path, message: messageOf(problem, lang) });
  }
  return errors;
}

/** The expression in words; the text itself if it no longer parses (it was checked when saved). */
export function inWords(text: string, snapshot: CatalogueSnapshot, lang: Lang): string {
  const parsed = parseExpression(text);
  return parsed.ok ? describeExpression(parsed.ast, namer(snapshot, lang), lang) : text;
}
