#!/usr/bin/env node
// `npm install` runs this (the `prepare` script): build the app, and with it the `keel` CLI (out/main/cli.js), so
// `npx keel` starts at once right after installing. A failed build does not fail the install: bin/keel.mjs then
// runs the CLI from its TypeScript sources (slower to start, same behaviour), and this says so in one line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const r = spawnSync(process.execPath, [electronVite, 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('Keel: the build failed (see above); `keel` will run from the sources until `npm run build` succeeds.');
}
