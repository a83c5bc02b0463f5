// The Electron door's lifecycle: data dir, single instance, core errors, and closing the core on quit.
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const h = vi.hoisted(() => {
  const state = {
    listeners: new Map<string, Listener[]>(),
    paths: new Map<string, string>([['userData', '/home/u/.config/Keel']]),
    lock: true,
    windows: [] as Array<{ options: Record<string, unknown>; url?: string }>,
    ready: Promise.resolve(),
  };
  const app = {
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn((name: string) => state.paths.get(name)!),
    setPath: vi.fn((name: string, value: string) => state.paths.set(name, value)),
    on: vi.fn((name: string, fn: Listener) => {
      state.listeners.set(name, [...(state.listeners.get(name) ?? []), fn]);
      return app;
    }),
    whenReady: vi.fn(() => state.ready),
  };
  class BrowserWindow {
    static getAllWindows = () => state.windows;
    webContents = {};
    constructor(options: Record<string, unknown>) {
      state.windows.push({ options });
    }
    once = vi.fn();
    on = vi.fn();
    loadURL = vi.fn((url: string) => {
      state.windows.at(-1)!.url = url;
      return Promise.resolve();
    });
  }
  const core = { dispatch: vi.fn(), close: vi.fn(), info: {} };
  return {
    state,
    app,
    BrowserWindow,
    core,
    openCore: vi.fn((_options: unknown) => core),
    showErrorBox: vi.fn(),
    handle: vi.fn(),
    ipcHandle: vi.fn(),
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
});

vi.mock('electron', () => ({
  app: h.app,
  BrowserWindow: h.BrowserWindow,
  dialog: { showErrorBox: h.showErrorBox, showMessageBox: vi.fn() },
  session: {
    defaultSession: {
      setPermissionRequestHandler: h.setPermissionRequestHandler,
      setPermissionCheckHandler: h.setPermissionCheckHandler,
    },
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: h.handle },
  ipcMain: { handle: h.ipcHandle, removeHandler: vi.fn() },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() },
  shell: { openExternal: vi.fn() },
}));
vi.mock('../../src/main/core/index.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/main/core/index.ts')>()),
  openCore: h.openCore,
}));

import { CoreError } from '../../src/main/core/index.ts';
import { REMOTE_OPERATION_NAMES as OPERATION_NAMES } from '../../src/shared/contract.ts';
import { startElectronDoor } from '../../src/main/electron/door.ts';

const emit = (name: string, ...args: unknown[]) => (h.state.listeners.get(name) ?? []).forEach((fn) => fn(...args));
const settle = () => new Promise((r) => setTimeout(r, 0));
const mainDir = '/opt/keel/out/main';

beforeEach(() => {
  vi.clearAllMocks();
  h.state.listeners.clear();
  h.state.windows.length = 0;
  h.state.paths = new Map([['userData', '/home/u/.config/Keel']]);
  h.state.lock = true;
  h.app.isPackaged = false;
});

describe('Electron door startup', () => {
  it('opens the core in Electron userData, registers everything, and loads app://keel/index.html', async () => {
    startElectronDoor({ mainDir, env: {} });
    await settle();
    expect(h.app.enableSandbox).toHaveBeenCalled();
    expect(h.app.setPath).not.toHaveBeenCalled();
    expect(h.openCore).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ dataDir: '/home/u/.config/Keel', door: 'electron' }));
    expect(h.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(h.ipcHandle).toHaveBeenCalledTimes(OPERATION_NAMES.length);
    expect(h.setPermissionRequestHandler).toHaveBeenCalled();
    expect(h.state.windows).toHaveLength(1);
    expect(h.state.windows[0]!.url).toBe('app://keel/index.html');
    const prefs = h.state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs.preload).toBe(path.join('/opt/keel/out/preload/index.cjs'));
    expect(prefs.sandbox).toBe(true);
  });

  it('uses KEEL_DATA_DIR as both the database folder and userData', async () => {
    startElectronDoor({ mainDir, env: { KEEL_DATA_DIR: '/tmp/keel-x' } });
    await settle();
    expect(h.app.setPath).toHaveBeenCalledWith('userData', path.resolve('/tmp/keel-x'));
    // Before the lock: the lock lives in userData.
    expect(h.app.setPath.mock.invocationCallOrder[0]!).toBeLessThan(h.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!);
    expect(h.openCore).toHaveBeenCalledWith(expect.objectContaining({ dataDir: path.resolve('/tmp/keel-x') }));
  });

  it('a second instance quits without touching the database', async () => {
    h.state.lock = false;
    startElectronDoor({ mainDir, env: {} });
    await settle();
    expect(h.app.quit).toHaveBeenCalled();
    expect(h.openCore).not.toHaveBeenCalled();
    expect(h.state.windows).toHaveLength(0);
  });

  it('a database the core refuses shows its message and exits without a window', async () => {
    h.openCore.mockImplementationOnce(() => {
      throw new CoreError('DB_TOO_NEW', 'This database was written by a newer Keel (schema 99).');
    });
    startElectronDoor({ mainDir, env: {} });
    await settle();
    expect(h.showErrorBox).toHaveBeenCalledExactlyOnceWith(expect.any(String), 'This database was written by a newer Keel (schema 99).');
    expect(h.app.exit).toHaveBeenCalledWith(1);
    expect(h.state.windows).toHaveLength(0);
    expect(h.ipcHandle).not.toHaveBeenCalled();
  });

  it('closes the core on quit', async () => {
    startElectronDoor({ mainDir, env: {} });
    await settle();
    expect(h.core.close).not.toHaveBeenCalled();
    emit('will-quit');
    expect(h.core.close).toHaveBeenCalledTimes(1);
  });

  it('loads the dev server only in unpackaged runs', async () => {
    startElectronDoor({ mainDir, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    await settle();
    expect(h.state.windows[0]!.url).toBe('http://localhost:5173');

    vi.clearAllMocks();
    h.state.windows.length = 0;
    h.app.isPackaged = true;
    startElectronDoor({ mainDir, env: { ELECTRON_RENDERER_URL: 'https://evil.example' } });
    await settle();
    expect(h.state.windows[0]!.url).toBe('app://keel/index.html');
  });

  it('hardens every webContents Electron creates', async () => {
    startElectronDoor({ mainDir, env: {} });
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.on).toHaveBeenCalledWith('will-navigate', expect.any(Function));
  });
});
