// bench/cli: how long `keel info` and `keel holdings` take to start, one process per command as a user runs them,
// against the floor measured in the same run: Node loading better-sqlite3 and opening the same database. The CLI
// measured is the built one (out/main/cli.js); a missing or stale bundle is built first. Goal: ratio ≤ 3.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { tempDir } from '../tests/support/tmp.ts';
import { report } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KEEL = path.join(ROOT, 'bin', 'keel.mjs');
const RUNS = Number(process.env.KEEL_BENCH_RUNS ?? 15);
const GOAL = 3;

function run(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Which `keel` bin/keel.mjs runs now: 'built' (out/main/cli.js) or 'sources' (tsx). */
function which(): string {
  const probe = "import('./scripts/cli-bundle.mjs').then((m) => console.log(m.freshCliBundle() ? 'built' : 'sources'))";
  return spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
}

if (which() !== 'built') {
  console.log('out/main/cli.js is missing or older than src/: building it first (npm run build)');
  run([path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn']);
}
const from = which();
if (from !== 'built') console.log('note: a source changed during the build, so keel runs from the sources (tsx) below');

const dataDir = tempDir('keel-bench-cli-');
const file = path.join(dataDir, 'keel.db');
// The first command creates the database (the demo household), the second takes the day's backup; neither is start-up.
for (let i = 0; i < 2; i++) run([KEEL, '--data-dir', dataDir, 'holdings']);

const floorCode = `const db = require('better-sqlite3')(${JSON.stringify(file)}); db.pragma('user_version'); db.close();`;
const floor: number[] = [];
const info: number[] = [];
const holdings: number[] = [];
run(['-e', floorCode]);
run([KEEL, '--data-dir', dataDir, 'info']);
for (let i = 0; i < RUNS; i++) {
  floor.push(run(['-e', floorCode]));
  info.push(run([KEEL, '--data-dir', dataDir, 'info']));
  holdings.push(run([KEEL, '--data-dir', dataDir, 'holdings']));
}
console.log(`keel from ${from === 'built' ? 'out/main/cli.js' : 'the sources'}; ${RUNS} runs each, interleaved; floor: node loading better-sqlite3 and opening keel.db`);
report('keel info start-up', info, floor, GOAL);
report('keel holdings start-up', holdings, floor, GOAL);
