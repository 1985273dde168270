// What every module receives: database, configuration, clock and logger.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';

export interface AppContext {
  db: Db;
  config: Config;
  clock: Clock;
  log: Logger;
}
