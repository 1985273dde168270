// The one way the web app talks to the server: same-origin fetch with the session
// cookie, Accept-Language matching the UI, the CSRF header on every write, JSON in and
// out, and a typed ApiError carrying the server's stable code and localized message.

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly details: unknown;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;
let language: 'vi' | 'en' = 'vi';
type Listener = (error: ApiError) => void;
const authListeners = new Set<Listener>();

/** Every me/login response carries the session's CSRF token; keep the latest. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lang: 'vi' | 'en'): void {
  language = lang;
}

/** Called when a request finds the session gone (401) or a sign-in step pending (403 step_required). */
export function onAuthProblem(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Mark background requests so the server does not count them as activity. */
  passive?: boolean;
  /** Do not notify the session listeners (used by the "who am I" probe and sign-in). */
  quietAuth?: boolean;
  signal?: AbortSignal;
  /** Read the body in this language instead of the UI's (a change typed offline before the language was switched). */
  language?: 'vi' | 'en';
}

/** No answer at all (offline, server down): status 0, in the UI language. */
export function networkError(): ApiError {
  return new ApiError(0, 'network_error', language === 'vi' ? 'Không kết nối được máy chủ. Kiểm tra mạng và thử lại.' : 'Cannot reach the server. Check the network and try again.');
}

export async function parseError(res: Response): Promise<ApiError> {
  let code = 'http_' + res.status;
  let message = res.statusText || 'Error';
  let fields: FieldError[] = [];
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; fields?: FieldError[]; details?: unknown } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      fields = body.error.fields ?? [];
      details = body.error.details;
    }
  } catch {
    // Not JSON (a proxy error page, say): keep the status text.
  }
  return new ApiError(res.status, code, message, fields, details);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': opts.language ?? language };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.passive) headers['X-Passive-Request'] = '1';

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError();
  }
  if (!res.ok) {
    const error = await parseError(res);
    const authProblem = (res.status === 401 && (error.code === 'unauthenticated' || error.code === 'session_expired')) || (res.status === 403 && error.code === 'step_required');
    if (authProblem && !opts.quietAuth) for (const l of authListeners) l(error);
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};
