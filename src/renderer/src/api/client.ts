// The renderer's one transport adapter. Inside Electron the preload exposes `window.keel` (one function per
// contract operation); in a browser served by the web door, the same operations go over HTTP. No other
// module knows which door it runs behind.
//
// The web door's secret arrives once, in the printed URL (`/?secret=…`). It is kept in sessionStorage (this
// tab, this origin, so this port only) and dropped from the address bar, and every call sends it in an
// `Authorization: Bearer` header. Never a cookie: browsers send 127.0.0.1's cookies to every port of it.
import type { RemoteApi, Result } from '../../../shared/contract';
import { downloadBlob } from '../download';

declare global {
  interface Window {
    keel?: RemoteApi;
  }
}

const SECRET_PARAM = 'secret';
const SECRET_KEY = 'keel.webDoor.secret';

let memorySecret: string | null = null; // when sessionStorage is unavailable (storage disabled)

function storeSecret(secret: string): void {
  memorySecret = secret;
  try {
    sessionStorage.setItem(SECRET_KEY, secret);
  } catch {
    // Kept in memory only: a reload will need the printed URL again.
  }
}

function storedSecret(): string | null {
  try {
    return sessionStorage.getItem(SECRET_KEY) ?? memorySecret;
  } catch {
    return memorySecret;
  }
}

/** Takes the secret out of the address bar (so it is not bookmarked, shared or kept in history) into this tab's storage. */
function takeSecretFromUrl(): void {
  const url = new URL(window.location.href);
  const given = url.searchParams.get(SECRET_PARAM);
  if (given === null) return;
  storeSecret(given);
  url.searchParams.delete(SECRET_PARAM);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

function authHeaders(): Record<string, string> {
  const secret = storedSecret();
  return secret === null ? {} : { Authorization: `Bearer ${secret}` };
}

const inElectron = typeof window !== 'undefined' && !!window.keel;
if (typeof window !== 'undefined' && !inElectron) takeSecretFromUrl();

/** True in a browser tab that never received the web door's secret: nothing but a notice can be shown. */
export function needsDoorSecret(): boolean {
  return !inElectron && storedSecret() === null;
}

async function overHttp(operation: string, input: unknown): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/api/${encodeURIComponent(operation)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify(input ?? {}),
      credentials: 'omit',
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: res.status === 401 || res.status === 403 ? 'FORBIDDEN' : 'INTERNAL', message: text || res.statusText } };
    }
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: `Keel's web door did not answer: ${(e as Error).message}` } };
  }
}

/**
 * Downloads a file the web door serves (GET /exports/<name>): fetched with the secret in the header, then offered
 * from the page as a blob, since a plain link would carry no header.
 */
export async function downloadFromDoor(path: string, fileName: string): Promise<Result<null>> {
  let blob: Blob;
  try {
    const res = await fetch(path, { headers: authHeaders(), credentials: 'omit' });
    if (!res.ok) {
      const text = await res.text();
      return { ok: false, error: { code: res.status === 401 || res.status === 403 ? 'FORBIDDEN' : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL', message: text || res.statusText } };
    }
    blob = await res.blob();
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: `Keel's web door did not answer: ${(e as Error).message}` } };
  }
  downloadBlob(blob, fileName);
  return { ok: true, value: null };
}

// A proxy rather than a list of names keeps the contract's schemas (zod) out of the renderer bundle;
// the core validates every call anyway and answers UNKNOWN_OPERATION for a name it does not know.
function httpApi(): RemoteApi {
  return new Proxy({} as RemoteApi, {
    get: (_target, operation) =>
      typeof operation === 'string' ? (input: unknown) => overHttp(operation, input) : undefined,
  });
}

export const api: RemoteApi = inElectron ? (window.keel as RemoteApi) : httpApi();
