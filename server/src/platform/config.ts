// Configuration from the environment, validated once at start-up. Every security
// number that DOMAIN.md marks as policy (lockout, idle timeout, retention) is here.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** The embedded PostgreSQL's shared_buffers in MiB; by default a quarter of the machine's memory, 128 MiB to 4 GiB. */
  EMBEDDED_PG_SHARED_BUFFERS_MB: z.coerce.number().int().min(16).max(65536).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: bool.default(true),
  COOKIE_SECURE: bool.optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  UPLOAD_LIMIT_BYTES: z.coerce.number().int().positive().default(10_485_760),
  /** Boundary imports (GeoJSON, several files in one request): the total size; official commune files run to tens of MB. */
  BOUNDARY_UPLOAD_LIMIT_BYTES: z.coerce.number().int().positive().default(67_108_864),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(15),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  LOCKOUT_THRESHOLD: z.coerce.number().int().positive().default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  INACTIVE_DISABLE_DAYS: z.coerce.number().int().positive().default(45),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(90, 'AUDIT_RETENTION_DAYS must be at least 90 (3 months)').default(365),
  MFA_REQUIRED_FOR_ADMINS: bool.default(true),
  TOTP_ISSUER: z.string().default('Trường Sơn'),
  JOBS: bool.default(true),
  /** Data-value imports with more rows than this run as a background job (202 + progress). */
  IMPORT_JOB_ROWS: z.coerce.number().int().positive().default(5000),
  /** Behind a reverse proxy: 'true' or a comma-separated list of proxy IPs/CIDRs. Off by default so X-Forwarded-For cannot forge the client IP. */
  TRUST_PROXY: z.string().default('false'),
  /** Lifetime of the bearer tokens issued to API clients by POST /oauth/token (issue 7). */
  OAUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /**
   * 32 random bytes (base64) that encrypt the secrets we must keep readable — webhook signing
   * keys, the credentials connectors use on other systems. Unset: a key file made once in
   * DATA_DIR (secrets.key). Set it when several servers share one external database.
   */
  SECRETS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'SECRETS_KEY must be 32 bytes in base64')
    .optional(),
  /** Calls a minute a new API client may make to /api/v1 before 429 (each client can be changed). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  /**
   * Outbound requests to addresses administrators type (webhooks, connectors) may go to
   * this machine (loopback). Off: refused, like link-local/metadata addresses (platform/outbound.ts).
   */
  OUTBOUND_ALLOW_LOOPBACK: bool.default(false),
  /** smtp(s)://user:pass@host:port for e-mail (issue 6). Unset: e-mails stay in the outbox administrators read (GET /api/mail-outbox). */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  /** The From address of e-mails. */
  MAIL_FROM: z.string().default('Trường Sơn <no-reply@truongson.local>'),
  /** Tries of one e-mail before it is shown as failed (backoff 1, 5, 30, 120 … minutes). */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Reporting-deadline reminders: the first reminder this many days before the due day. */
  REMINDER_DAYS_BEFORE: z.coerce.number().int().min(1).max(60).default(3),
  /**
   * LibreOffice's soffice for PDF documents. Unset: looked for in PATH and the usual places
   * at start (Debian: libreoffice-writer-nogui); not found, PDF requests answer pdf_unavailable.
   */
  LIBREOFFICE_PATH: z.string().min(1).optional(),
  /** Overdue reports are escalated to the supervising unit this many days after the due day. */
  REMINDER_ESCALATE_DAYS: z.coerce.number().int().min(1).max(60).default(1),
  /** Task reminders: "due soon" this many days before a task's due day (then on the day, then once overdue). */
  TASK_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(1).max(60).default(3),
  /** Analytics answers are reused while nothing they read has changed, at most this long (0: no cache; ADR 0011). */
  ANALYTICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Memory the analytics answer cache may hold, in MiB. */
  ANALYTICS_CACHE_MB: z.coerce.number().int().min(1).max(4096).default(64),
  /** Analytics answers computed at once per process; more wait their turn (memory and the cores stay bounded). */
  ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

export type Config = z.infer<typeof schema> & { dataDir: string; projectRoot: string };

/** Fastify's trustProxy value from TRUST_PROXY. */
export function trustProxySetting(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export const projectRoot = path.resolve(import.meta.dirname, '../../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const dataDir = path.resolve(projectRoot, parsed.data.DATA_DIR);
  return { ...parsed.data, dataDir, projectRoot, ...overrides };
}
