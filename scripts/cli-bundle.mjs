// Which `keel` to run: the built CLI (out/main/cli.js, bundled with the app by electron-vite) when it is at least as
// new as every file under src/, else none (bin/keel.mjs then runs the TypeScript sources through tsx). The bundle's
// mtime is set to when its build began reading the sources (electron.vite.config.ts), so a source saved during a
// build counts as newer. The check is a plain mtime scan: a few hundred stats, a few milliseconds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Is anything under `dir` (a file, or a folder whose entries changed) modified after `time`? */
function changedSince(dir, time) {
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop();
    if (fs.statSync(current).mtimeMs > time) return true;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const file = `${current}${path.sep}${entry.name}`; // not path.join: a few hundred joins cost more than the stats
      if (entry.isDirectory()) pending.push(file);
      else if (fs.statSync(file).mtimeMs > time) return true;
    }
  }
  return false;
}

/** <root>/out/main/cli.js if it exists and nothing under <root>/src is newer; null otherwise. */
export function freshCliBundle(root = ROOT) {
  const bundle = path.join(root, 'out', 'main', 'cli.js');
  let built;
  try {
    built = fs.statSync(bundle).mtimeMs;
  } catch {
    return null;
  }
  return changedSince(path.join(root, 'src'), built) ? null : bundle;
}
