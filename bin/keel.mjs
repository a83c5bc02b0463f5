#!/usr/bin/env node
// `keel` runs straight from the TypeScript sources (through tsx), so `npx keel` works right after
// `npm install` with no build step. If better-sqlite3 was last switched to Electron's ABI by `npm start`,
// switch it back to Node's once and retry.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function wrongAbi(e) {
  return e && (e.code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|better_sqlite3\.node/.test(String(e.message)));
}

register();
const { main } = await import('../src/main/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (!wrongAbi(e) || process.env.KEEL_ABI_RETRIED) throw e;
  const fix = spawnSync(process.execPath, [path.join(root, 'scripts', 'sqlite-abi.mjs'), 'node'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (fix.status !== 0) throw e;
  const again = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, KEEL_ABI_RETRIED: '1' } });
  process.exitCode = again.status ?? 1;
}
