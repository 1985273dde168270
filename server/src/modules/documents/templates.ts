// Administrators' own Word templates (docxtemplater + pizzip): placeholders {unit.name},
// loops {#rows}{name} {value}{/rows}, conditions {#total}…{/total}. On upload a template
// is parsed and every name it uses is checked against the fields the report data
// provides (TEMPLATE_FIELDS of the kind) — inside a loop, the item's fields first, then
// the enclosing ones, as docxtemplater resolves them; unknown names are refused with
// their list. Malformed templates (unclosed loops, stray braces) are refused with the
// problems in Vietnamese. Filling uses the same parser: a dotted name walks objects.
import type Docxtemplater from 'docxtemplater';
import type PizZip from 'pizzip';
import { TEMPLATE_FIELDS, type DocumentKind, type TemplateField } from '@shared/schemas/documents.ts';
import { AppError } from '../../platform/errors.ts';
import { loadDocxtemplater, loadPizZip } from '../../platform/lazy-modules.ts';
import { assertSafeZip } from '../data-exchange/zip-guard.ts';

/** {a.b.c}: walk the scope's objects; undefined lets docxtemplater try the enclosing scopes. */
function parser(tag: string) {
  const path = tag.trim() === '.' || tag.trim() === '' ? [] : tag.trim().split('.');
  return {
    get(scope: unknown): unknown {
      let v = scope;
      for (const key of path) {
        if (v === null || typeof v !== 'object') return undefined;
        v = (v as Record<string, unknown>)[key];
      }
      return v;
    },
  };
}

interface TemplateError {
  properties?: { id?: string; xtag?: string; explanation?: string; openingtag?: string; closingtag?: string; errors?: TemplateError[] };
}

function describe(e: TemplateError): string {
  const p = e.properties ?? {};
  const tag = p.xtag ?? '';
  switch (p.id) {
    case 'unclosed_loop':
      return `vòng lặp {#${tag}} chưa có {/${tag}}`;
    case 'unopened_loop':
      return `{/${tag}} không có {#${tag}} mở trước`;
    case 'closing_tag_does_not_match_opening_tag':
      return `{/${p.closingtag ?? ''}} không khớp với {#${p.openingtag ?? ''}}`;
    case 'unclosed_tag':
      return `thẻ "{${tag}" thiếu dấu }`;
    case 'unopened_tag':
      return `thẻ "${tag}}" thiếu dấu {`;
    case 'duplicate_open_tag':
      return `thẻ "${tag}" có hai dấu { liền nhau`;
    case 'duplicate_close_tag':
      return `thẻ "${tag}" có hai dấu } liền nhau`;
    default:
      return p.explanation ?? 'lỗi không xác định';
  }
}

/** docxtemplater and pizzip, loaded on first use (lazy-modules.ts). */
interface Libraries {
  Docxtemplater: typeof Docxtemplater;
  PizZip: typeof PizZip;
}

async function libraries(): Promise<Libraries> {
  const [Docxtemplater, PizZip] = await Promise.all([loadDocxtemplater(), loadPizZip()]);
  return { Docxtemplater, PizZip };
}

function open(lib: Libraries, file: Buffer): PizZip {
  try {
    assertSafeZip(file);
  } catch (e) {
    // Not a ZIP at all reads as "not a Word file"; a ZIP bomb keeps its own code.
    throw e instanceof AppError && e.code === 'invalid_file' ? new AppError('template_not_docx') : e;
  }
  let zip: PizZip;
  try {
    zip = new lib.PizZip(file);
  } catch {
    throw new AppError('template_not_docx');
  }
  if (!zip.file('word/document.xml')) throw new AppError('template_not_docx');
  return zip;
}

function compile(lib: Libraries, zip: PizZip, modules: unknown[] = []): Docxtemplater {
  try {
    return new lib.Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, parser, nullGetter: () => '', errorLogging: false, modules: modules as never[] });
  } catch (e) {
    const err = e as TemplateError;
    const list = err.properties?.errors?.length ? err.properties.errors : [err];
    throw new AppError('template_invalid', { reason: [...new Set(list.map(describe))].join('; ') });
  }
}

interface Part {
  type: string;
  value: string;
  module?: string;
  subparsed?: Part[];
}

/** The field a dotted name reaches from the innermost scope outwards, or null. */
function resolve(name: string, scopes: TemplateField[][]): TemplateField | null {
  const segments = name.trim().split('.');
  for (let i = scopes.length - 1; i >= 0; i -= 1) {
    let fields: TemplateField[] | undefined = scopes[i];
    let found: TemplateField | null = null;
    for (const s of segments) {
      found = fields?.find((f) => f.name === s) ?? null;
      if (!found) break;
      fields = found.items;
    }
    if (found) return found;
  }
  return null;
}

/**
 * Collects the parsed tag tree of every templated part (body, headers, footers) as
 * docxtemplater announces it to its modules — what its InspectModule does, without the
 * lodash that module needs.
 */
class CollectTags {
  readonly name = 'CollectTags';
  readonly parts = new Map<string, Part[]>();
  private file = '';
  set(obj: { inspect?: { filePath?: string; postparsed?: Part[] } }): void {
    if (obj.inspect?.filePath) this.file = obj.inspect.filePath;
    if (obj.inspect?.postparsed) this.parts.set(this.file, obj.inspect.postparsed);
  }
  clone(): CollectTags {
    return new CollectTags();
  }
}

/** The names a template uses, checked against the kind's fields. */
export async function inspectTemplate(file: Buffer, kind: DocumentKind): Promise<{ placeholders: string[]; unknown: string[] }> {
  const lib = await libraries();
  const collect = new CollectTags();
  compile(lib, open(lib, file), [collect]);
  const used = new Set<string>();
  const unknown = new Set<string>();
  const walk = (parts: Part[], scopes: TemplateField[][], prefix: string) => {
    for (const part of parts) {
      if (part.type !== 'placeholder') continue;
      const name = part.value.trim();
      const field = name === '.' ? { name: '.', descriptionVi: '', descriptionEn: '' } : resolve(name, scopes);
      const shown = prefix ? `${prefix}.${name}` : name;
      if (!field) unknown.add(shown);
      else if (name !== '.') used.add(shown);
      if (part.subparsed) walk(part.subparsed, field?.items ? [...scopes, field.items] : scopes, field?.items ? shown : prefix);
    }
  };
  for (const parts of collect.parts.values()) walk(parts, [TEMPLATE_FIELDS[kind]], '');
  return { placeholders: [...used].sort(), unknown: [...unknown] };
}

/** The template filled with the data; a failure while rendering is template_fill_failed. */
export async function fillTemplate(file: Buffer, data: Record<string, unknown>): Promise<Buffer> {
  const lib = await libraries();
  const doc = compile(lib, open(lib, file));
  try {
    doc.render(data);
  } catch (e) {
    const err = e as TemplateError;
    const list = err.properties?.errors?.length ? err.properties.errors : [err];
    throw new AppError('template_fill_failed', { reason: list.map(describe).join('; ') });
  }
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Every name of a kind's fields (for the message listing what may be used): "unit.name", "rows.value". */
export function fieldNames(kind: DocumentKind): string[] {
  const out: string[] = [];
  const walk = (fields: TemplateField[], prefix: string) => {
    for (const f of fields) {
      out.push(prefix + f.name);
      if (f.items) walk(f.items, `${prefix}${f.name}.`);
    }
  };
  walk(TEMPLATE_FIELDS[kind], '');
  return out;
}
