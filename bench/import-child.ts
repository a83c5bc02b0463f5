// One measured run in a fresh process (so peak memory is this run's alone): `ours` imports the file through
// Keel's pipeline; `floor` is the least any importer must do — papaparse streaming plus a prepared insert of the
// same rows in one transaction. Prints one JSON line: { ms, peakMiB, rows, loopP99Ms, loopMaxMs } — the last two
// are the event loop's delay during the run (how long the thread that would serve the UI was blocked at once).
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { openDatabase } from '../src/main/core/db/open.ts';
import { processFile } from '../src/main/core/import/pipeline.ts';

const [mode, file, dir] = process.argv.slice(2) as [string, string, string];

function peakMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function ours(): Promise<number> {
  const { db, path: dbPath } = openDatabase({ dataDir: dir });
  db.close();
  const parseIn = process.env.KEEL_PARSE_IN as 'auto' | 'worker' | 'thread' | undefined;
  const view = await processFile({ name: path.basename(file), path: file }, { dbPath, dryRun: false, ...(parseIn ? { parseIn } : {}) });
  if (view.status !== 'imported') throw new Error(JSON.stringify(view.errors));
  return view.transactionCount;
}

async function floor(): Promise<number> {
  const db = new Database(path.join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (date TEXT, action TEXT, symbol TEXT, description TEXT, quantity TEXT, price TEXT, fees TEXT, amount TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  let rows = 0;
  db.exec('BEGIN');
  await new Promise<void>((resolve, reject) => {
    Papa.parse(fs.createReadStream(file) as unknown as File, {
      step: (r: Papa.ParseStepResult<string[]>) => {
        const c = r.data;
        if (c.length >= 8) {
          insert.run(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
          rows++;
        }
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  db.exec('COMMIT');
  db.close();
  return rows;
}

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const t = process.hrtime.bigint();
const rows = mode === 'ours' ? await ours() : await floor();
const ms = Number(process.hrtime.bigint() - t) / 1e6;
loop.disable();
const loopP99Ms = loop.percentile(99) / 1e6;
const loopMaxMs = loop.max / 1e6;
console.log(JSON.stringify({ ms, peakMiB: peakMiB(), rows, loopP99Ms, loopMaxMs }));
