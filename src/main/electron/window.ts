// The one BrowserWindow. Its webPreferences are the security baseline (sandbox, context isolation, no Node
// integration) and are exported so a test pins every flag.
import { BrowserWindow, type WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
}

export function createMainWindow({ preloadPath, url }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Keel',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  // Show once painted to avoid a white flash.
  win.once('ready-to-show', () => win.show());
  win.loadURL(url).catch((e: unknown) => console.error(`Keel: could not load ${url}:`, e));
  return win;
}
