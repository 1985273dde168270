// SQL of the documents module: the register of generated documents, templates, the
// units they belong to.
import { type Kysely, sql } from 'kysely';
import { foldVietnamese } from '@shared/text.ts';
import { vietnamMidnight, addDays } from '@shared/engine/periods.ts';
import type { DocumentListQuery } from '@shared/schemas/documents.ts';
import type { Database } from '../../platform/db/schema.ts';
import { unitInScopeSql } from '../org-units/scope.repository.ts';

type Db = Kysely<Database>;

export interface DocUnit {
  id: string;
  code: string;
  name: string;
  full_name: string;
  kind: string;
  province_id: string | null;
}

export async function findUnit(db: Db, id: string): Promise<DocUnit | undefined> {
  return db.selectFrom('org_unit').select(['id', 'code', 'name', 'full_name', 'kind', 'province_id']).where('id', '=', id).executeTakeFirst();
}

/** The columns of the register, without the file. */
const documentSelect = (db: Db) =>
  db
    .selectFrom('generated_document as d')
    .innerJoin('org_unit as u', 'u.id', 'd.unit_id')
    .leftJoin('form as f', 'f.id', 'd.form_id')
    .select([
      'd.id',
      'd.kind',
      'd.format',
      'd.unit_id',
      'd.register_year',
      'd.register_no',
      'd.number',
      'd.title',
      'd.subject',
      'd.period',
      'd.form_id',
      'd.template_id',
      'd.template_name',
      'd.file_name',
      'd.content_type',
      'd.size',
      'd.sha256',
      'd.created_by',
      'd.created_by_username',
      'd.created_by_name',
      'd.created_at',
      'u.code as unit_code',
      'u.full_name as unit_name',
      'f.code as form_code',
      'f.name_vi as form_name',
    ]);

export type DocumentRow = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

export function findDocument(db: Db, id: string) {
  return documentSelect(db).where('d.id', '=', id).executeTakeFirst();
}

export async function documentContent(db: Db, id: string): Promise<Buffer | null> {
  const row = await db.selectFrom('generated_document').select('content').where('id', '=', id).executeTakeFirst();
  return row?.content ?? null;
}

/**
 * The register, newest first: documents of units within `roots` (null: everywhere), plus
 * the caller's own; filters by kind, format, unit subtree, words, creation days (Vietnam time).
 */
export async function listDocuments(db: Db, q: DocumentListQuery, access: { roots: string[] | null; userId: string }) {
  let query = documentSelect(db);
  if (access.roots !== null) {
    const roots = access.roots;
    query = query.where((eb) => eb.or([eb('d.created_by', '=', access.userId), unitInScopeSql(sql.ref('d.unit_id'), roots)]));
  }
  if (q.kind) query = query.where('d.kind', '=', q.kind);
  if (q.format) query = query.where('d.format', '=', q.format);
  if (q.unitId) {
    const unitId = q.unitId;
    query = query.where((eb) => eb.exists(eb.selectFrom('org_unit_closure as c2').select(sql`1`.as('one')).whereRef('c2.descendant_id', '=', 'd.unit_id').where('c2.ancestor_id', '=', unitId)));
  }
  if (q.q) {
    for (const word of foldVietnamese(q.q).split(/\s+/).filter(Boolean)) {
      query = query.where('d.search_folded', 'like', `%${word.replace(/[\\%_]/g, '\\$&')}%`);
    }
  }
  if (q.from) query = query.where('d.created_at', '>=', vietnamMidnight(q.from));
  if (q.to) query = query.where('d.created_at', '<', vietnamMidnight(addDays(q.to, 1)));
  const [items, count] = await Promise.all([
    query.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(q.limit).offset(q.offset).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** The next number in a unit's register for the year; the caller holds the unit's register lock. */
export async function nextRegisterNo(db: Db, unitId: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('generated_document')
    .select((eb) => eb.fn.max('register_no').as('n'))
    .where('unit_id', '=', unitId)
    .where('register_year', '=', year)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** Serialises numbering within one unit's register (released at commit). */
export async function lockRegister(db: Db, unitId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(1719022, ${Number(unitId)}::int)`.execute(db);
}

// --- templates ---

const templateSelect = (db: Db) =>
  db
    .selectFrom('document_template as t')
    .innerJoin('org_unit as u', 'u.id', 't.unit_id')
    .select(['t.id', 't.name', 't.kind', 't.unit_id', 't.file_name', 't.size', 't.placeholders', 't.created_by', 't.created_by_username', 't.created_at', 'u.code as unit_code', 'u.full_name as unit_name']);

export type TemplateRow = NonNullable<Awaited<ReturnType<typeof findTemplate>>>;

export function findTemplate(db: Db, id: string) {
  return templateSelect(db).where('t.id', '=', id).executeTakeFirst();
}

export async function templateContent(db: Db, id: string): Promise<Buffer | null> {
  const row = await db.selectFrom('document_template').select('content').where('id', '=', id).executeTakeFirst();
  return row?.content ?? null;
}

/**
 * Templates whose unit lies within `manageRoots` (null: all) or — with `forUnitId` — whose
 * unit is that unit or one of its ancestors (the templates a report on it may use).
 */
export async function listTemplates(db: Db, opts: { kind?: string; manageRoots: string[] | null; forUnitId?: string }) {
  let query = templateSelect(db);
  if (opts.kind) query = query.where('t.kind', '=', opts.kind as 'consolidated');
  const { forUnitId, manageRoots } = opts;
  query = query.where((eb) => {
    const ors = [];
    if (forUnitId) ors.push(eb.exists(eb.selectFrom('org_unit_closure as c').select(sql`1`.as('one')).where('c.descendant_id', '=', forUnitId).whereRef('c.ancestor_id', '=', 't.unit_id')));
    if (manageRoots === null) ors.push(sql<boolean>`true`);
    else if (manageRoots.length > 0)
      ors.push(eb.exists(eb.selectFrom('org_unit_closure as c2').select(sql`1`.as('one')).whereRef('c2.descendant_id', '=', 't.unit_id').where('c2.ancestor_id', 'in', manageRoots)));
    return ors.length ? eb.or(ors) : sql<boolean>`false`;
  });
  return query.orderBy('t.name').orderBy('t.id').execute();
}

/** True when `ancestorId` is `unitId` or above it. */
export async function isAncestorOrSelf(db: Db, ancestorId: string, unitId: string): Promise<boolean> {
  const row = await db.selectFrom('org_unit_closure').select('ancestor_id').where('ancestor_id', '=', ancestorId).where('descendant_id', '=', unitId).executeTakeFirst();
  return Boolean(row);
}
