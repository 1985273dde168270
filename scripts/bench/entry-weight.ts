// Scenario "entry-weight" (issue 8): how much a commune officer's browser downloads to
// open the data-entry screen for the first time. A commune officer of Gia Lai (a commune
// with the quarterly form BM01_XA_QUY) is created in the database; a fresh headless
// Chromium (playwright-core driving Debian's /usr/bin/chromium, empty cache) signs in
// over the API, then opens /data-entry and waits until the grid shows its cells. Every
// response the page received until then is summed as it travelled: the encoded
// (compressed) bytes, headers included (Chrome DevTools' "transferred"), read from the
// DevTools protocol. Goal: < 500 KB. Measures the production build in web/dist (run.ts
// builds it first). Service workers are blocked in this browser: the service worker's
// precache of the whole app shell runs in the background after a first load, once per
// build; its size is weighed from web/dist/sw.js and reported beside, not counted.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { chromium, type APIRequestContext, type CDPSession } from 'playwright-core';
import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
import { isFormAssignedTo } from '../../server/src/modules/forms/forms.repository.ts';
import { root } from './environment.ts';
import type { BenchContext, Scenario, ScenarioResult } from './scenario.ts';
import { summarise } from './stats.ts';

const FORM_CODE = 'BM01_XA_QUY';
const PROVINCE_CODE = '52';
const USERNAME = 'bench.entry';
const PASSWORD = 'Bench-Truong-Son-2026';
const GOAL_KB = 500;
const PACKAGE_GOAL_KB = 1024;

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

interface Resource {
  url: string;
  type: string;
  status: number;
  encoded: number;
  decoded: number;
  encoding: string;
  finished: boolean;
}

/** A commune officer in the first commune of Gia Lai that has the form. */
async function createOfficer(ctx: BenchContext): Promise<string> {
  const { db } = ctx.env;
  const existing = await db.selectFrom('app_user').select('id').where('username', '=', USERNAME).executeTakeFirst();
  if (existing) return USERNAME;
  const form = await db.selectFrom('form').select('id').where('code', '=', FORM_CODE).executeTakeFirstOrThrow();
  const province = await db.selectFrom('org_unit').select('id').where('code', '=', PROVINCE_CODE).where('hierarchy', '=', '2025').where('kind', '=', 'province').executeTakeFirstOrThrow();
  const communes = await db.selectFrom('org_unit').select(['id', 'name']).where('hierarchy', '=', '2025').where('kind', '=', 'commune').where('province_id', '=', province.id).orderBy('code').execute();
  let commune: (typeof communes)[number] | undefined;
  for (const c of communes) {
    if (await isFormAssignedTo(db, form.id, c.id)) {
      commune = c;
      break;
    }
  }
  if (!commune) throw new Error(`no commune of province ${PROVINCE_CODE} has ${FORM_CODE}`);
  const role = await db.selectFrom('role').select('id').where('code', '=', 'commune_officer').executeTakeFirstOrThrow();
  const now = new Date();
  const user = await db
    .insertInto('app_user')
    .values({ username: USERNAME, display_name: `Cán bộ ${commune.name} (bench)`, password_hash: await hashPassword(PASSWORD), must_change_password: false, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('user_assignment').values({ user_id: user.id, role_id: role.id, unit_id: commune.id }).execute();
  ctx.log(`commune officer ${USERNAME} of ${commune.name}`);
  return USERNAME;
}

/** Every response of the page, from the DevTools protocol (the service worker's own fetches are not the page's). */
function recordNetwork(cdp: CDPSession): Map<string, Resource> {
  const byId = new Map<string, Resource>();
  cdp.on('Network.responseReceived', (e) => {
    const enc = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '';
    byId.set(e.requestId, { url: e.response.url, type: e.type ?? '', status: e.response.status, encoded: 0, decoded: 0, encoding: enc, finished: false });
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (r) {
      r.encoded = e.encodedDataLength;
      r.finished = true;
    }
  });
  return byId;
}

/** The precache list of web/dist/sw.js, weighed as the server sends it (the .br file when the build wrote one). */
function precacheWeight(): { files: number; bytes: number } | null {
  const dist = path.join(root, 'web', 'dist');
  const swFile = path.join(dist, 'sw.js');
  if (!fs.existsSync(swFile)) return null;
  const urls = [...fs.readFileSync(swFile, 'utf8').matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1]);
  let bytes = 0;
  for (const u of urls) {
    const file = path.join(dist, u.replace(/^\//, ''));
    const br = `${file}.br`;
    if (fs.existsSync(br)) bytes += fs.statSync(br).size;
    else if (fs.existsSync(file)) bytes += fs.statSync(file).size;
  }
  return { files: urls.length, bytes };
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const { env, log } = ctx;
  const shell = await fetch(`${env.baseUrl}/data-entry`, { headers: { accept: 'text/html' } });
  const html = await shell.text();
  if (shell.status !== 200 || !html.includes('id="root"')) {
    throw new Error(`the server does not serve the web app (GET /data-entry: ${shell.status}); build it first: npm run build:web`);
  }
  const username = await createOfficer(ctx);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    // Service workers blocked: the page's own downloads only (the precache is weighed from the build below).
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: env.baseUrl, serviceWorkers: 'block' });
    // Signed in as the login page would do it; the session cookie lands in the context.
    const login = await context.request.post('/api/auth/login', { data: { username, password: PASSWORD }, headers: { 'accept-language': 'vi' } });
    const body = (await login.json()) as { stage?: string };
    if (login.status() !== 200 || body.stage !== 'active') throw new Error(`sign-in of ${username}: ${login.status()} ${JSON.stringify(body).slice(0, 300)}`);

    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const resources = recordNetwork(cdp);

    const started = performance.now();
    await page.goto('/data-entry');
    const shotDir = path.join(root, 'test-results', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });
    try {
      await page.locator('.de-grid [role="gridcell"]').first().waitFor({ state: 'visible' });
    } catch (err) {
      await page.screenshot({ path: path.join(shotDir, 'bench-entry-weight-failed.png') }).catch(() => undefined);
      const text = await page.locator('body').innerText().catch(() => '');
      throw new Error(`the grid did not show at ${page.url()} (screenshot bench-entry-weight-failed.png): ${(err as Error).message.split('\n')[0]}\n${text.slice(0, 600)}`);
    }
    const toGridMs = performance.now() - started;
    const atGrid = [...resources.values()].map((r) => ({ ...r }));
    // What arrives afterwards (requests still in flight, notifications…) is reported, not counted.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(shotDir, 'bench-entry-weight.png') });
    const after = [...resources.values()];
    await context.close();

    const finished = atGrid.filter((r) => r.finished);
    const encoded = finished.reduce((s, r) => s + r.encoded, 0);
    const decoded = finished.reduce((s, r) => s + r.decoded, 0);
    const inFlight = atGrid.length - finished.length;
    const afterTotal = after.filter((r) => r.finished).reduce((s, r) => s + r.encoded, 0);
    const byKind = (pred: (r: Resource) => boolean) => finished.filter(pred).reduce((s, r) => s + r.encoded, 0);
    const isApi = (r: Resource) => new URL(r.url).pathname.startsWith('/api/');
    const isScript = (r: Resource) => /\.m?js$/.test(new URL(r.url).pathname);
    const isCss = (r: Resource) => /\.css$/.test(new URL(r.url).pathname);
    const uncompressedText = finished.filter((r) => !r.encoding && r.decoded > 1024 && (isScript(r) || isCss(r) || isApi(r) || r.type === 'Document'));

    log(`grid shown after ${(toGridMs / 1000).toFixed(2)} s; ${finished.length} responses (${inFlight} still in flight, not counted)`);
    log(`transferred ${kb(encoded)} KB (uncompressed ${kb(decoded)} KB): scripts ${kb(byKind(isScript))} KB, styles ${kb(byKind(isCss))} KB, API ${kb(byKind(isApi))} KB, other ${kb(byKind((r) => !isScript(r) && !isCss(r) && !isApi(r)))} KB`);
    // ENTRY_WEIGHT_ALL=1 lists every response, not only the 8 largest.
    for (const r of [...finished].sort((a, b) => b.encoded - a.encoded).slice(0, process.env.ENTRY_WEIGHT_ALL === '1' ? undefined : 8)) {
      log(`  ${kb(r.encoded).padStart(7)} KB  (${kb(r.decoded).padStart(7)} KB ${r.encoding || 'identity'})  ${new URL(r.url).pathname}`);
    }
    const notes = [
      `first load of /data-entry: ${kb(encoded)} KB transferred (${kb(decoded)} KB uncompressed) in ${finished.length} responses, grid after ${(toGridMs / 1000).toFixed(2)} s on loopback`,
      `after the network went quiet: ${kb(afterTotal)} KB in ${after.filter((r) => r.finished).length} responses (not counted)`,
    ];
    if (uncompressedText.length > 0) notes.push(`sent uncompressed (> 1 KB): ${uncompressedText.map((r) => new URL(r.url).pathname).join(', ')}`);
    // The offline package of the same commune with every cell of its forms filled in every
    // open period it covers (the largest it gets): its size, as "prepare for offline" shows it.
    const apiContext = await browser.newContext({ baseURL: env.baseUrl });
    const relogin = await apiContext.request.post('/api/auth/login', { data: { username, password: PASSWORD }, headers: { 'accept-language': 'vi' } });
    if (relogin.status() !== 200) throw new Error(`sign-in of ${username}: ${relogin.status()}`);
    const packed = await offlinePackageWeight(ctx, apiContext.request);
    await apiContext.close();
    log(packed.line);
    notes.push(packed.line);
    const precache = precacheWeight();
    if (precache) notes.push(`the service worker's background precache of the whole app shell (after the first load, once per build; not counted): ${precache.files} files, ${kb(precache.bytes)} KB compressed`);
    else notes.push('no service worker in web/dist (sw.js missing)');
    return {
      summary: summarise([toGridMs], 0, toGridMs / 1000),
      errorsByCode: {},
      goals: [
        { goal: `data-entry screen first load < ${GOAL_KB} KB compressed`, measured: `${kb(encoded)} KB`, pass: encoded < GOAL_KB * 1024 },
        { goal: `offline package for one commune < ${PACKAGE_GOAL_KB} KB compressed`, measured: `${kb(packed.gzipBytes)} KB`, pass: packed.gzipBytes < PACKAGE_GOAL_KB * 1024 },
      ],
      notes,
    };
  } finally {
    await browser.close();
  }
}

/**
 * Fills every cell of the officer's forms in the periods the offline package covers
 * (values as a commune would type them), then asks the server for the package's size.
 */
async function offlinePackageWeight(ctx: BenchContext, request: APIRequestContext): Promise<{ gzipBytes: number; line: string }> {
  const pkg = await request.get('/api/offline/package');
  if (pkg.status() !== 200) throw new Error(`offline package: ${pkg.status()} ${await pkg.text()}`);
  const body = (await pkg.json()) as { values: { formId: string; unitId: string; period: string }[] };
  for (const v of body.values) {
    await sql`
      insert into data_value (data_element_id, coc_id, unit_id, period, province_id, value, numeric_value, updated_at, source, version)
      select de.id, coc.id, u.id, ${v.period}, u.province_id, x.value, x.numeric, now(), 'screen', 1
      from form_element fe
      join data_element de on de.id = fe.data_element_id
      join category_option_combo coc on coc.combo_id = de.category_combo_id
      join org_unit u on u.id = ${v.unitId}
      cross join lateral (
        select case de.value_type when 'boolean' then 'true' when 'text' then 'Theo báo cáo của thôn' when 'date' then '2026-03-15'
          else (10 + (de.id::int * 7 + coc.id::int) % 900)::text end as value
      ) t
      cross join lateral (select t.value, case when de.value_type in ('integer', 'number', 'percentage') then t.value::numeric end as numeric) x
      where fe.form_id = ${v.formId}
      on conflict (data_element_id, coc_id, unit_id, period) do nothing`.execute(ctx.env.db);
  }
  const res = await request.get('/api/offline/package/summary');
  if (res.status() !== 200) throw new Error(`offline package summary: ${res.status()} ${await res.text()}`);
  const s = (await res.json()) as { units: number; forms: number; periods: number; cells: number; bytes: number; gzipBytes: number };
  return {
    gzipBytes: s.gzipBytes,
    line: `offline package of the commune, every cell filled: ${s.forms} forms, ${s.periods} periods, ${s.cells} values — ${kb(s.bytes)} KB, ${kb(s.gzipBytes)} KB gzip (goal < ${PACKAGE_GOAL_KB} KB)`,
  };
}

export const entryWeight: Scenario = {
  name: 'entry-weight',
  description: `first load of the data-entry screen by a commune officer in a fresh Chromium: < ${GOAL_KB} KB transferred (issue 8)`,
  run,
};
