// File › Save as PDF…: a save dialog, printToPDF of the page shown, the file written whole; cancel writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { tempDir } from '../support/tmp.ts';

const electron = vi.hoisted(() => ({
  showSaveDialog: vi.fn(),
  showErrorBox: vi.fn(),
  showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })),
}));
vi.mock('electron', () => ({
  dialog: { showSaveDialog: electron.showSaveDialog, showErrorBox: electron.showErrorBox, showMessageBox: electron.showMessageBox },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() },
}));

import { buildMenuTemplate, saveAsPdf } from '../../src/main/electron/menu.ts';

const PDF = Buffer.from('%PDF-1.7\n% a trade list\n%%EOF\n');

function fakeWindow(url = 'app://keel/index.html#/plans/12/print') {
  return {
    isDestroyed: () => false,
    webContents: {
      getURL: vi.fn(() => url),
      printToPDF: vi.fn(() => Promise.resolve(PDF)),
      print: vi.fn(),
      executeJavaScript: vi.fn(() => Promise.resolve()),
    },
  };
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const i of items) {
    if (i.label === label) return i;
    if (Array.isArray(i.submenu)) {
      const hit = find(i.submenu, label);
      if (hit) return hit;
    }
  }
  return undefined;
}

describe('File › Save as PDF…', () => {
  beforeEach(() => {
    electron.showSaveDialog.mockReset();
    electron.showErrorBox.mockReset();
  });

  it('is in the File menu next to Print…', () => {
    const template = buildMenuTemplate({ version: '1', isPackaged: true, platform: 'linux', getWindow: () => null });
    const file = template.find((m) => m.label === '&File')!.submenu as MenuItemConstructorOptions[];
    const labels = file.map((i) => i.label);
    expect(labels.indexOf('Save as PDF…')).toBe(labels.indexOf('Print…') + 1);
    expect(find(template, 'Save as PDF…')?.accelerator).toBe('CmdOrCtrl+Shift+S');
  });

  it('asks where (named after the plan shown), prints the page with printToPDF and writes the file', async () => {
    const target = path.join(tempDir(), 'out.pdf');
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const win = fakeWindow();
    expect(await saveAsPdf(win as never)).toBe(target);
    const [parent, options] = electron.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string; filters: { extensions: string[] }[] }];
    expect(parent).toBe(win);
    expect(options.defaultPath).toBe('keel-trade-list-plan-12.pdf');
    expect(options.filters[0]!.extensions).toEqual(['pdf']);
    expect(win.webContents.printToPDF).toHaveBeenCalledExactlyOnceWith({ printBackground: true, preferCSSPageSize: true });
    expect(fs.readFileSync(target).equals(PDF)).toBe(true);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['out.pdf']);
  });

  it('the menu item drives the same action on the current window', async () => {
    const target = path.join(tempDir(), 'menu.pdf');
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const win = fakeWindow('app://keel/index.html#/');
    const item = find(buildMenuTemplate({ version: '1', isPackaged: true, platform: 'linux', getWindow: () => win as never }), 'Save as PDF…')!;
    (item.click as unknown as () => void)();
    await vi.waitFor(() => expect(fs.existsSync(target)).toBe(true));
    expect((electron.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string }])[1].defaultPath).toBe('keel.pdf');
  });

  it('writes nothing and prints nothing when the user cancels', async () => {
    electron.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    const win = fakeWindow();
    expect(await saveAsPdf(win as never)).toBeNull();
    expect(win.webContents.printToPDF).not.toHaveBeenCalled();
  });

  it('tells the user when printing fails and leaves no partial file', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'fail.pdf');
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const win = fakeWindow();
    win.webContents.printToPDF.mockRejectedValueOnce(new Error('printing failed'));
    expect(await saveAsPdf(win as never)).toBeNull();
    expect(electron.showErrorBox).toHaveBeenCalledExactlyOnceWith('Could not save the PDF', `${target}: printing failed`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
