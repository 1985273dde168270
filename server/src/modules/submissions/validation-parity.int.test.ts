// The data-entry screen and the server must reach the same verdict on a report: for
// every form of the shipped catalogue and several value sets (all rules met, seeded
// random values that break some, each rule broken on purpose, cells left empty, bounds
// narrowed after entry), the values are stored through the API for a unit the form is
// assigned to and an open period; then the server's
// validateSubmission and the screen's computation (runValidation over engineRules and
// valueLookup of the FormDetail the API returns, over the values GET /api/data-values
// returns) must name the same violated cross-element rules — and the screen's per-cell
// check must find the same required and invalid cells the server reports.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkElementValue, runValidation } from '@shared/engine/validation.ts';
import type { FormDetail } from '@shared/schemas/forms.ts';
import { createTestEnv, makeUser, signedIn, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { formDetailOf } from '../forms/form-views.ts';
import { assignedSql } from '../forms/forms.repository.ts';
import { validateSubmission } from './validate-submission.ts';
import { cellKey, elementRules, engineRules, valueLookup, type FormElement } from '../../../../web/src/features/data-entry/grid-model.ts';
import { prng } from '../../../test/prng.ts';

let env: TestEnv;

interface Target {
  formCode: string;
  form: FormDetail;
  unitId: string;
  period: string;
  client: TestClient;
}
const targets: Target[] = [];

const elementsOf = (form: FormDetail): FormElement[] => form.sections.flatMap((s) => s.elements);
/** The element codes an expression reads (#{DE} or #{DE.COC}). */
const refsOf = (text: string): string[] => [...text.matchAll(/#\{([A-Za-z0-9_]+)(?:\.[A-Za-z0-9_]+)?\}/g)].map((m) => m[1]!);

/**
 * A level per element such that every rule's right side sits above its left side, so
 * values of 10^level per cell satisfy the catalogue's "part ≤ total" rules.
 */
function levels(form: FormDetail): Map<string, number> {
  const level = new Map(elementsOf(form).map((e) => [e.code, 1]));
  for (let round = 0; round < 10; round++) {
    for (const r of form.validationRules) {
      const [small, big] = r.operator === '>=' || r.operator === '>' ? [r.right, r.left] : [r.left, r.right];
      for (const s of refsOf(small)) for (const b of refsOf(big)) if ((level.get(b) ?? 0) <= (level.get(s) ?? 0)) level.set(b, (level.get(s) ?? 0) + 1);
    }
  }
  return level;
}

type ValueSet = Map<string, string | null>;
interface NamedSet {
  name: string;
  values: ValueSet;
  /** A rule this set must break. */
  breaks?: string;
}

function clampInt(e: FormElement, n: number): number {
  const lo = e.min ?? 0;
  const hi = e.max ?? Number.MAX_SAFE_INTEGER;
  return Math.min(hi, Math.max(lo, n));
}

/** A value for one cell as stored (canonical), random within the element's bounds. */
function randomValue(e: FormElement, rnd: () => number): string {
  switch (e.valueType) {
    case 'boolean':
      return rnd() < 0.5 ? 'true' : 'false';
    case 'date':
      return `2026-0${1 + Math.floor(rnd() * 3)}-1${Math.floor(rnd() * 9)}`;
    case 'text':
      return `Ghi chú ${Math.floor(rnd() * 1000)}`;
    case 'percentage':
      return String(clampInt(e, Math.floor(rnd() * 101)));
    case 'number':
      return String(clampInt(e, Math.floor(rnd() * 20000) / 10));
    default:
      // Small and large, so a part is often greater than its total.
      return String(clampInt(e, Math.floor(rnd() * (rnd() < 0.3 ? 10 : 2000))));
  }
}

function valueSets(form: FormDetail, seed: number): NamedSet[] {
  const sets: NamedSet[] = [];
  const level = levels(form);
  const valid: ValueSet = new Map();
  const rnd0 = prng(seed);
  for (const e of elementsOf(form)) {
    for (const c of e.columns) {
      const n = 10 ** (level.get(e.code) ?? 1);
      valid.set(cellKey(e.dataElementId, c.id), e.valueType === 'integer' || e.valueType === 'number' ? String(clampInt(e, n)) : randomValue(e, rnd0));
    }
  }
  sets.push({ name: 'all filled, rules met', values: valid });
  for (let i = 0; i < 6; i++) {
    const rnd = prng(seed * 100 + i);
    const emptyShare = [0, 0, 0, 0.3, 0.5, 0.7][i]!;
    const values: ValueSet = new Map();
    for (const e of elementsOf(form)) for (const c of e.columns) values.set(cellKey(e.dataElementId, c.id), rnd() < emptyShare ? null : randomValue(e, rnd));
    sets.push({ name: `random #${i} (${Math.round(emptyShare * 100)}% empty)`, values });
  }
  // Each rule broken on purpose: the valid set with the smaller side's cells made huge.
  for (const r of form.validationRules) {
    const values: ValueSet = new Map(valid);
    const small = r.operator === '>=' || r.operator === '>' ? r.right : r.left;
    const codes = new Set(refsOf(small));
    for (const e of elementsOf(form)) {
      if (!codes.has(e.code)) continue;
      for (const c of e.columns) values.set(cellKey(e.dataElementId, c.id), String(clampInt(e, 10 ** 7)));
    }
    // A rule reading an element the form does not hold is skipped on both sides
    // (HO_HO_TRO_NHA_LE_HO_NGHEO on BM01 reads HH_POOR_DTTS_START, which only BM03 has).
    const inForm = [...refsOf(r.left), ...refsOf(r.right)].every((code) => elementsOf(form).some((e) => e.code === code));
    sets.push(inForm ? { name: `rule ${r.code} broken`, values, breaks: r.code } : { name: `rule ${r.code} broken, reads outside the form`, values });
  }
  // Everything empty: rules with missing sides skipped, or failed under 'never-skip'.
  sets.push({ name: 'all empty', values: new Map([...valid.keys()].map((k) => [k, null])) });
  return sets;
}

/** What each target's cells hold now, so only changed cells are written. */
const current = new Map<Target, Map<string, string | null>>();

async function store(t: Target, values: ValueSet): Promise<void> {
  const now = current.get(t) ?? new Map<string, string | null>();
  current.set(t, now);
  for (const [key, value] of values) {
    if (now.has(key) && now.get(key) === value) continue;
    now.set(key, value);
    const [dataElementId, cocId] = key.split(':');
    const res = await t.client.put('/api/data-values', { formId: t.form.id, unitId: t.unitId, period: t.period, dataElementId, cocId, value });
    expect(res.status, `${t.formCode} ${key}=${value}: ${res.text}`).toBe(200);
  }
}

/** What the screen computes from the values it loads (GET /api/data-values). */
async function screenVerdict(t: Target) {
  const res = await t.client.get(`/api/data-values?formId=${t.form.id}&unitId=${t.unitId}&period=${t.period}`);
  expect(res.status, res.text).toBe(200);
  const loaded = new Map<string, string | null>((res.body.values as { dataElementId: string; cocId: string; value: string | null }[]).map((v) => [cellKey(v.dataElementId, v.cocId), v.value]));
  const rules = runValidation(engineRules(t.form), valueLookup(t.form.sections, loaded))
    .map((v) => v.ruleCode)
    .sort();
  const required = new Set<string>();
  const invalid = new Set<string>();
  for (const e of elementsOf(t.form)) {
    for (const c of e.columns) {
      const check = checkElementValue(elementRules(e), loaded.get(cellKey(e.dataElementId, c.id)) ?? null, 'en', { mode: 'submission' });
      if (check.ok) continue;
      if (check.code === 'required') required.add(cellKey(e.dataElementId, c.id));
      else invalid.add(cellKey(e.dataElementId, c.id));
    }
  }
  return { rules, required: [...required].sort(), invalid: [...invalid].sort() };
}

async function serverVerdict(t: Target) {
  const violations = await validateSubmission(env.db, t.form.id, t.unitId, t.period, 'vi');
  const cells = (code: (c: string) => boolean) =>
    violations
      .filter((v) => code(v.ruleCode))
      .flatMap((v) => v.cells.map((c) => cellKey(c.dataElementId, c.cocId ?? '')))
      .sort();
  return {
    rules: violations
      .filter((v) => v.ruleCode !== 'required' && !v.ruleCode.startsWith('value:'))
      .map((v) => v.ruleCode)
      .sort(),
    required: cells((c) => c === 'required'),
    invalid: cells((c) => c.startsWith('value:')),
  };
}

const ROLE_FOR_KIND = { commune: 'commune_officer', province: 'provincial_coordinator' } as const;

beforeAll(async () => {
  env = await createTestEnv();
  const forms = await env.db.selectFrom('form').select(['id', 'code']).orderBy('code').execute();
  for (const [i, f] of forms.entries()) {
    // A current unit the form is assigned to, preferably in Gia Lai (52).
    const unit = await env.db
      .selectFrom('org_unit as u')
      .select(['u.id', 'u.code', 'u.kind'])
      .where('u.valid_to', 'is', null)
      .where(assignedSql(sql.val(f.id), sql.ref('u.id')))
      .orderBy(sql`u.code like '52%' or u.id in (select descendant_id from org_unit_closure c join org_unit p on p.id = c.ancestor_id where p.code = '52')`, 'desc')
      .orderBy('u.code')
      .executeTakeFirstOrThrow();
    const role = ROLE_FOR_KIND[unit.kind as keyof typeof ROLE_FOR_KIND] ?? 'central_officer';
    const client = await signedIn(env, await makeUser(env, { username: `doichieu.${i}`, role, unit: unit.code, totp: false }));
    client.lang = 'en';
    const periods = await client.get(`/api/forms/${f.id}/periods?unitId=${unit.id}`);
    expect(periods.status, periods.text).toBe(200);
    const open = (periods.body.items as { code: string; status: string }[]).find((p) => p.status === 'open');
    expect(open, `${f.code}: no open period for ${unit.code}`).toBeDefined();
    targets.push({ formCode: f.code, form: await formDetailOf(env.db, f.id), unitId: unit.id, period: open!.code, client });
  }
}, 120_000);
afterAll(async () => env?.close());

describe('the entry screen and the server validate alike', () => {
  it('covers every shipped form, each with cross-element rules', () => {
    expect(targets.length).toBeGreaterThanOrEqual(3);
    for (const t of targets) expect(t.form.validationRules.length, t.formCode).toBeGreaterThan(0);
  });

  it('finds the same violations for every form and value set', async () => {
    const seenFailures = new Set<string>();
    for (const [i, t] of targets.entries()) {
      const sets = valueSets(t.form, 1719 + i);
      for (const set of sets) {
        await store(t, set.values);
        const [web, server] = [await screenVerdict(t), await serverVerdict(t)];
        const label = `${t.formCode} ${t.unitId} ${t.period}: ${set.name}`;
        expect(web.rules, `${label}: cross-element rules`).toEqual(server.rules);
        expect(web.required, `${label}: required cells`).toEqual(server.required);
        expect(web.invalid, `${label}: invalid cells`).toEqual(server.invalid);
        if (set.name === 'all filled, rules met') expect(server.rules, label).toEqual([]);
        if (set.breaks) expect(server.rules, label).toContain(set.breaks);
        for (const r of server.rules) seenFailures.add(`${t.formCode}:${r}`);
      }
      // Bounds narrowed after entry (no shipped element has a maximum): the stored values
      // of two elements now exceed their new maximum and two fall under their new minimum.
      await store(t, sets[0]!.values);
      const numeric = elementsOf(t.form).filter((e) => e.valueType === 'integer' || e.valueType === 'number');
      expect(numeric.length, t.formCode).toBeGreaterThanOrEqual(4);
      const narrowed = numeric.slice(0, 4);
      const before = await env.db.selectFrom('data_element').select(['id', 'min_value', 'max_value']).where('id', 'in', narrowed.map((e) => e.dataElementId)).execute();
      for (const [k, e] of narrowed.entries()) {
        const stored = Number(sets[0]!.values.get(cellKey(e.dataElementId, e.columns[0]!.id)));
        const bound = k < 2 ? { max_value: String(stored - 1) } : { min_value: String(stored + 1) };
        await env.db.updateTable('data_element').set(bound).where('id', '=', e.dataElementId).execute();
      }
      const narrowedTarget = { ...t, form: await formDetailOf(env.db, t.form.id) };
      const [web, server] = [await screenVerdict(narrowedTarget), await serverVerdict(narrowedTarget)];
      for (const b of before) await env.db.updateTable('data_element').set({ min_value: b.min_value, max_value: b.max_value }).where('id', '=', b.id).execute();
      const label = `${t.formCode} ${t.unitId} ${t.period}: stored out of bounds`;
      expect(server.invalid.length, label).toBe(narrowed.reduce((n, e) => n + e.columns.length, 0));
      expect(web.rules, `${label}: cross-element rules`).toEqual(server.rules);
      expect(web.required, `${label}: required cells`).toEqual(server.required);
      expect(web.invalid, `${label}: invalid cells`).toEqual(server.invalid);
    }
    // The random sets really break rules, so the comparison is not between empty lists.
    expect(seenFailures.size).toBeGreaterThan(0);
  }, 300_000);
});
