#!/usr/bin/env node
// `keel` runs the built CLI, out/main/cli.js: electron-vite bundles it with the app (`npm run build`, which
// `npm install` runs through `prepare`), so the app and the CLI share one bundle of the core. It falls back to the
// TypeScript sources (through tsx) only in development: when there is no bundle, or a file under src/ is newer
// than it (scripts/cli-bundle.mjs), so a stale bundle never runs. If better-sqlite3 was last switched to
// Electron's ABI by `npm start`, switch it back to Node's once and retry.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshCliBundle } from '../scripts/cli-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function loadMain() {
  const bundle = freshCliBundle();
  if (bundle) return (await import(pathToFileURL(bundle).href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/main/cli/main.ts')).main;
}

function wrongAbi(e) {
  return e && (e.code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|better_sqlite3\.node/.test(String(e.message)));
}

try {
  const main = await loadMain();
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (!wrongAbi(e) || process.env.KEEL_ABI_RETRIED) throw e;
  const fix = spawnSync(process.execPath, [path.join(root, 'scripts', 'sqlite-abi.mjs'), 'node'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (fix.status !== 0) throw e;
  const again = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, KEEL_ABI_RETRIED: '1' } });
  process.exitCode = again.status ?? 1;
}
