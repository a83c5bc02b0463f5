// The native menu. Menu actions drive the renderer through its own URL hash (no extra preload channels) or
// through webContents APIs; developer tools exist only in unpackaged builds.
import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  version: string;
  isPackaged: boolean;
  platform?: NodeJS.Platform;
  /** The window menu actions apply to (the main window, if open). */
  getWindow: () => BrowserWindow | null;
}

/** Script the Import… item runs in the page: the renderer's router owns #/import. */
export const IMPORT_ROUTE_SCRIPT = "location.hash = '#/import'";

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { version, isPackaged, platform = process.platform, getWindow } = options;
  const withWindow = (action: (win: BrowserWindow) => void) => () => {
    const win = getWindow();
    if (win && !win.isDestroyed()) action(win);
  };

  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    ...(isPackaged ? [] : [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const]),
  ];

  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Import…',
          accelerator: 'CmdOrCtrl+I',
          click: withWindow((win) => {
            win.webContents.executeJavaScript(IMPORT_ROUTE_SCRIPT).catch(() => undefined);
          }),
        },
        { label: 'Print…', accelerator: 'CmdOrCtrl+P', click: withWindow((win) => win.webContents.print()) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: '&View', submenu: view },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        {
          label: 'About Keel',
          click: () => {
            const box = {
              type: 'info' as const,
              title: 'About Keel',
              message: `Keel ${version}`,
              detail: 'Offline portfolio rebalancing. Your data stays on this computer.',
              buttons: ['OK'],
            };
            const win = getWindow();
            void (win && !win.isDestroyed() ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
          },
        },
      ],
    },
  ];
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
