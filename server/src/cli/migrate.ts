// `npm run migrate`: apply migrations and reference data without serving.
import { loadConfig } from '../platform/config.ts';
import { systemClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { openDatabase, prepareData } from '../platform/bootstrap.ts';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const data = await openDatabase(config, log);
try {
  await prepareData(data.db, config, log, systemClock.now());
  log.info('database is up to date');
} finally {
  await data.close();
}
