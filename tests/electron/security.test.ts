// Criterion 4: no navigation away from the app, no pop-ups, no permissions.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ openExternal: vi.fn(() => Promise.resolve()) }));
vi.mock('electron', () => ({ shell: { openExternal: electron.openExternal } }));

import { hardenSession, hardenWebContents, isAllowedExternalUrl } from '../../src/main/electron/security.ts';

type Listener = (event: { preventDefault: () => void; url: string }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on: vi.fn((name: string, fn: Listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), fn]);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((fn: (details: { url: string }) => unknown) => {
      openHandler = fn;
    }),
  };
  /** Emits `name` for `url` and reports whether any listener prevented it. */
  const emit = (name: string, url: string): boolean => {
    const fns = listeners.get(name) ?? [];
    expect(fns.length, `no ${name} listener`).toBeGreaterThan(0);
    const preventDefault = vi.fn();
    for (const fn of fns) fn({ preventDefault, url });
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, emit, open: (url: string) => openHandler?.({ url }) };
}

describe('navigation guard', () => {
  beforeEach(() => electron.openExternal.mockClear());

  for (const event of ['will-navigate', 'will-redirect']) {
    it(`${event}: blocks foreign URLs and lets app://keel through`, () => {
      const { contents, emit } = fakeContents();
      hardenWebContents(contents as never);
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/', 'http://localhost:5173/', 'javascript:alert(1)']) {
        expect(emit(event, url), url).toBe(true);
      }
      expect(emit(event, 'app://keel/index.html')).toBe(false);
      expect(emit(event, 'app://keel/index.html#/import')).toBe(false);
    });
  }

  it('allows the dev server only when configured', () => {
    const plain = fakeContents();
    hardenWebContents(plain.contents as never);
    expect(plain.emit('will-navigate', 'http://localhost:5173/')).toBe(true);
    const dev = fakeContents();
    hardenWebContents(dev.contents as never, { devUrl: 'http://localhost:5173/' });
    expect(dev.emit('will-navigate', 'http://localhost:5173/#/import')).toBe(false);
    expect(dev.emit('will-navigate', 'http://localhost:5174/')).toBe(true);
  });

  it('refuses <webview> attachment', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents as never);
    expect(emit('will-attach-webview', 'app://keel/index.html')).toBe(true);
  });
});

describe('window.open', () => {
  beforeEach(() => electron.openExternal.mockClear());

  it('denies every new window and opens nothing with the default (empty) allow-list', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents as never);
    for (const url of ['https://evil.example/', 'app://keel/index.html', 'about:blank']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(electron.openExternal).not.toHaveBeenCalled();
  });

  it('hands only allow-listed https URLs to the system browser, still denying the window', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents as never, { allowList: ['https://docs.keel.example'] });
    expect(open('https://docs.keel.example/help')).toEqual({ action: 'deny' });
    expect(open('http://docs.keel.example/help')).toEqual({ action: 'deny' });
    expect(open('https://docs.keel.example.evil.example/')).toEqual({ action: 'deny' });
    expect(open('https://user@docs.keel.example/')).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledExactlyOnceWith('https://docs.keel.example/help');
  });

  it('isAllowedExternalUrl rejects non-https and junk', () => {
    const list = ['https://docs.keel.example'];
    expect(isAllowedExternalUrl('https://docs.keel.example/x', list)).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://docs.keel.example:444/']) {
      expect(isAllowedExternalUrl(url, list), url).toBe(false);
    }
    // Even a mistaken http: entry in the allow-list never lets plain http through.
    expect(isAllowedExternalUrl('http://plain.example/', ['http://plain.example'])).toBe(false);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void) | undefined;
    let check: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | undefined;
    const ses = {
      setPermissionRequestHandler: vi.fn((fn: typeof request) => (request = fn)),
      setPermissionCheckHandler: vi.fn((fn: typeof check) => (check = fn)),
    };
    hardenSession(ses as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(check!({}, permission, 'app://keel', {})).toBe(false);
    }
  });
});
