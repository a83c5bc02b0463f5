// The renderer's one transport adapter. Inside Electron the preload exposes `window.keel` (one function per
// contract operation); in a browser served by the web door, the same operations go over HTTP. No other
// module knows which door it runs behind.
import type { KeelApi, Result } from '../../../shared/contract';

declare global {
  interface Window {
    keel?: KeelApi;
  }
}

async function overHttp(operation: string, input: unknown): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/api/${operation}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: res.status === 401 ? 'FORBIDDEN' : 'INTERNAL', message: text || res.statusText } };
    }
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: `Keel's web door did not answer: ${(e as Error).message}` } };
  }
}

// A proxy rather than a list of names keeps the contract's schemas (zod) out of the renderer bundle;
// the core validates every call anyway and answers UNKNOWN_OPERATION for a name it does not know.
function httpApi(): KeelApi {
  return new Proxy({} as KeelApi, {
    get: (_target, operation) =>
      typeof operation === 'string' ? (input: unknown) => overHttp(operation, input) : undefined,
  });
}

export const api: KeelApi = typeof window !== 'undefined' && window.keel ? window.keel : httpApi();
