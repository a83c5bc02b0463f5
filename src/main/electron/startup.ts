// Pure helpers for starting the Electron door: where the data lives and what to tell the user when the
// database cannot be opened. No Electron import, so they are tested directly.
import { CoreError, resolveDataDir } from '../core/index.ts';

export interface UserDataPaths {
  getPath(name: 'userData'): string;
  setPath(name: 'userData', value: string): void;
}

/**
 * KEEL_DATA_DIR wins and also becomes Electron's userData (so Chromium's files and the single-instance lock
 * follow it). Otherwise Electron's own userData, which on Linux is ~/.config/Keel, the folder the web door
 * and CLI resolve too.
 */
export function chooseDataDir(paths: UserDataPaths, env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEEL_DATA_DIR) {
    const dir = resolveDataDir({ env });
    paths.setPath('userData', dir);
    return dir;
  }
  return paths.getPath('userData');
}

const WRONG_ABI = /NODE_MODULE_VERSION|better_sqlite3\.node|ERR_DLOPEN_FAILED/;

/** Title and text for the error box shown when the core cannot open. */
export function startupError(e: unknown): { title: string; message: string } {
  if (e instanceof CoreError) {
    if (e.code === 'DB_TOO_NEW') return { title: 'Keel: database is newer than this app', message: e.message };
    if (e.code === 'DB_CORRUPT') return { title: 'Keel: database could not be opened', message: e.message };
    return { title: 'Keel could not start', message: e.message };
  }
  const message = e instanceof Error ? e.message : String(e);
  if (WRONG_ABI.test(message) || (e as { code?: unknown } | null)?.code === 'ERR_DLOPEN_FAILED') {
    return {
      title: 'Keel: database driver built for another runtime',
      message: `better-sqlite3 is compiled for Node, not Electron. Run "npm run sqlite:electron" (npm start does this for you).\n\n${message}`,
    };
  }
  return { title: 'Keel could not start', message };
}
