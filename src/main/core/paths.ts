import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Keel';
export const DATABASE_FILE = 'keel.db';

export interface DataDirInputs {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * The folder that holds Keel's database and backups. Matches Electron's `app.getPath('userData')` for an app
 * named "Keel", so the app, the web door and the CLI share one database. `--data-dir` beats `KEEL_DATA_DIR`.
 */
export function resolveDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const explicit = inputs.flag ?? env.KEEL_DATA_DIR;
  if (explicit) return path.resolve(explicit);
  const platform = inputs.platform ?? process.platform;
  const home = inputs.home ?? os.homedir();
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_DIR_NAME);
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}
