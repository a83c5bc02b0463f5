// Serving the built renderer (out/renderer) for the app:// protocol. Pure Node, no Electron import, so the
// path-traversal rules and headers are unit-tested directly; protocol.ts only plugs this into Electron.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { APP_HOST, APP_SCHEME } from './origin.ts';

export type ResolvedAppFile =
  | { ok: true; file: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// Scheme, host, then the raw path up to any query or fragment. The raw string is used on purpose: `new URL`
// would silently collapse `..` segments, hiding an attack we want to refuse outright.
const APP_URL = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\\]*)([^?#]*)/i;
const DRIVE_LETTER = /^[a-z]:/i;

/**
 * Maps an app://keel/… URL to a file inside `rootDir`, or refuses it. `app://keel/` (and any path ending in
 * `/`) means index.html. Refused: other schemes/hosts, `..` or `.` segments (also percent-encoded),
 * backslashes, NUL, empty segments (`//etc/passwd`), drive letters, and anything resolving outside rootDir.
 */
export function resolveAppFile(url: string, rootDir: string): ResolvedAppFile {
  const m = APP_URL.exec(url);
  if (!m || m[1]!.toLowerCase() !== APP_SCHEME || m[2]!.toLowerCase() !== APP_HOST) {
    return { ok: false, status: 403, reason: 'not an app://keel URL' };
  }
  const rawPath = m[3] || '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0')) {
    return { ok: false, status: 403, reason: 'illegal characters in path' };
  }
  const segments = decoded.slice(1).split('/');
  if (decoded.endsWith('/')) segments[segments.length - 1] = 'index.html';
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || DRIVE_LETTER.test(s)) {
      return { ok: false, status: 403, reason: 'path traversal refused' };
    }
  }
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    return { ok: false, status: 403, reason: 'path escapes the renderer folder' };
  }
  return { ok: true, file };
}

/** Headers every app:// response carries, errors included. */
export function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: baseHeaders('text/plain; charset=utf-8') });
}

async function isInside(rootDir: string, file: string): Promise<boolean> {
  // Resolve symlinks too, so a link inside out/renderer cannot point elsewhere.
  const [realRoot, realFile] = await Promise.all([fs.realpath(rootDir), fs.realpath(file)]);
  const rel = path.relative(realRoot, realFile);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The app:// request handler: GET/HEAD of files under rootDir, with CSP and the right MIME type. */
export function createAppRequestHandler(rootDir: string): (request: { url: string; method: string }) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const resolved = resolveAppFile(request.url, rootDir);
    if (!resolved.ok) return plain(resolved.status, resolved.reason);
    try {
      const stat = await fs.stat(resolved.file);
      if (!stat.isFile() || !(await isInside(rootDir, resolved.file))) return plain(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await fs.readFile(resolved.file);
      return new Response(body, { status: 200, headers: baseHeaders(mimeTypeFor(resolved.file)) });
    } catch {
      return plain(404, 'Not found');
    }
  };
}
