// `npm test`: type-check, then unit, integration and browser tests, and one closing
// line "N passed, N failed". Browser tests need Debian's Chromium: when it is missing
// we say so in one line and, as root with apt-get available, install it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });

function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`Chromium not found at ${CHROMIUM}: install Debian's "chromium" package (or set CHROMIUM_PATH) to run the browser tests.`);
    process.exit(1);
  }
  console.log(`Chromium not found at ${CHROMIUM}: installing Debian's chromium with apt-get…`);
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-noto-core'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function run(cmd: string, args: string[]): number {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return res.status ?? 1;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTests: number;
}

const only = process.argv.slice(2);
const projects = only.length > 0 ? only : ['unit', 'integration', 'e2e'];
if (projects.includes('e2e')) ensureChromium();

let failed = false;
if (only.length === 0) {
  console.log('\n▶ type-check');
  if (run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) {
    console.error('type-check failed');
    failed = true;
  }
}

let passed = 0;
let failedTests = 0;
let skipped = 0;
for (const project of projects) {
  console.log(`\n▶ ${project} tests`);
  const out = path.join(results, `vitest-${project}.json`);
  fs.rmSync(out, { force: true });
  const status = run('npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8')) as VitestJson;
    passed += r.numPassedTests;
    failedTests += r.numFailedTests;
    skipped += r.numPendingTests;
  }
  if (status !== 0) failed = true;
}

if (failed && failedTests === 0) failedTests = 1; // a suite or the type-check failed before counting
console.log(`\n${passed} passed, ${failedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
