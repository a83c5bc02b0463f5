// The native menu drives the renderer without new preload channels, and hides dev tools in packaged builds.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electron = vi.hoisted(() => ({ showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })) }));
vi.mock('electron', () => ({
  dialog: { showMessageBox: electron.showMessageBox },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() },
}));

import { buildMenuTemplate } from '../../src/main/electron/menu.ts';

function fakeWindow() {
  return {
    isDestroyed: () => false,
    webContents: { executeJavaScript: vi.fn(() => Promise.resolve()), print: vi.fn() },
  };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}
function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = flatten(items).find((i) => i.label === label);
  expect(item, label).toBeDefined();
  return item!;
}
const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();

describe('application menu', () => {
  let win: ReturnType<typeof fakeWindow>;
  beforeEach(() => {
    win = fakeWindow();
    electron.showMessageBox.mockClear();
  });
  const template = (isPackaged: boolean) =>
    buildMenuTemplate({ version: '9.8.7', isPackaged, platform: 'linux', getWindow: () => win as never });

  it('File › Import… routes the renderer to #/import', () => {
    click(find(template(true), 'Import…'));
    expect(win.webContents.executeJavaScript).toHaveBeenCalledExactlyOnceWith("location.hash = '#/import'");
  });

  it('File › Print… prints the page', () => {
    click(find(template(true), 'Print…'));
    expect(win.webContents.print).toHaveBeenCalledTimes(1);
  });

  it('has Quit, the Edit role menu and Reload', () => {
    const roles = flatten(template(true)).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['quit', 'editMenu', 'reload', 'zoomIn', 'zoomOut', 'resetZoom']));
  });

  it('offers developer tools only when not packaged', () => {
    expect(flatten(template(true)).map((i) => i.role)).not.toContain('toggleDevTools');
    expect(flatten(template(false)).map((i) => i.role)).toContain('toggleDevTools');
  });

  it('Help › About Keel shows the version', () => {
    click(find(template(true), 'About Keel'));
    expect(electron.showMessageBox).toHaveBeenCalledTimes(1);
    const options = (electron.showMessageBox.mock.calls[0] as unknown[]).at(-1) as { message: string };
    expect(options.message).toContain('9.8.7');
  });

  it('does nothing when there is no window', () => {
    const items = buildMenuTemplate({ version: '1', isPackaged: true, platform: 'linux', getWindow: () => null });
    expect(() => click(find(items, 'Import…'))).not.toThrow();
  });
});
