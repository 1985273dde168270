// The sample commands shown with a new secret: get a token, then call /api/v1 with it.
// Values are single-quoted for a POSIX shell (a quote inside becomes '\'').

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function tokenCurl(origin: string, key: string, secret: string): string {
  return [`curl -X POST ${shellQuote(`${origin}/oauth/token`)} \\`, `  -u ${shellQuote(`${key}:${secret}`)} \\`, `  -d 'grant_type=client_credentials'`].join('\n');
}

export function callCurl(origin: string): string {
  return [`curl ${shellQuote(`${origin}/api/v1/units?pageSize=5`)} \\`, `  -H 'Authorization: Bearer <access_token>'`].join('\n');
}
