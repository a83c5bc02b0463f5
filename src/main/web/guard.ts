// Who may talk to the web door. Pure, so every rule is unit-tested without a socket.
// Order: the request target → Host (DNS rebinding) → Origin (cross-site requests) → the per-launch secret.
//
// The secret never travels in a cookie: browsers send 127.0.0.1's cookies to every port of 127.0.0.1, so any
// other local service the browser visits would receive it. The page takes the secret from the printed URL
// once, keeps it in sessionStorage (per origin, so per port) and sends it in an `Authorization: Bearer` header,
// which a browser never adds by itself. The app shell (index.html and its assets) holds no data and is public,
// so a reload after the page dropped the secret from the address bar still loads it.
import { timingSafeEqual } from 'node:crypto';

export const SECRET_PARAM = 'secret';

export interface GuardConfig {
  host: string; // the bound host, e.g. 127.0.0.1
  port: number;
  secret: string;
}

export interface RequestFacts {
  method: string;
  url: string; // path and query as received
  headers: Record<string, string | string[] | undefined>;
}

export type GuardDecision = { kind: 'allow' } | { kind: 'deny'; status: 400 | 401 | 403; reason: string };

/** Paths that read or change data; everything else is the app shell. */
export function needsSecret(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname.startsWith('/exports/');
}

function header(facts: RequestFacts, name: string): string | undefined {
  const v = facts.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token of an `Authorization: Bearer <token>` header; any other scheme (a browser may replay Basic) is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return m?.[1];
}

const WRONG_SECRET = 'Missing or wrong secret: open the URL Keel printed at launch';

export function guard(facts: RequestFacts, config: GuardConfig): GuardDecision {
  // Origin-form only ("/path?query"): an absolute or "*" target is not something the page ever sends.
  if (!facts.url.startsWith('/')) return { kind: 'deny', status: 400, reason: 'The request target must be a path' };
  const origin = `http://${config.host}:${config.port}`;
  if (header(facts, 'host') !== `${config.host}:${config.port}`) {
    return { kind: 'deny', status: 403, reason: 'Host not allowed' };
  }
  const requestOrigin = header(facts, 'origin');
  if (requestOrigin !== undefined && requestOrigin !== origin) {
    return { kind: 'deny', status: 403, reason: 'Origin not allowed' };
  }
  if (header(facts, 'sec-fetch-site') === 'cross-site') {
    return { kind: 'deny', status: 403, reason: 'Cross-site request' };
  }
  const q = facts.url.indexOf('?');
  const pathname = q === -1 ? facts.url : facts.url.slice(0, q);
  if (needsSecret(pathname)) {
    const token = bearerToken(header(facts, 'authorization'));
    return token !== undefined && sameSecret(token, config.secret) ? { kind: 'allow' } : { kind: 'deny', status: 401, reason: WRONG_SECRET };
  }
  // The shell is public, but a wrong secret in its URL (a link from an earlier launch) is said at once.
  const given = q === -1 ? null : new URLSearchParams(facts.url.slice(q + 1)).get(SECRET_PARAM);
  if (given !== null && !sameSecret(given, config.secret)) return { kind: 'deny', status: 401, reason: WRONG_SECRET };
  return { kind: 'allow' };
}
