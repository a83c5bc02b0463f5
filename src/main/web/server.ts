// The web door: the built renderer and the contract over HTTP, on 127.0.0.1 only, behind a per-launch secret.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import type { Result } from '../../shared/contract.ts';
import type { Dispatch } from '../core/dispatch.ts';
import { guard, SECRET_PARAM } from './guard.ts';
import { mimeType, resolveStaticPath } from './static.ts';

export const WEB_HOST = '127.0.0.1';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface WebDoorOptions {
  dispatch: Dispatch;
  rendererDir: string;
  port?: number;
  secret?: string;
  /** The file of a dataset export by its name (core.exportFile), for GET /exports/<name>; null when there is none. */
  exportFile?: (name: string) => string | null;
}

export interface WebDoor {
  url: string; // the entry URL with the secret
  origin: string;
  port: number;
  secret: string;
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

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, operation: string, dispatch: Dispatch) {
  if (req.method !== 'POST') return send(res, 405, 'Use POST');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return send(res, 415, 'Content-Type must be application/json');
  const body = await readBody(req);
  if (body === null) {
    return sendResult(res, 413, { ok: false, error: { code: 'VALIDATION', message: 'Request body too large' } });
  }
  let payload: unknown;
  try {
    payload = body.length === 0 ? {} : JSON.parse(body);
  } catch (e) {
    return sendResult(res, 400, {
      ok: false,
      error: { code: 'VALIDATION', message: `Request body is not JSON: ${(e as Error).message}` },
    });
  }
  const result = await dispatch(decodeURIComponent(operation), payload);
  const status = result.ok ? 200 : result.error.code === 'UNKNOWN_OPERATION' ? 404 : 200;
  sendResult(res, status, result);
}

/** GET /exports/<name>: a dataset file the core wrote (exportDataset), as a download. Behind the same guard as everything. */
function handleExport(req: http.IncomingMessage, res: http.ServerResponse, rawName: string, exportFile: WebDoorOptions['exportFile']): void {
  if (req.method !== 'GET') return send(res, 405, 'Use GET');
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return send(res, 400, 'Bad name');
  }
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
  let port = 0;
  const server = http.createServer((req, res) => {
    const decision = guard({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, {
      host: WEB_HOST,
      port,
      secret,
    });
    if (decision.kind === 'deny') return send(res, decision.status, decision.reason);
    if (decision.kind === 'enter') {
      res.writeHead(302, { ...SECURITY_HEADERS, Location: decision.location, 'Set-Cookie': decision.cookie, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const api = /^\/api\/([^/]+)$/.exec(pathname);
    if (api) {
      handleApi(req, res, api[1] as string, options.dispatch).catch((e: unknown) =>
        sendResult(res, 500, { ok: false, error: { code: 'INTERNAL', message: (e as Error).message } }),
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
