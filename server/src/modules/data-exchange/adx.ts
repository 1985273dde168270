// ADX (IHE Aggregate Data Exchange, namespace urn:ihe:qrph:adx:2015) as DHIS2 writes it:
//   <adx xmlns="urn:ihe:qrph:adx:2015" exported="…">
//     <group orgUnit="UNIT" period="2025-07-01/P3M" dataSet="FORM">
//       <dataValue dataElement="ELEMENT" SEX="NAM" value="12"><annotation>comment</annotation></dataValue>
// Codes everywhere; the option combination is named by its options, one attribute per
// category (category code = option code), and resolved to our combination when the rows
// are checked (import-validate.ts). Reading refuses a DOCTYPE outright (no entity can be
// declared, so no XXE and no billion laughs; fast-xml-parser never fetches external
// entities either), checks well-formedness, the root and its namespace, then turns every
// dataValue into an ImportRow numbered by its position in the file (from 1), so ADX goes
// through the same checks, all-or-nothing write, dry run and jobs as JSON and CSV.
// Writing is a small serialiser: fast-xml-parser's builder leaves newlines raw in
// attributes, which an XML reader turns into spaces, so values would not come back.
import { sql } from 'kysely';
import { adxPeriod, periodFromAdx } from '@shared/engine/periods.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { loadFastXmlParser } from '../../platform/lazy-modules.ts';
import type { ImportRow } from './exchange-files.ts';
import type { ExportQuery } from './export.ts';

export const ADX_NAMESPACE = 'urn:ihe:qrph:adx:2015';
export const ADX_CONTENT_TYPE = 'application/adx+xml; charset=utf-8';
const MAX_TEXT = 50_000;
/** Attributes of a dataValue that are not categories. */
const RESERVED = new Set(['dataElement', 'value']);

const invalidXml = (reason: string) => new AppError('file_invalid_xml', { reason });

/** The five XML entities and character references; anything else is not XML. */
function decodeEntities(text: string, where: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw invalidXml(`ký tự "&" không thành tham chiếu hợp lệ ở ${where}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[ref] !== undefined) return named[ref];
    const m = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(ref);
    const cp = m ? (m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : Number(m[1])) : NaN;
    if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0) throw invalidXml(`tham chiếu "${whole}" không hợp lệ ở ${where}`);
    return String.fromCodePoint(cp);
  });
}

type Node = Record<string, unknown>;
const asNodes = (v: unknown): Node[] => (Array.isArray(v) ? v.filter((x): x is Node => x !== null && typeof x === 'object') : []);
const attrsOf = (n: Node): Record<string, string> => {
  const a = n['@'];
  return a !== null && typeof a === 'object' ? (a as Record<string, string>) : {};
};

/**
 * Reads an ADX file (UTF-8 text already decoded) into rows. Whole-file problems throw
 * (file_invalid_xml: DOCTYPE, not well-formed, not an ADX root/namespace, too large a
 * field); everything about single values — codes, the period, the categories — is
 * left to the row checks.
 */
export async function parseAdx(text: string): Promise<ImportRow[]> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw invalidXml('tệp có khai báo DOCTYPE/ENTITY; tệp ADX không được chứa khai báo này');
  const { XMLParser, XMLValidator } = await loadFastXmlParser();
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) throw invalidXml(`${valid.err.msg} (dòng ${valid.err.line}, cột ${valid.err.col})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => /(^|:)(group|dataValue|annotation)$/.test(name),
  });
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (err) {
    throw invalidXml((err as Error).message);
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && k !== '#text' && k !== '#comment');
  const rootName = roots.length === 1 ? roots[0]! : '';
  const m = /^(?:([A-Za-z_][\w.-]*):)?adx$/.exec(rootName);
  const root = (Array.isArray(doc[rootName]) ? (doc[rootName] as unknown[])[0] : doc[rootName]) as Node | string | undefined;
  const prefix = m?.[1];
  const rootNode: Node = root !== null && typeof root === 'object' ? root : {};
  if (!m || attrsOf(rootNode)[prefix ? `xmlns:${prefix}` : 'xmlns'] !== ADX_NAMESPACE) {
    throw invalidXml(`phần tử gốc phải là <adx xmlns="${ADX_NAMESPACE}">`);
  }
  const el = (name: string) => (prefix ? `${prefix}:${name}` : name);

  const rows: ImportRow[] = [];
  for (const [g, group] of asNodes(rootNode[el('group')]).entries()) {
    const ga = attrsOf(group);
    const groupText = (name: string) => {
      const v = ga[name] ?? '';
      if (v.length > MAX_TEXT) throw new AppError('file_cell_too_large', { where: `group ${g + 1} @${name}`, length: v.length, limit: MAX_TEXT });
      return decodeEntities(v, `group ${g + 1}`).trim();
    };
    const orgUnit = groupText('orgUnit');
    const periodText = groupText('period');
    const period = periodFromAdx(periodText) ?? periodText;
    const dataSet = groupText('dataSet');
    for (const dv of asNodes(group[el('dataValue')])) {
      const row = rows.length + 1;
      const where = `dataValue ${row}`;
      const categories: Record<string, string> = {};
      let dataElement = '';
      let value: string | null = null;
      for (const [name, raw] of Object.entries(attrsOf(dv))) {
        if (raw.length > MAX_TEXT) throw new AppError('file_cell_too_large', { where: `${where} @${name}`, length: raw.length, limit: MAX_TEXT });
        const v = decodeEntities(raw, where);
        if (name === 'dataElement') dataElement = v.trim();
        else if (name === 'value') value = v;
        else if (!name.includes(':') && !RESERVED.has(name)) categories[name] = v.trim();
      }
      const notes = dv[el('annotation')];
      const note = Array.isArray(notes) && notes.length > 0 ? notes[0] : undefined;
      const noteText = typeof note === 'string' ? note : note !== null && typeof note === 'object' && typeof (note as Node)['#text'] === 'string' ? ((note as Node)['#text'] as string) : '';
      if (noteText.length > MAX_TEXT) throw new AppError('file_cell_too_large', { where: `${where} <annotation>`, length: noteText.length, limit: MAX_TEXT });
      const comment = decodeEntities(noteText, where);
      rows.push({
        row,
        dataElement,
        period,
        orgUnit,
        coc: '',
        categories,
        ...(dataSet ? { dataSet } : {}),
        value,
        lang: 'en',
        comment: comment.trim() === '' ? null : comment,
        deleted: false,
      });
    }
  }
  return rows;
}

// --- writing ----------------------------------------------------------------------

/** One value to write: codes, the period code, its options by category code. */
export interface AdxValue {
  orgUnit: string;
  period: string;
  dataSet: string;
  dataElement: string;
  /** Category code → option code; empty for the default combination. */
  categories: Record<string, string>;
  value: string | null;
  comment: string | null;
}

const escapeAttr = (s: string) =>
  s.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
const escapeText = (s: string) => s.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!);

/**
 * The ADX document of a list of values, one group per (orgUnit, period, dataSet) in the
 * order first met; a value without a value (a comment only) has no value attribute.
 */
export function toAdx(values: AdxValue[], exportedAt: Date): string {
  const groups = new Map<string, AdxValue[]>();
  for (const v of values) {
    const k = `${v.orgUnit}\u0000${v.period}\u0000${v.dataSet}`;
    const list = groups.get(k);
    if (list) list.push(v);
    else groups.set(k, [v]);
  }
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<adx xmlns="${ADX_NAMESPACE}" exported="${exportedAt.toISOString()}">`];
  for (const list of groups.values()) {
    const first = list[0]!;
    out.push(`  <group orgUnit="${escapeAttr(first.orgUnit)}" period="${adxPeriod(first.period)}" dataSet="${escapeAttr(first.dataSet)}">`);
    for (const v of list) {
      const cats = Object.entries(v.categories).map(([c, o]) => ` ${c}="${escapeAttr(o)}"`).join('');
      const value = v.value === null ? '' : ` value="${escapeAttr(v.value)}"`;
      const open = `    <dataValue dataElement="${escapeAttr(v.dataElement)}"${cats}${value}`;
      out.push(v.comment ? `${open}><annotation>${escapeText(v.comment)}</annotation></dataValue>` : `${open}/>`);
    }
    out.push('  </group>');
  }
  out.push('</adx>', '');
  return out.join('\n');
}

/** The values of an export query with each option combination as its options by category code. */
export async function adxValues(db: Db, q: ExportQuery): Promise<AdxValue[]> {
  const units = q.children
    ? sql`(select descendant_id from org_unit_closure where ancestor_id = ${q.unitId})`
    : sql`(select ${q.unitId}::bigint)`;
  const rows = await sql<{ form: string; de: string; ou: string; categories: Record<string, string> | null; value: string | null; comment: string | null }>`
    select f.code as form, de.code as de, u.code as ou, v.value, v.comment,
      (select json_object_agg(c.code, o.code order by c.sort_order, c.code) from category_option o join category c on c.id = o.category_id where o.id = any(oc.option_ids)) as categories
    from data_value v
    join form f on f.id = ${q.formId}
    join data_element de on de.id = v.data_element_id
    join category_option_combo oc on oc.id = v.coc_id
    join org_unit u on u.id = v.unit_id
    where v.period = ${q.period} and v.unit_id in ${units}
      and v.data_element_id in (select data_element_id from form_element where form_id = ${q.formId})
      and (v.value is not null or v.comment is not null)
    order by u.code, de.code, oc.sort_order, oc.code`.execute(db);
  return rows.rows.map((r) => ({ orgUnit: r.ou, period: q.period, dataSet: r.form, dataElement: r.de, categories: r.categories ?? {}, value: r.value, comment: r.comment }));
}

/**
 * The ADX document for an export query (the same values as the JSON/CSV export): one
 * group per unit, with the form's code as dataSet; `exportedAt` goes in the root's
 * "exported" attribute (pass ctx.clock.now()).
 */
export async function exportAdx(db: Db, q: ExportQuery, exportedAt: Date): Promise<string> {
  return toAdx(await adxValues(db, q), exportedAt);
}
