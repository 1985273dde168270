// The poverty review top-up for databases seeded before the elements existed: it adds the
// three elements and section E of the quarterly commune form once, and then does nothing.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../../test/harness.ts';
import { loadPovertyReview, POVERTY_REVIEW_SEED_NAME } from './poverty-review.ts';

const CODES = ['HH_POOR', 'HH_NEAR_POOR', 'HH_NEAR_POOR_DTTS'];
const log = pino({ level: 'silent' });
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const sectionE = () =>
  env.db
    .selectFrom('form_element as fe')
    .innerJoin('form as f', 'f.id', 'fe.form_id')
    .innerJoin('form_section as s', 's.id', 'fe.section_id')
    .innerJoin('data_element as de', 'de.id', 'fe.data_element_id')
    .select(['de.code', 's.code as section', 's.name_vi'])
    .where('f.code', '=', 'BM01_XA_QUY')
    .where('de.code', 'in', CODES)
    .orderBy('fe.sort_order')
    .execute();

describe('loadPovertyReview', () => {
  it('has nothing to add to a database seeded with the current catalogue', async () => {
    expect(await loadPovertyReview(env.db, log)).toBe(false);
    expect((await sectionE()).map((r) => r.code)).toEqual(CODES);
  });

  it('adds the elements and section E to a database seeded before them, once', async () => {
    // An older database: no poverty review elements, no section E, no seed_run row.
    const form = await env.db.selectFrom('form').select('id').where('code', '=', 'BM01_XA_QUY').executeTakeFirstOrThrow();
    await env.db.deleteFrom('form_element').where('form_id', '=', form.id).where('data_element_id', 'in', (eb) => eb.selectFrom('data_element').select('id').where('code', 'in', CODES)).execute();
    await env.db.deleteFrom('form_section').where('form_id', '=', form.id).where('code', '=', 'E').execute();
    await env.db.deleteFrom('data_element').where('code', 'in', CODES).execute();
    await env.db.deleteFrom('seed_run').where('name', '=', POVERTY_REVIEW_SEED_NAME).execute();
    expect(await sectionE()).toEqual([]);

    expect(await loadPovertyReview(env.db, log)).toBe(true);
    const rows = await sectionE();
    expect(rows.map((r) => r.code)).toEqual(CODES);
    expect(rows.every((r) => r.section === 'E' && r.name_vi === 'E. Kết quả rà soát hộ nghèo, hộ cận nghèo')).toBe(true);
    const el = await env.db.selectFrom('data_element').select(['code', 'aggregation_type', 'value_type', 'min_value']).where('code', '=', 'HH_NEAR_POOR').executeTakeFirstOrThrow();
    expect(el).toMatchObject({ aggregation_type: 'last', value_type: 'integer' });
    expect(Number(el.min_value)).toBe(0);

    expect(await loadPovertyReview(env.db, log)).toBe(false);
    expect(await sectionE()).toHaveLength(3);
  });
});
