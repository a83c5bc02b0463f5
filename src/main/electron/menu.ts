// The native menu. Menu actions drive the renderer through its own URL hash (no extra preload channels) or
// through webContents APIs; developer tools exist only in unpackaged builds.
import fs from 'node:fs';
import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { DatasetExportView, Result } from '../../shared/contract.ts';

export interface MenuOptions {
  version: string;
  isPackaged: boolean;
  platform?: NodeJS.Platform;
  /** The window menu actions apply to (the main window, if open). */
  getWindow: () => BrowserWindow | null;
  /** The core's exportDataset (File › Export Dataset…); the item is left out without it. */
  exportDataset?: () => Promise<Result<DatasetExportView>>;
}

/** Script the Import… item runs in the page: the renderer's router owns #/import. */
export const IMPORT_ROUTE_SCRIPT = "location.hash = '#/import'";

/** File › Save as PDF…: asks where, prints the page shown (the trade list on its print view #/plans/<id>/print,
 *  through the app's print stylesheet) with printToPDF and writes it whole (temp file, then rename). Resolves to
 *  the file written, or null when the user cancelled or the write failed (after telling them). */
export async function saveAsPdf(win: BrowserWindow): Promise<string | null> {
  const plan = /#\/plans\/(\d+)/.exec(win.webContents.getURL())?.[1];
  const { canceled, filePath } = await dialog.showSaveDialog(win, {
    title: 'Save as PDF',
    defaultPath: plan ? `keel-trade-list-plan-${plan}.pdf` : 'keel.pdf',
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (canceled || !filePath) return null;
  const partial = `${filePath}.partial-${process.pid}`;
  try {
    const data = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    await fs.promises.writeFile(partial, data);
    await fs.promises.rename(partial, filePath);
    return filePath;
  } catch (e) {
    await fs.promises.rm(partial, { force: true }).catch(() => undefined);
    dialog.showErrorBox('Could not save the PDF', `${filePath}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** File › Export Dataset…: the core writes the dataset into <data>/exports (as Settings › Backups does), then a save
 *  dialog asks where a copy goes (temp file, then rename). Resolves to the copy, or null when the user cancelled
 *  (the export stays in the exports folder) or something failed (after telling them). */
export async function exportDatasetAs(win: BrowserWindow, exportDataset: () => Promise<Result<DatasetExportView>>): Promise<string | null> {
  const made = await exportDataset();
  if (!made.ok) {
    dialog.showErrorBox('The dataset was not exported', made.error.message);
    return null;
  }
  const { canceled, filePath } = await dialog.showSaveDialog(win, {
    title: 'Export dataset',
    defaultPath: made.value.name,
    filters: [{ name: 'Keel dataset', extensions: ['keel'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (canceled || !filePath) return null;
  const partial = `${filePath}.partial-${process.pid}`;
  try {
    await fs.promises.copyFile(made.value.file, partial);
    await fs.promises.rename(partial, filePath);
    return filePath;
  } catch (e) {
    await fs.promises.rm(partial, { force: true }).catch(() => undefined);
    dialog.showErrorBox('Could not save the dataset', `${filePath}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { version, isPackaged, platform = process.platform, getWindow, exportDataset } = options;
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
        { label: 'Save as PDF…', accelerator: 'CmdOrCtrl+Shift+S', click: withWindow((win) => void saveAsPdf(win)) },
        ...(exportDataset
          ? [{ type: 'separator' } as const, { label: 'Export Dataset…', click: withWindow((win) => void exportDatasetAs(win, exportDataset)) }]
          : []),
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
