// The web door: the built renderer and the contract over HTTP, on 127.0.0.1 only, behind a per-launch secret
// that the page sends in a header (guard.ts says why never in a cookie).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { LOCAL_OPERATIONS, unknownOperation, type OperationName, type Result } from '../../shared/contract.ts';
import type { Dispatch } from '../core/dispatch.ts';
import { toKeelError } from '../core/errors.ts';
import { BodyBudget, readBody } from './body.ts';
import { guard, SECRET_PARAM } from './guard.ts';
import { mimeType, resolveStaticPath } from './static.ts';

export const WEB_HOST = '127.0.0.1';
/** One request body: the contract's largest input (16 Mi characters, JSON-escaped) fits with room to spare. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** All bodies being read at once: two of the largest; a request beyond it is refused before it is buffered. */
const MAX_BODIES_IN_FLIGHT_BYTES = 128 * 1024 * 1024;

export interface WebDoorLimits {
  bodyBytes: number;
  bodiesInFlightBytes: number;
}

export interface WebDoorOptions {
  dispatch: Dispatch;
  rendererDir: string;
  port?: number;
  secret?: string;
  /** The file of a dataset export by its name (core.exportFile), for GET /exports/<name>; null when there is none. */
  exportFile?: (name: string) => string | null;
  /** Smaller limits for tests; the defaults otherwise. */
  limits?: Partial<WebDoorLimits>;
}

export interface WebDoor {
  url: string; // the entry URL with the secret
  origin: string;
  port: number;
  secret: string;
  /** Bytes reserved by request bodies being read right now. */
  bodyBytesInFlight(): number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendResult(res: http.ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, JSON.stringify(result), 'application/json; charset=utf-8');
}

/** A refusal sent at once, but the connection ends only once the client has sent its body: else it sees a reset. */
async function sendRefusal(res: http.ServerResponse, status: number, result: Result<unknown>, drained: Promise<void>): Promise<void> {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.write(body);
  await drained;
  res.end();
}

function decodeName(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

interface ApiContext {
  dispatch: Dispatch;
  bodyBytes: number;
  budget: BodyBudget;
}

async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawOperation: string, ctx: ApiContext) {
  if (req.method !== 'POST') return send(res, 405, 'Use POST');
  const operation = decodeName(rawOperation);
  if (operation === null) {
    return sendResult(res, 400, { ok: false, error: { code: 'VALIDATION', message: `Bad percent-encoding in the operation name: ${rawOperation.slice(0, 100)}` } });
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return send(res, 415, 'Content-Type must be application/json');
  const read = await readBody(req, { bodyBytes: ctx.bodyBytes, budget: ctx.budget });
  if (!read.ok) {
    const code = read.status === 413 ? 'VALIDATION' : 'CONFLICT';
    return sendRefusal(res, read.status, { ok: false, error: { code, message: read.message } }, read.drained);
  }
  try {
    let payload: unknown;
    try {
      payload = read.body.length === 0 ? {} : JSON.parse(read.body.toString('utf8'));
    } catch (e) {
      return sendResult(res, 400, {
        ok: false,
        error: { code: 'VALIDATION', message: `Request body is not JSON: ${(e as Error).message}` },
      });
    }
    // Operations that take paths on this machine are the CLI's: to a page they do not exist.
    const result = LOCAL_OPERATIONS.has(operation as OperationName) ? unknownOperation(operation) : await ctx.dispatch(operation, payload);
    const status = result.ok ? 200 : result.error.code === 'UNKNOWN_OPERATION' ? 404 : 200;
    sendResult(res, status, result);
  } finally {
    read.release();
  }
}

/**
 * GET /exports/<name>: a dataset file the core wrote (exportDataset), as an attachment. Like the API it needs the
 * secret in the Authorization header, so the page fetches it and saves the blob (api/client.ts).
 */
function handleExport(req: http.IncomingMessage, res: http.ServerResponse, rawName: string, exportFile: WebDoorOptions['exportFile']): void {
  if (req.method !== 'GET') return send(res, 405, 'Use GET');
  const name = decodeName(rawName);
  if (name === null) return send(res, 400, 'Bad percent-encoding in the export name');
  const file = exportFile?.(name) ?? null;
  if (file === null) return send(res, 404, 'No such export');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/vnd.sqlite3',
    'Content-Length': String(fs.statSync(file).size),
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  fs.createReadStream(file).pipe(res);
}

function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, rendererDir: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
  const file = resolveStaticPath(rendererDir, req.url ?? '/');
  if (file === null) return send(res, 400, 'Bad path');
  let target = file;
  if (!fs.existsSync(target) || fs.statSync(target).isDirectory()) {
    // Client-side routes fall back to the app; missing assets are 404s.
    if (/\.[a-z0-9]+$/i.test(target)) return send(res, 404, 'Not found');
    target = resolveStaticPath(rendererDir, '/index.html') as string;
  }
  const isHtml = target.endsWith('.html');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': mimeType(target),
    'Cache-Control': isHtml ? 'no-store' : 'max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(target).pipe(res);
}

export async function startWebDoor(options: WebDoorOptions): Promise<WebDoor> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  if (!fs.existsSync(resolveStaticPath(options.rendererDir, '/index.html') as string)) {
    throw new Error(`The renderer is not built: ${options.rendererDir}/index.html is missing (run npm run build).`);
  }
  const bodyBytes = options.limits?.bodyBytes ?? MAX_BODY_BYTES;
  const budget = new BodyBudget(options.limits?.bodiesInFlightBytes ?? MAX_BODIES_IN_FLIGHT_BYTES);
  const api: ApiContext = { dispatch: options.dispatch, bodyBytes, budget };
  let port = 0;
  const server = http.createServer((req, res) => {
    const decision = guard({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, {
      host: WEB_HOST,
      port,
      secret,
    });
    if (decision.kind === 'deny') return send(res, decision.status, decision.reason);
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const operation = /^\/api\/([^/]+)$/.exec(pathname);
    if (operation) {
      handleApi(req, res, operation[1] as string, api).catch((e: unknown) =>
        sendResult(res, 500, { ok: false, error: toKeelError(e) }),
      );
      return;
    }
    const download = /^\/exports\/([^/]+)$/.exec(pathname);
    if (download) return handleExport(req, res, download[1] as string, options.exportFile);
    handleStatic(req, res, options.rendererDir);
  });
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, WEB_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${WEB_HOST}:${port}`;
  return {
    url: `${origin}/?${SECRET_PARAM}=${secret}`,
    origin,
    port,
    secret,
    bodyBytesInFlight: () => budget.inUse,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
