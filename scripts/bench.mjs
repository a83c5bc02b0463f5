#!/usr/bin/env node
// `npm run bench [name]`: runs bench/*.bench.ts (or those whose name contains the argument) one after another.
// Each prints its own times and the ratio against a floor measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const files = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`No benchmark matches "${filter}".`);
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n== bench/${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join('bench', f)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
