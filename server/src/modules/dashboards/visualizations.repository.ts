// SQL for favourites (saved pivot tables, charts, maps) and the catalogue checks of their requests.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Viewer } from './dashboards.policy.ts';
import { nameMatchSql, readableSql } from './sharing.repository.ts';

export function findVisualization(db: Db, id: string) {
  return db.selectFrom('visualization').selectAll().where('id', '=', id).executeTakeFirst();
}
export type VisualizationRow = NonNullable<Awaited<ReturnType<typeof findVisualization>>>;

export function visualizationsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([] as VisualizationRow[]);
  return db.selectFrom('visualization').selectAll().where('id', 'in', ids).execute();
}

/** Mine and shared with me (or every one, for a curator asking for all), by name in Vietnamese order. */
export async function listVisualizations(db: Db, viewer: Viewer, q: { type?: string; q?: string; all?: boolean; limit: number; offset: number }) {
  let query = db.selectFrom('visualization as v');
  if (!(q.all && viewer.curator)) query = query.where(readableSql('v', viewer));
  if (q.type) query = query.where('v.type', '=', q.type as 'pivot');
  const match = nameMatchSql('v', q.q);
  if (match) query = query.where(match);
  const [rows, total] = await Promise.all([
    query.selectAll('v').orderBy(sql`v.name collate "vi-x-icu"`).orderBy('v.id').limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Data item keys (in:, de:, de:X.COC, cr:, crt:) that name nothing in the catalogue. */
export async function unknownDataItems(db: Db, keys: string[]): Promise<string[]> {
  const parsed = keys.map((key) => {
    const [prefix, rest] = key.split(':') as [string, string];
    const [code, coc] = rest.split('.') as [string, string | undefined];
    return { key, prefix, code, coc: coc ?? null };
  });
  const of = (p: string[]) => [...new Set(parsed.filter((x) => p.includes(x.prefix)).map((x) => x.code))];
  const [indicators, elements, forms, cocs] = await Promise.all([
    of(['in']).length ? db.selectFrom('indicator').select('code').where('code', 'in', of(['in'])).execute() : [],
    of(['de']).length ? db.selectFrom('data_element').select('code').where('code', 'in', of(['de'])).execute() : [],
    of(['cr', 'crt']).length ? db.selectFrom('form').select('code').where('code', 'in', of(['cr', 'crt'])).execute() : [],
    parsed.some((x) => x.coc)
      ? db
          .selectFrom('data_element as de')
          .innerJoin('category_option_combo as oc', 'oc.combo_id', 'de.category_combo_id')
          .select(['de.code as element', 'oc.code as coc'])
          .where('de.code', 'in', [...new Set(parsed.filter((x) => x.coc).map((x) => x.code))])
          .execute()
      : [],
  ]);
  const known = {
    in: new Set(indicators.map((r) => r.code)),
    de: new Set(elements.map((r) => r.code)),
    form: new Set(forms.map((r) => r.code)),
    coc: new Set(cocs.map((r) => `${r.element}.${r.coc}`)),
  };
  return parsed
    .filter((x) => {
      if (x.prefix === 'in') return !known.in.has(x.code);
      if (x.prefix === 'de') return !known.de.has(x.code) || (x.coc !== null && !known.coc.has(`${x.code}.${x.coc}`));
      return !known.form.has(x.code);
    })
    .map((x) => x.key);
}

/** The unit ids a request names (fixed units and CHILDREN-<id>) that do not exist. */
export async function unknownRequestUnits(db: Db, ou: string[]): Promise<string[]> {
  const ids = [...new Set(ou.map((i) => /^(?:CHILDREN-)?(\d+)$/.exec(i)?.[1]).filter((x): x is string => x !== undefined))];
  if (ids.length === 0) return [];
  const found = new Set((await db.selectFrom('org_unit').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}
