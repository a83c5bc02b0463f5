// Where the project's files are when the CLI runs from source (bin/keel.mjs) and how to build the renderer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'out', 'renderer');

/** Builds the renderer when it is missing, so `keel serve` works straight after `npm install`. */
export function ensureRendererBuilt(log: (line: string) => void): void {
  if (fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return;
  log('Keel: building the app (first run)…');
  const bin = path.join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [bin, 'build'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('Building the app failed (see above); try `npm run build`.');
  }
}
