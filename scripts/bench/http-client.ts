// A simulated user's HTTP client: one keep-alive TCP connection of its own (like one
// browser tab), the session cookie and the CSRF token carried as the web app does
// (see server/test/harness.ts TestClient). Each call reports its client-side latency,
// from just before the request is written to the last byte of the response.
import http from 'node:http';

export interface TimedResponse<T = any> {
  status: number;
  body: T;
  text: string;
  /** Client-side latency in milliseconds (process.hrtime.bigint). */
  ms: number;
}

export class BenchClient {
  cookie: string | null = null;
  csrf: string | null = null;
  /** Sent with every request (e.g. Cache-Control: no-cache). */
  headers: Record<string, string> = {};
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl);
  }

  request<T = any>(method: string, path: string, body?: unknown): Promise<TimedResponse<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': 'vi', ...this.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const req = http.request(
        { host: this.url.hostname, port: this.url.port, path, method, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
            for (const c of res.headers['set-cookie'] ?? []) {
              const [pair] = c.split(';');
              if (pair.startsWith('ts_session=')) this.cookie = pair.endsWith('=') ? null : pair;
            }
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              /* not JSON */
            }
            const data = parsed as { csrfToken?: unknown } | null;
            if (data && typeof data === 'object' && typeof data.csrfToken === 'string') this.csrf = data.csrfToken;
            resolve({ status: res.statusCode ?? 0, body: parsed as T, text, ms: elapsed });
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }

  close(): void {
    this.agent.destroy();
  }
}
