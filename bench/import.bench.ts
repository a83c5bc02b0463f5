// bench/import: a generated 1,000,000-row Schwab history imported through Keel's pipeline, against the raw floor
// (papaparse streaming + a prepared insert of the same rows) measured in the same run. Each run is its own
// process so peak memory is its own. Goal: ratio ≤ 1.3 (must ≤ 2.0); peak memory ≤ 300 MiB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSchwabHistory } from './history-file.ts';
import { median } from './support.ts';

const ROWS = Number(process.env.KEEL_BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.KEEL_BENCH_RUNS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-import-'));
const file = path.join(dir, `Individual_XXX178_Transactions_${ROWS}.csv`);
generateSchwabHistory(file, ROWS);
console.log(`generated ${ROWS.toLocaleString('en-US')} rows, ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB`);

function measure(mode: 'ours' | 'floor') {
  const runDir = fs.mkdtempSync(path.join(dir, `${mode}-`));
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'import-child.ts'), mode, file, runDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  fs.rmSync(runDir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${mode} run failed`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as {
    ms: number;
    peakMiB: number;
    rows: number;
    loopP99Ms: number;
    loopMaxMs: number;
  };
}

const ours: number[] = [];
const floor: number[] = [];
let peak = 0;
let floorPeak = 0;
let loopP99 = 0;
let loopMax = 0;
for (let i = 0; i < RUNS; i++) {
  const f = measure('floor');
  const o = measure('ours');
  // the floor also inserts the header and the total row
  if (o.rows !== ROWS || f.rows - 2 !== ROWS) throw new Error(`row counts differ: ours ${o.rows}, floor ${f.rows}, expected ${ROWS}`);
  floor.push(f.ms);
  ours.push(o.ms);
  peak = Math.max(peak, o.peakMiB);
  floorPeak = Math.max(floorPeak, f.peakMiB);
  loopP99 = Math.max(loopP99, o.loopP99Ms);
  loopMax = Math.max(loopMax, o.loopMaxMs);
}
const ratio = median(ours) / median(floor);
console.log(
  `import ${ROWS.toLocaleString('en-US')} rows: ours p50 ${(median(ours) / 1000).toFixed(2)} s, floor p50 ${(median(floor) / 1000).toFixed(2)} s, ` +
    `ratio ${ratio.toFixed(2)} (goal ≤ 1.3, must ≤ 2.0)${ratio <= 2 ? '' : '  ← OVER THE LIMIT'}`,
);
console.log(`peak memory: ours ${peak.toFixed(0)} MiB (must ≤ 300)${peak <= 300 ? '' : '  ← OVER THE LIMIT'}, floor ${floorPeak.toFixed(0)} MiB`);
console.log(
  `event loop during ours (the thread that would serve the UI): p99 delay ${loopP99.toFixed(0)} ms, ` +
    `max ${loopMax.toFixed(0)} ms (goal max < 200)${loopMax < 200 ? '' : '  ← OVER THE GOAL'}`,
);
fs.rmSync(dir, { recursive: true, force: true });
