// Who may talk to the web door. Pure, so every rule is unit-tested without a socket.
// Order: Host (DNS rebinding) → Origin (cross-site requests) → the per-launch secret.
import { timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'keel_session';
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

export type GuardDecision =
  | { kind: 'allow' }
  | { kind: 'enter'; location: string; cookie: string } // valid secret in the URL: set the cookie, drop it from the URL
  | { kind: 'deny'; status: 401 | 403; reason: string };

function header(facts: RequestFacts, name: string): string | undefined {
  const v = facts.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function guard(facts: RequestFacts, config: GuardConfig): GuardDecision {
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
  const cookie = readCookie(header(facts, 'cookie'), SESSION_COOKIE);
  if (cookie !== undefined && sameSecret(cookie, config.secret)) return { kind: 'allow' };

  const url = new URL(facts.url, origin);
  const given = url.searchParams.get(SECRET_PARAM);
  if (given !== null && sameSecret(given, config.secret) && (facts.method === 'GET' || facts.method === 'HEAD')) {
    url.searchParams.delete(SECRET_PARAM);
    return {
      kind: 'enter',
      location: url.pathname + url.search + url.hash,
      cookie: `${SESSION_COOKIE}=${config.secret}; HttpOnly; SameSite=Strict; Path=/`,
    };
  }
  return { kind: 'deny', status: 401, reason: 'Missing or wrong secret: open the URL Keel printed at launch' };
}
