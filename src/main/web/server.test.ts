// The web door's lock: 127.0.0.1 only, a per-launch secret sent in a header (never a cookie), Host and Origin
// checks, the app's CSP; and its limits: malformed paths, body sizes, bodies in flight.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_OPERATIONS } from '../../shared/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { tempDir } from '../../../tests/support/tmp.ts';
import { openCore, type Core } from '../core/index.ts';
import { startWebDoor, type WebDoor } from './server.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let core: Core;
let door: WebDoor;
let rendererDir: string;

function request(opts: { path?: string; method?: string; headers?: Record<string, string>; body?: string; port?: number; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: opts.host ?? '127.0.0.1',
        port: opts.port ?? door.port,
        path: opts.path ?? '/',
        method: opts.method ?? 'GET',
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const auth = () => ({ Authorization: `Bearer ${door.secret}` });
const api = (op: string, body: string, headers: Record<string, string> = {}) =>
  request({ path: `/api/${op}`, method: 'POST', body, headers: { ...auth(), 'Content-Type': 'application/json', ...headers } });

beforeAll(async () => {
  rendererDir = tempDir('keel-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Keel</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), 'outside-secret.txt'), 'not yours');
  core = openCore({ dataDir: tempDir(), door: 'web' });
  door = await startWebDoor({ dispatch: core.dispatch, rendererDir });
});

afterAll(async () => {
  await door.close();
  core.close();
});

describe('web door access', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(door.origin).toBe(`http://127.0.0.1:${door.port}`);
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect({ host: '::1', port: door.port });
      s.on('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).not.toBe('connected');
  });

  it('no secret → 401 for the API; the app shell (no data) is public, a wrong secret in its URL is 401', async () => {
    const r = await request({ path: '/api/getHouseholdSummary', method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('Demo');
    expect((await api('getHouseholdSummary', '{}', { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await api('getHouseholdSummary', '{}', { Authorization: `Basic ${Buffer.from(`keel:${door.secret}`).toString('base64')}` })).status).toBe(401);
    expect((await api('getHouseholdSummary', '{}', { Authorization: door.secret })).status).toBe(401);
    expect((await request({ path: '/?secret=wrong' })).status).toBe(401);
    const shell = await request({ path: '/' });
    expect(shell.status).toBe(200);
    expect(shell.body).toBe('<!doctype html><title>Keel</title>');
  });

  it('a cookie alone grants nothing: the secret as keel_session, or any other cookie, gets 401 on /api and /exports', async () => {
    // Browsers send 127.0.0.1's cookies to every port of 127.0.0.1, so another local service could replay them.
    const cookies = [`keel_session=${door.secret}`, `keel_session=${door.secret}; theme=dark; session=${door.secret}`, `secret=${door.secret}`];
    for (const Cookie of cookies) {
      const r = await request({ path: '/api/getHouseholdSummary', method: 'POST', body: '{}', headers: { Cookie, 'Content-Type': 'application/json' } });
      expect(r.status, Cookie).toBe(401);
      expect(r.body, Cookie).not.toContain('Demo');
      expect((await request({ path: '/exports/keel-export-20260101-000000.keel', headers: { Cookie } })).status, Cookie).toBe(401);
    }
    // The secret in a URL opens the shell only; the API never reads it from the query.
    const q = await request({ path: `/api/getHouseholdSummary?secret=${door.secret}`, method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(q.status).toBe(401);
  });

  it('the printed URL opens the shell and sets no cookie; the page keeps the secret and sends it as a Bearer header', async () => {
    expect(door.url).toBe(`${door.origin}/?secret=${door.secret}`);
    expect(door.secret.length).toBeGreaterThanOrEqual(32);
    const r = await request({ path: `/?secret=${door.secret}` });
    expect(r.status).toBe(200);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toContain('<title>Keel</title>');
    expect((await api('getHouseholdSummary', '{}')).status).toBe(200);
  });
  it('wrong Host → 403 even with the secret (DNS rebinding)', async () => {
    for (const host of ['evil.example', `localhost:${door.port}`, `127.0.0.1:${door.port + 1}`, `evil.example:${door.port}`]) {
      const r = await api('getHouseholdSummary', '{}', { Host: host });
      expect(r.status, host).toBe(403);
      expect((await request({ path: '/', headers: { Host: host } })).status, host).toBe(403);
    }
  });

  it('foreign Origin → 403 even with the secret', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${door.port}`, 'null']) {
      const r = await api('getHouseholdSummary', '{}', { Origin: origin });
      expect(r.status, origin).toBe(403);
    }
    expect((await api('getHouseholdSummary', '{}', { Origin: door.origin })).status).toBe(200);
  });

  it('serves the renderer with the same CSP as the app, and never a file outside it', async () => {
    const page = await request({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await request({ path: '/assets/app.js' })).headers['content-type']).toContain('text/javascript');
    expect((await request({ path: '/holdings' })).body).toContain('<title>Keel</title>');
    for (const p of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/..%5coutside-secret.txt']) {
      const r = await request({ path: p });
      expect(r.body, p).not.toContain('not yours');
      expect([400, 404], p).toContain(r.status);
    }
  });
});

describe('web door API', () => {
  it('answers contract operations with Results', async () => {
    const r = await api('getHouseholdSummary', '{}');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { total: '312974.55' } });
  });

  it('malformed payloads are VALIDATION errors; bad JSON and wrong content types are refused', async () => {
    expect(JSON.parse((await api('getHouseholdSummary', '{"x":1}')).body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const bad = await api('getHouseholdSummary', '{not json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const form = await api('clearDemo', 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(JSON.parse((await api('getHouseholdSummary', '{}')).body).value.hasDemo).toBe(true);
    expect((await api('nope', '{}')).status).toBe(404);
    expect((await request({ path: '/api/getAppInfo', headers: auth() })).status).toBe(405);
  });

  it('the local operations (paths on this machine) do not exist for a page: 404 UNKNOWN_OPERATION, the core never asked', async () => {
    const out = tempDir();
    const payloads: Record<string, unknown> = {
      backupToFile: { file: path.join(out, 'stolen.db') },
      exportDatasetTo: { file: path.join(out, 'stolen.keel') },
      importFiles: { paths: ['/etc/passwd'] },
      checkDatabase: {},
    };
    expect(LOCAL_OPERATIONS.has('restoreFromFile')).toBe(true);
    for (const op of LOCAL_OPERATIONS) {
      const payload = payloads[op] ?? { file: '/etc/passwd' }; // restoreFromFile, importDatasetFrom, planFromInput…
      const local = await api(op, JSON.stringify(payload));
      const unknown = await api(`${op}X`, JSON.stringify(payload));
      expect(local.status, op).toBe(404);
      expect(JSON.parse(local.body), op).toEqual({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation: ${op}` } });
      expect(JSON.parse(local.body).error.message.replace(op, '')).toBe(JSON.parse(unknown.body).error.message.replace(`${op}X`, ''));
    }
    expect(fs.readdirSync(out)).toEqual([]);
    expect(JSON.parse((await api('getHouseholdSummary', '{}')).body).value.hasDemo).toBe(true);
  });
});

describe('malformed request paths', () => {
  it('a broken percent-encoding answers 400, never 500, on every route', async () => {
    for (const p of ['/api/%E0%A4%A', '/api/%zz', '/api/get%', '/exports/%E0%A4%A', '/%zz', '/assets/%E0%A4%A.js', '/%']) {
      const r = p.startsWith('/api/') ? await api(p.slice(5), '{}') : await request({ path: p, headers: auth() });
      expect(r.status, p).toBe(400);
    }
  });

  it('a request target that is not a path answers 400', async () => {
    const r = await request({ path: `http://127.0.0.1:${door.port}/api/getHouseholdSummary`, method: 'POST', body: '{}', headers: { ...auth(), 'Content-Type': 'application/json' } });
    expect(r.status).toBe(400);
  });
});

/** Sends a body in pieces and resolves with what the client reads: the response, or the socket error it saw. */
function sendBody(opts: {
  port: number;
  path: string;
  headers: Record<string, string>;
  pieces: AsyncIterable<Buffer> | Iterable<Buffer>;
}): Promise<Reply | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: opts.port, path: opts.path, method: 'POST', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    void (async () => {
      for await (const piece of opts.pieces) {
        if (req.destroyed) return;
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })();
  });
}

function* repeat(piece: Buffer, times: number): Iterable<Buffer> {
  for (let i = 0; i < times; i++) yield piece;
}

/** A JSON body of exactly `size` bytes: {} and spaces. */
const jsonOf = (size: number) => Buffer.from('{}'.padEnd(size, ' '));

describe('request bodies', () => {
  it('a body over 64 MiB gets its 413 as a response the client reads, not a reset (no Content-Length)', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    const r = await sendBody({
      port: door.port,
      path: '/api/getHouseholdSummary',
      headers: { ...auth(), 'Content-Type': 'application/json', Host: `127.0.0.1:${door.port}` },
      pieces: [Buffer.from('{}'), ...repeat(mib, 80)],
    });
    expect(r).toMatchObject({ status: 413 });
    expect(JSON.parse((r as Reply).body)).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'The request body is larger than 64 MiB.' } });
    expect((r as Reply).headers.connection).toBe('close');
  });

  describe('with small limits', () => {
    let small: WebDoor;
    beforeAll(async () => {
      small = await startWebDoor({ dispatch: core.dispatch, rendererDir, limits: { bodyBytes: 1024 * 1024, bodiesInFlightBytes: 2 * 1024 * 1024 } });
    });
    afterAll(() => small.close());
    const headers = (extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${small.secret}`, 'Content-Type': 'application/json', ...extra });

    it('a declared Content-Length over the limit is refused before the body is read', async () => {
      const r = await sendBody({ port: small.port, path: '/api/getHouseholdSummary', headers: headers({ 'Content-Length': String(3 * 1024 * 1024) }), pieces: [jsonOf(3 * 1024 * 1024)] });
      expect(r).toMatchObject({ status: 413 });
      expect(JSON.parse((r as Reply).body).error.message).toBe('The request body is larger than 1 MiB.');
    });

    it('a body that runs over the limit mid-stream gets its 413; a body at the limit is read', async () => {
      const over = await sendBody({ port: small.port, path: '/api/getHouseholdSummary', headers: headers(), pieces: repeat(jsonOf(64 * 1024), 40) });
      expect(over).toMatchObject({ status: 413 });
      const at = await sendBody({ port: small.port, path: '/api/getHouseholdSummary', headers: headers(), pieces: [jsonOf(1024 * 1024)] });
      expect(at).toMatchObject({ status: 200 });
      expect(small.bodyBytesInFlight()).toBe(0);
    });

    it('bodies in flight share one budget: a request that would exceed it gets 503 before its body is buffered', async () => {
      const size = 900 * 1024;
      // Two requests hold most of the 2 MiB budget: half their body sent, the rest held back until released.
      const gates: Array<() => void> = [];
      const held = [0, 1].map(() => {
        const gate = new Promise<void>((r) => gates.push(r));
        const body = jsonOf(size);
        return sendBody({
          port: small.port,
          path: '/api/getHouseholdSummary',
          headers: headers({ 'Content-Length': String(size) }),
          pieces: (async function* () {
            yield body.subarray(0, size / 2);
            await gate;
            yield body.subarray(size / 2);
          })(),
        });
      });
      await vi.waitFor(() => expect(small.bodyBytesInFlight()).toBe(2 * size));

      // Declared up front: refused at once. Not declared (chunked): refused when its bytes would pass the budget.
      const declared = await sendBody({ port: small.port, path: '/api/getHouseholdSummary', headers: headers({ 'Content-Length': String(size) }), pieces: [jsonOf(size)] });
      expect(declared).toMatchObject({ status: 503 });
      expect(JSON.parse((declared as Reply).body)).toEqual({
        ok: false,
        error: { code: 'CONFLICT', message: 'The web door is already reading 2 MiB of requests; try again when they are done.' },
      });
      const chunked = await sendBody({ port: small.port, path: '/api/getHouseholdSummary', headers: headers(), pieces: repeat(jsonOf(64 * 1024), 8) });
      expect(chunked).toMatchObject({ status: 503 });
      expect(small.bodyBytesInFlight()).toBe(2 * size);

      for (const open of gates) open();
      expect((await Promise.all(held)).map((r) => (r as Reply).status)).toEqual([200, 200]);
      expect(small.bodyBytesInFlight()).toBe(0);
      expect(await sendBody({ port: small.port, path: '/api/getHouseholdSummary', headers: headers(), pieces: [jsonOf(size)] })).toMatchObject({ status: 200 });
    });
  });
});
