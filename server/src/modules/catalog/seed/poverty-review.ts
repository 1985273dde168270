// The poverty review elements (HH_POOR, HH_NEAR_POOR, HH_NEAR_POOR_DTTS) and section E of
// the quarterly commune form, for databases whose catalogue and forms were seeded before
// they existed (ADR 0009). Fresh databases get them from catalog-v1 and forms-v1 already;
// then this only records that it ran. Guarded by the 'poverty-review-v1' seed_run row;
// codes and sections that exist are left alone.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../../platform/db/schema.ts';
import { POVERTY_REVIEW_SECTION } from '../../forms/seed/load-forms.ts';
import { dataElementRow } from './load-catalog.ts';
import { DATA_ELEMENTS } from './elements-and-indicators.ts';

export const POVERTY_REVIEW_SEED_NAME = 'poverty-review-v1';
const FORM_CODE = 'BM01_XA_QUY';

export async function loadPovertyReview(db: Kysely<Database>, log: Logger): Promise<boolean> {
  const done = await db.selectFrom('seed_run').select('name').where('name', 'in', [POVERTY_REVIEW_SEED_NAME, 'catalog-v1', 'forms-v1']).execute();
  const names = new Set(done.map((d) => d.name));
  if (names.has(POVERTY_REVIEW_SEED_NAME)) return false;
  if (!names.has('catalog-v1') || !names.has('forms-v1')) return false;
  const added = await db.transaction().execute(async (trx) => {
    const combo = await trx.selectFrom('category_combo').select('id').where('is_default', '=', true).orderBy('id').executeTakeFirst();
    const definitions = DATA_ELEMENTS.filter((e) => POVERTY_REVIEW_SECTION.elements.includes(e.code));
    let elements = 0;
    if (combo) {
      const rows = await trx
        .insertInto('data_element')
        .values(
          definitions.map((e) => dataElementRow(e, combo.id, null)),
        )
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .execute();
      elements = rows.length;
    }
    let section = false;
    const form = await trx.selectFrom('form').select('id').where('code', '=', FORM_CODE).executeTakeFirst();
    if (form) {
      const ids = await trx.selectFrom('data_element').select(['id', 'code']).where('code', 'in', POVERTY_REVIEW_SECTION.elements).execute();
      const onForm = new Set((await trx.selectFrom('form_element').select('data_element_id').where('form_id', '=', form.id).execute()).map((r) => String(r.data_element_id)));
      const missing = POVERTY_REVIEW_SECTION.elements.map((code) => ids.find((i) => i.code === code)).filter((e) => e && !onForm.has(String(e.id)));
      const hasSection = await trx.selectFrom('form_section').select('id').where('form_id', '=', form.id).where('code', '=', POVERTY_REVIEW_SECTION.code).executeTakeFirst();
      if (missing.length > 0 && !hasSection) {
        const last = await trx.selectFrom('form_section').select((eb) => eb.fn.max('sort_order').as('s')).where('form_id', '=', form.id).executeTakeFirst();
        const lastElement = await trx.selectFrom('form_element').select((eb) => eb.fn.max('sort_order').as('s')).where('form_id', '=', form.id).executeTakeFirst();
        const created = await trx
          .insertInto('form_section')
          .values({ form_id: form.id, code: POVERTY_REVIEW_SECTION.code, name_vi: POVERTY_REVIEW_SECTION.nameVi, name_en: POVERTY_REVIEW_SECTION.nameEn, sort_order: Number(last?.s ?? 0) + 1 })
          .returning('id')
          .executeTakeFirstOrThrow();
        let order = Number(lastElement?.s ?? 0) + 1;
        await trx
          .insertInto('form_element')
          .values(missing.map((e) => ({ form_id: form.id, section_id: created.id, data_element_id: e!.id, sort_order: order++, required: false })))
          .execute();
        section = true;
      }
    }
    await trx.insertInto('seed_run').values({ name: POVERTY_REVIEW_SEED_NAME, details: JSON.stringify({ elements, section }) }).onConflict((oc) => oc.column('name').doNothing()).execute();
    return { elements, section };
  });
  if (added.elements > 0 || added.section) log.info(added, 'poverty review elements added');
  return true;
}
