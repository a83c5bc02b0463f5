// GET /exports/<name>: the dataset download of the web door, behind the same guard as everything else.
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/tmp.ts';
import { openCore, type Core } from '../core/index.ts';
import { startWebDoor, type WebDoor } from './server.ts';

let core: Core;
let door: WebDoor;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Keel</title>');
  core = openCore({ dataDir: tempDir(), door: 'web' });
  door = await startWebDoor({ dispatch: core.dispatch, rendererDir, exportFile: (name) => core.exportFile(name) });
});

afterAll(async () => {
  await door.close();
  core.close();
});

function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: door.port, path: urlPath, method, headers: { Host: `127.0.0.1:${door.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const auth = () => ({ Authorization: `Bearer ${door.secret}` });

describe('GET /exports/<name>', () => {
  it('serves an export the core made, as an attachment, byte for byte', async () => {
    const r = await core.api.exportDataset({});
    if (!r.ok) throw new Error(r.error.message);
    const res = await get(`/exports/${r.value.name}`, auth());
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${r.value.name}"`);
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.body.equals(fs.readFileSync(r.value.file))).toBe(true);
  });

  it('keeps the guard: no secret in the header 401, foreign Host or Origin 403; only GET; nothing outside the exports folder', async () => {
    const r = await core.api.exportDataset({});
    if (!r.ok) throw new Error(r.error.message);
    const url = `/exports/${r.value.name}`;
    expect((await get(url)).status).toBe(401);
    expect((await get(url, { Cookie: `keel_session=${door.secret}` })).status).toBe(401); // a cookie alone grants nothing
    expect((await get(`${url}?secret=${door.secret}`)).status).toBe(401);
    expect((await get(url, { ...auth(), Host: 'evil.example' })).status).toBe(403);
    expect((await get(url, { ...auth(), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(url, auth(), 'POST')).status).toBe(405);
    for (const bad of ['/exports/..%2Fkeel.db', '/exports/keel.db', '/exports/%2e%2e%2fkeel.db', '/exports/keel-export-20990101-000000.keel', '/exports/%E0%A4%A']) {
      const res = await get(bad, auth());
      expect([400, 404], bad).toContain(res.status);
      expect(res.body.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    }
  });
});
