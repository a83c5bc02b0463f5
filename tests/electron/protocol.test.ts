// Criterion 3: the renderer comes from app://keel with a CSP header, and nothing outside out/renderer is served.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  privileged: vi.fn(),
  handle: vi.fn(),
}));
vi.mock('electron', () => ({
  protocol: { registerSchemesAsPrivileged: electron.privileged, handle: electron.handle },
}));

import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp.ts';
import { createAppRequestHandler, resolveAppFile } from '../../src/main/electron/app-files.ts';
import { handleAppProtocol, registerAppScheme } from '../../src/main/electron/protocol.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Keel</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'SECRET');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'link.txt'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('resolveAppFile', () => {
  it('serves index.html for app://keel/ and app://keel', () => {
    expect(resolveAppFile('app://keel/', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppFile('app://keel', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppFile('app://keel/?x=1#/import', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
  });

  it('maps ordinary paths inside the folder', () => {
    expect(resolveAppFile('app://keel/assets/index-abc.js', root)).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'index-abc.js'),
    });
    expect(resolveAppFile('app://keel/assets/my%20file.js', root)).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'my file.js'),
    });
  });

  const refused = [
    'app://keel/../../etc/passwd',
    'app://keel/../secret.txt',
    'app://keel/assets/../../secret.txt',
    'app://keel/%2e%2e/secret.txt',
    'app://keel/%2E%2E/%2E%2E/etc/passwd',
    'app://keel/..%2fsecret.txt',
    'app://keel/..%2Fsecret.txt',
    'app://keel/assets%2f..%2f..%2fsecret.txt',
    'app://keel/..\\secret.txt',
    'app://keel/%5c..%5csecret.txt',
    'app://keel\\..\\secret.txt',
    'app://keel//etc/passwd',
    'app://keel/%2fetc%2fpasswd',
    'app://keel/C:/Windows/win.ini',
    'app://keel/c:%5cWindows%5cwin.ini',
    'app://keel/index.html%00.js',
    'app://keel/%E0%A4%A',
    'app:///etc/passwd',
    'app://evil/index.html',
    'file:///etc/passwd',
    'https://keel/index.html',
  ];
  for (const url of refused) {
    it(`refuses ${url}`, () => {
      const r = resolveAppFile(url, root);
      expect(r.ok).toBe(false);
    });
  }
});

describe('app:// request handler', () => {
  const get = (url: string, method = 'GET') => createAppRequestHandler(root)({ url, method });

  it('serves index.html for app://keel/ with the CSP header and an HTML type', async () => {
    const res = await get('app://keel/');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<!doctype html><title>Keel</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives scripts and styles their MIME types (module scripts need text/javascript)', async () => {
    const js = await get('app://keel/assets/index-abc.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const css = await get('app://keel/assets/index-abc.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('never returns the file outside the folder, and still sends the CSP on refusals', async () => {
    for (const url of ['app://keel/../secret.txt', 'app://keel/%2e%2e/secret.txt', 'app://keel/..%5csecret.txt', 'app://keel/link.txt']) {
      const res = await get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toContain('SECRET');
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 404 for missing files and directories, 405 for writes', async () => {
    expect((await get('app://keel/nope.js')).status).toBe(404);
    expect((await get('app://keel/assets')).status).toBe(404);
    expect((await get('app://keel/', 'POST')).status).toBe(405);
  });
});

describe('scheme registration', () => {
  it('registers app:// as a standard, secure scheme without CSP bypass or CORS', () => {
    registerAppScheme();
    const [schemes] = electron.privileged.mock.calls[0]! as [Array<{ scheme: string; privileges: Record<string, unknown> }>];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]!.scheme).toBe('app');
    expect(schemes[0]!.privileges).toMatchObject({ standard: true, secure: true });
    expect(schemes[0]!.privileges.bypassCSP).toBeFalsy();
    expect(schemes[0]!.privileges.corsEnabled).toBeFalsy();
  });

  it('handles app:// with a handler that serves the renderer folder', async () => {
    handleAppProtocol(root);
    expect(electron.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electron.handle.mock.calls[0]![1] as (r: { url: string; method: string }) => Promise<Response>;
    const res = await handler({ url: 'app://keel/', method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
