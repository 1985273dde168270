// Browser tests run against the real thing: the web app is built, the server starts
// as `npm start` would (embedded PostgreSQL in a fresh data directory, reference and
// demo data), and the demo TOTP secrets are read from the start-up banner.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoTotp: Record<string, string>;
  }
}

const root = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.E2E_PORT ?? 3999);

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become ready in time');
}

export default async function setup(project: TestProject) {
  // A production build, as `npm start` serves (vitest sets NODE_ENV=test, which would ship React's development build).
  const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('web build failed');
  const dataDir = path.join(root, 'data', PORT === 3999 ? 'e2e' : `e2e-${PORT}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const logFile = fs.createWriteStream(path.join(root, 'test-results', 'e2e-server.log'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? (PORT === 3999 ? '54349' : String(50_000 + PORT)), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_DATA: 'true', OUTBOUND_ALLOW_LOOPBACK: 'true' };
  // The browser tests always use their own embedded database, never a shared one.
  delete env.DATABASE_URL;
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let banner = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    banner += chunk.toString('utf8');
    logFile.write(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => logFile.write(chunk));
  const baseUrl = `http://127.0.0.1:${PORT}`;
  await waitReady(baseUrl, child, 180_000);
  // The banner follows readiness by a moment.
  for (let i = 0; i < 40 && !banner.includes('Ctrl-C'); i += 1) await new Promise((r) => setTimeout(r, 250));
  const demoTotp: Record<string, string> = {};
  for (const m of banner.matchAll(/^\s+(\S+)\s.*TOTP: ([A-Z2-7]+)/gm)) demoTotp[m[1]] = m[2];

  project.provide('baseUrl', baseUrl);
  project.provide('demoTotp', demoTotp);
  return async () => {
    // Stop as Ctrl-C would; the timer is cleared so it cannot hold the test process open.
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    logFile.end();
  };
}
