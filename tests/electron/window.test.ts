// Criterion 1: every Keel window runs isolated, sandboxed and without Node.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const constructed: Array<{ webPreferences?: Record<string, unknown> }> = [];
  class BrowserWindow {
    loadURL = vi.fn(() => Promise.resolve());
    once = vi.fn();
    on = vi.fn();
    show = vi.fn();
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      constructed.push(options);
    }
  }
  return { constructed, BrowserWindow };
});
vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow }));

import { createMainWindow, secureWebPreferences } from '../../src/main/electron/window.ts';

function expectSecure(prefs: Record<string, unknown> | undefined): void {
  expect(prefs).toBeDefined();
  expect(prefs!.contextIsolation).toBe(true);
  expect(prefs!.sandbox).toBe(true);
  expect(prefs!.nodeIntegration).toBe(false);
  expect(prefs!.nodeIntegrationInSubFrames === undefined || prefs!.nodeIntegrationInSubFrames === false).toBe(true);
  expect(prefs!.nodeIntegrationInWorker === undefined || prefs!.nodeIntegrationInWorker === false).toBe(true);
  expect(prefs!.webSecurity).toBe(true);
  expect(prefs!.webviewTag).toBe(false);
  expect(prefs!.allowRunningInsecureContent === undefined || prefs!.allowRunningInsecureContent === false).toBe(true);
  expect(prefs!.experimentalFeatures).toBeUndefined();
  expect(String(prefs!.preload)).toMatch(/[/\\]preload[/\\]index\.cjs$/);
}

describe('main window', () => {
  beforeEach(() => {
    electron.constructed.length = 0;
  });

  it('declares the secure webPreferences', () => {
    expectSecure(secureWebPreferences('/app/out/preload/index.cjs') as Record<string, unknown>);
  });

  it('actually creates the window with those webPreferences and loads the given URL', () => {
    const win = createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url: 'app://keel/index.html' });
    expect(electron.constructed).toHaveLength(1);
    const prefs = electron.constructed[0]!.webPreferences;
    expectSecure(prefs);
    expect(prefs).toEqual(secureWebPreferences('/app/out/preload/index.cjs'));
    expect((win as unknown as { loadURL: ReturnType<typeof vi.fn> }).loadURL).toHaveBeenCalledWith('app://keel/index.html');
  });
});
