// Where the project's files are (the CLI runs from out/main/cli.js, or from src/main/cli in development) and how
// to build the renderer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `dir` holding package.json: the project, from the sources and from the bundle alike. */
function projectRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

export const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));
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
