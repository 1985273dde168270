// pino JSON logs; passwords, cookies and tokens never reach the log.
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', '*.password', '*.newPassword', '*.currentPassword'], censor: '[redacted]' },
  });
}
