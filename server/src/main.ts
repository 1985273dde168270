// Trường Sơn: one process serves the API and the web app and runs the background
// jobs, on the embedded PostgreSQL unless DATABASE_URL points elsewhere.
import { loadConfig } from './platform/config.ts';
import { systemClock } from './platform/clock.ts';
import { createLogger } from './platform/logger.ts';
import { openDatabase, prepareData } from './platform/bootstrap.ts';
import { buildApp } from './platform/http/app.ts';
import { startJobs } from './platform/jobs.ts';
import { DEMO_PASSWORD, demoAccountSummary } from './seed/demo-data.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const data = await openDatabase(config, log);
  let stopJobs: (() => Promise<void>) | null = null;
  let closing = false;
  const ctx = { db: data.db, config, clock: systemClock, log };
  const app = await buildApp(ctx);

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'stopping');
    await app.close().catch((err: unknown) => log.error({ err }, 'http close failed'));
    if (stopJobs) await stopJobs().catch((err: unknown) => log.error({ err }, 'jobs stop failed'));
    await data.close().catch((err: unknown) => log.error({ err }, 'database stop failed'));
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await prepareData(data.db, config, log, systemClock.now());
    await app.listen({ port: config.PORT, host: config.HOST });
    if (config.JOBS) stopJobs = await startJobs(ctx, data.url);
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    await app.close().catch(() => undefined);
    await data.close().catch(() => undefined);
    process.exit(1);
  }

  const url = `http://localhost:${config.PORT}`;
  const lines = [
    '',
    `  Trường Sơn đang chạy tại ${url}  (API: ${url}/api/docs)`,
  ];
  if (config.DEMO_DATA) {
    const accounts = await demoAccountSummary(data.db);
    lines.push(`  Tài khoản demo — mật khẩu chung: ${DEMO_PASSWORD}`);
    for (const a of accounts) {
      const totp = a.totp_enabled && a.totp_secret ? `  TOTP: ${a.totp_secret} (mã hiện tại: npm run totp -- ${a.totp_secret})` : '';
      lines.push(`    ${a.username.padEnd(16)} ${a.role} — ${a.unit}${totp}`);
    }
  }
  lines.push('  Ctrl-C để dừng.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
