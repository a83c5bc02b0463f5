// The web door's lock: 127.0.0.1 only, a per-launch secret, Host and Origin checks, the app's CSP.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const cookie = () => ({ Cookie: `keel_session=${door.secret}` });
const api = (op: string, body: string, headers: Record<string, string> = {}) =>
  request({ path: `/api/${op}`, method: 'POST', body, headers: { ...cookie(), 'Content-Type': 'application/json', ...headers } });

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

  it('no secret → 401, for pages and for the API', async () => {
    expect((await request({ path: '/' })).status).toBe(401);
    expect((await request({ path: '/?secret=wrong' })).status).toBe(401);
    expect((await request({ path: '/', headers: { Cookie: 'keel_session=wrong' } })).status).toBe(401);
    const r = await request({ path: '/api/getHouseholdSummary', method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('Demo');
  });

  it('the secret in the printed URL sets an HttpOnly SameSite=Strict cookie and is dropped from the URL', async () => {
    expect(door.url).toBe(`${door.origin}/?secret=${door.secret}`);
    expect(door.secret.length).toBeGreaterThanOrEqual(32);
    const r = await request({ path: `/?secret=${door.secret}` });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/');
    expect(r.headers['set-cookie']?.[0]).toBe(`keel_session=${door.secret}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('wrong Host → 403 even with the secret (DNS rebinding)', async () => {
    for (const host of ['evil.example', `localhost:${door.port}`, `127.0.0.1:${door.port + 1}`, `evil.example:${door.port}`]) {
      const r = await request({ path: '/', headers: { ...cookie(), Host: host } });
      expect(r.status, host).toBe(403);
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
    const page = await request({ path: '/', headers: cookie() });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await request({ path: '/assets/app.js', headers: cookie() })).headers['content-type']).toContain('text/javascript');
    expect((await request({ path: '/holdings', headers: cookie() })).body).toContain('<title>Keel</title>');
    for (const p of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/..%5coutside-secret.txt']) {
      const r = await request({ path: p, headers: cookie() });
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
    expect((await request({ path: '/api/getAppInfo', headers: cookie() })).status).toBe(405);
  });
});
