// File › Export Dataset…: the core writes the dataset, a save dialog asks where a copy goes, the copy is written
// whole; cancelling keeps only the export the core made; a failed export is reported and asks nothing.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { DatasetExportView, Result } from '../../src/shared/contract.ts';
import { tempDir } from '../support/tmp.ts';

const electron = vi.hoisted(() => ({
  showSaveDialog: vi.fn(),
  showErrorBox: vi.fn(),
}));
vi.mock('electron', () => ({
  dialog: { showSaveDialog: electron.showSaveDialog, showErrorBox: electron.showErrorBox, showMessageBox: vi.fn() },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() },
}));

import { buildMenuTemplate, exportDatasetAs } from '../../src/main/electron/menu.ts';

const win = { isDestroyed: () => false, webContents: {} };

/** A core export: a real file in a folder like <data>/exports. */
function exported(): { view: DatasetExportView; exportDataset: () => Promise<Result<DatasetExportView>> } {
  const dir = tempDir();
  const file = path.join(dir, 'keel-export-20261130-120000.keel');
  fs.writeFileSync(file, 'SQLite format 3\u0000 the whole dataset');
  const view = { name: path.basename(file), file, size: fs.statSync(file).size, date: '2026-11-30T12:00:00.000Z' };
  return { view, exportDataset: vi.fn(() => Promise.resolve({ ok: true as const, value: view })) };
}

describe('File › Export Dataset…', () => {
  beforeEach(() => {
    electron.showSaveDialog.mockReset();
    electron.showErrorBox.mockReset();
  });

  it('is in the File menu when the core can export, and not otherwise', () => {
    const labels = (t: MenuItemConstructorOptions[]) => (t.find((m) => m.label === '&File')!.submenu as MenuItemConstructorOptions[]).map((i) => i.label);
    expect(labels(buildMenuTemplate({ version: '1', isPackaged: true, platform: 'linux', getWindow: () => null, exportDataset: exported().exportDataset }))).toContain(
      'Export Dataset…',
    );
    expect(labels(buildMenuTemplate({ version: '1', isPackaged: true, platform: 'linux', getWindow: () => null }))).not.toContain('Export Dataset…');
  });

  it('exports, asks where (suggesting the export’s own name) and writes an identical copy there', async () => {
    const { view, exportDataset } = exported();
    const target = path.join(tempDir(), 'for-the-laptop.keel');
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    expect(await exportDatasetAs(win as never, exportDataset)).toBe(target);
    const [parent, options] = electron.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string; filters: { extensions: string[] }[] }];
    expect(parent).toBe(win);
    expect(options.defaultPath).toBe(view.name);
    expect(options.filters[0]!.extensions).toEqual(['keel']);
    expect(fs.readFileSync(target).equals(fs.readFileSync(view.file))).toBe(true);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['for-the-laptop.keel']); // no partial file left
  });

  it('cancel writes nothing beyond the core’s own export', async () => {
    const { view, exportDataset } = exported();
    electron.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await exportDatasetAs(win as never, exportDataset)).toBeNull();
    expect(fs.existsSync(view.file)).toBe(true);
    expect(electron.showErrorBox).not.toHaveBeenCalled();
  });

  it('a failed export is reported and no dialog opens', async () => {
    const failing = () => Promise.resolve({ ok: false as const, error: { code: 'DB_CORRUPT' as const, message: 'The database is damaged.' } });
    expect(await exportDatasetAs(win as never, failing as never)).toBeNull();
    expect(electron.showSaveDialog).not.toHaveBeenCalled();
    expect(electron.showErrorBox).toHaveBeenCalledWith('The dataset was not exported', 'The database is damaged.');
  });

  it('a copy that cannot be written is reported, and leaves no partial file', async () => {
    const { exportDataset } = exported();
    const target = path.join(tempDir(), 'missing-folder', 'x.keel');
    electron.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    expect(await exportDatasetAs(win as never, exportDataset)).toBeNull();
    expect(electron.showErrorBox).toHaveBeenCalledWith('Could not save the dataset', expect.stringContaining(target));
    expect(fs.existsSync(path.dirname(target))).toBe(false);
  });
});
