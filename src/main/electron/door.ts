// Wires the Electron door together: scheme and sandbox before 'ready', then the core, the app:// handler,
// IPC, menu and window. The core is opened once, after the single-instance lock, and closed on quit.
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { openCore, type Core } from '../core/index.ts';
import { KEEL_VERSION } from '../../shared/version.ts';
import { registerIpcHandlers } from './ipc.ts';
import { installMenu } from './menu.ts';
import { APP_INDEX_URL } from './origin.ts';
import { handleAppProtocol, registerAppScheme } from './protocol.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { chooseDataDir, startupError } from './startup.ts';
import { createMainWindow } from './window.ts';

export interface DoorOptions {
  /** The folder of the built main bundle (out/main); preload and renderer sit beside it. */
  mainDir: string;
  env?: NodeJS.ProcessEnv;
}

export function startElectronDoor({ mainDir, env = process.env }: DoorOptions): void {
  const preloadPath = path.join(mainDir, '..', 'preload', 'index.cjs');
  const rendererDir = path.join(mainDir, '..', 'renderer');

  // These three must happen before 'ready'. The data dir comes first: the single-instance lock lives in
  // userData, so two different KEEL_DATA_DIRs are two independent apps.
  registerAppScheme();
  app.enableSandbox();
  const dataDir = chooseDataDir(app, env);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // A packaged app never trusts a URL from the environment.
  const devUrl = !app.isPackaged && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : null;
  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;
  let unregisterIpc: () => void = () => undefined;

  const openMainWindow = (): BrowserWindow => {
    const win = createMainWindow({ preloadPath, url: devUrl ?? APP_INDEX_URL });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    return win;
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { devUrl }));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) mainWindow = openMainWindow();
  });
  app.on('will-quit', () => {
    unregisterIpc();
    core?.close();
    core = null;
  });

  app
    .whenReady()
    .then(() => {
      try {
        core = openCore({
          dataDir,
          door: 'electron',
          onInternalError: (e) => console.error('Keel: internal error', e),
        });
      } catch (e) {
        // A damaged database does not get here: the core opens in its recovery state and the window shows the
        // recovery screen. What does: a database from a newer Keel (DB_TOO_NEW), left byte-identical.
        const { title, message } = startupError(e);
        dialog.showErrorBox(title, message);
        app.exit(1);
        return;
      }
      hardenSession(session.defaultSession);
      handleAppProtocol(rendererDir);
      unregisterIpc = registerIpcHandlers(core.dispatch, { devUrl });
      const opened = core;
      installMenu({ version: KEEL_VERSION, isPackaged: app.isPackaged, getWindow: () => mainWindow, exportDataset: () => opened.api.exportDataset({}) });
      mainWindow = openMainWindow();
    })
    .catch((e: unknown) => {
      console.error('Keel: startup failed', e);
      app.exit(1);
    });
}
