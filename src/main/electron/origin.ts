// Which URLs count as "the app itself". Pure (no Electron import) so IPC, navigation and tests share it.
// Note: WHATWG `URL.origin` is "null" for non-special schemes like app:, so compare scheme + host instead.

export const APP_SCHEME = 'app';
export const APP_HOST = 'keel';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://keel/… exactly (no credentials, no port, no look-alike hosts). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.host === APP_HOST &&
    u.username === '' &&
    u.password === ''
  );
}

/**
 * True when `url` belongs to the app: app://keel, or — only when a dev-server URL is given — that server's
 * http(s) origin. Callers pass `devUrl` only in unpackaged dev runs.
 */
export function isTrustedUrl(url: string, devUrl?: string | null): boolean {
  if (isAppUrl(url)) return true;
  if (!devUrl) return false;
  const u = parse(url);
  const dev = parse(devUrl);
  if (!u || !dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) return false;
  return u.origin === dev.origin && u.username === '' && u.password === '';
}
