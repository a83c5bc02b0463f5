// Criterion 11: a child imports broker files in a loop (tests/support/kill-child.ts) and is SIGKILLed at a random
// moment, 52 times over 4 data folders in parallel. After every kill the database is reopened the way the app
// opens it and must hold: integrity_check ok, foreign_key_check empty, every batch the child acknowledged
// (DONE, printed after COMMIT) present with all its rows, and no batch half-present; and checkDatabase (read-only,
// before the reopen recovers the WAL) calls it ok. Random only in timing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { checkDatabase } from './health.ts';
import { openDatabase, type Db } from './open.ts';
import { databasePath } from '../paths.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CHILD = path.join(ROOT, 'tests/support/kill-child.ts');
const LANES = 4;
const RUNS_PER_LANE = 13;

interface RunResult {
  done: Map<number, number>;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Spawns the child, waits for READY, kills it 20–400 ms later; resolves with what it acknowledged. */
function runOnce(dataDir: string, seed: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(seed)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const done = new Map<number, number>();
    let buffer = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000); // never hang the suite
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.stdout.on('data', (d: string) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'READY' && !timer) timer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.floor(Math.random() * 381));
        const m = /^DONE (\d+) (\d+)$/.exec(line);
        if (m) done.set(Number(m[1]), Number(m[2]));
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      resolve({ done, signal, code, stderr });
    });
  });
}

function verify(db: Db, acknowledged: Map<number, number>): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  const batches = db
    .prepare(
      `SELECT b.id, b.kind, b.counts,
              (SELECT COUNT(*) FROM positions p JOIN snapshots s ON s.id = p.snapshot_id WHERE s.batch_id = b.id) AS positions,
              (SELECT COUNT(*) FROM snapshots s WHERE s.batch_id = b.id) AS snapshots,
              (SELECT COUNT(*) FROM transactions t WHERE t.batch_id = b.id) AS transactions
       FROM import_batches b`,
    )
    .all() as { id: number; kind: string; counts: string; positions: number; snapshots: number; transactions: number }[];
  const byId = new Map(batches.map((b) => [b.id, b]));
  // Every acknowledged batch is there with all its rows.
  for (const [id, rows] of acknowledged) {
    const b = byId.get(id);
    expect(b, `batch ${id} acknowledged but missing`).toBeDefined();
    expect(b!.kind === 'positions' ? b!.positions : b!.transactions, `batch ${id} rows`).toBe(rows);
  }
  // No batch is half-present: each one's rows match the counts it recorded when it finished (in the same
  // transaction), a positions batch has its snapshot, and nothing hangs outside a batch.
  for (const b of batches) {
    const counts = JSON.parse(b.counts) as { positions?: number; transactions?: number };
    expect(counts.positions, `batch ${b.id} finished`).toBeTypeOf('number');
    expect(b.positions, `batch ${b.id} positions`).toBe(counts.positions);
    expect(b.transactions, `batch ${b.id} transactions`).toBe(counts.transactions);
    expect(b.snapshots, `batch ${b.id} snapshots`).toBe(b.kind === 'positions' ? 1 : 0);
  }
  const orphans = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM snapshots WHERE batch_id IS NULL)
            + (SELECT COUNT(*) FROM positions WHERE snapshot_id NOT IN (SELECT id FROM snapshots))
            + (SELECT COUNT(*) FROM transactions WHERE batch_id NOT IN (SELECT id FROM import_batches))
            + (SELECT COUNT(*) FROM accounts WHERE created_by_batch IS NULL)`,
    )
    .pluck()
    .get();
  expect(orphans).toBe(0);
}

async function lane(lane: number): Promise<{ kills: number; acknowledged: number; batches: number }> {
  const dataDir = tempDir(`keel-kill-${lane}-`);
  const acknowledged = new Map<number, number>();
  let kills = 0;
  for (let run = 0; run < RUNS_PER_LANE; run++) {
    const r = await runOnce(dataDir, lane * 1000 + run + 1);
    expect(r.signal, `child exited by itself (code ${r.code}): ${r.stderr}`).toBe('SIGKILL');
    kills++;
    for (const [id, rows] of r.done) acknowledged.set(id, rows);
    // The startup check must not mistake a killed database (hot WAL, stale -shm) for a damaged one.
    if (fs.existsSync(databasePath(dataDir))) expect(checkDatabase(databasePath(dataDir)).state).toBe('ok');
    const { db } = openDatabase({ dataDir });
    try {
      verify(db, acknowledged);
    } finally {
      db.close();
    }
  }
  const { db } = openDatabase({ dataDir });
  const batches = db.prepare('SELECT COUNT(*) FROM import_batches').pluck().get() as number;
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { kills, acknowledged: acknowledged.size, batches };
}

describe('kill test', () => {
  it(`SIGKILL at random moments (${LANES * RUNS_PER_LANE} runs): nothing acknowledged is lost, nothing is half-written`, { timeout: 120_000 }, async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    const kills = results.reduce((a, r) => a + r.kills, 0);
    expect(kills).toBeGreaterThanOrEqual(50);
    expect(results.reduce((a, r) => a + r.acknowledged, 0)).toBeGreaterThan(0);
    console.log(
      `kill test: ${kills} kills, ${results.reduce((a, r) => a + r.acknowledged, 0)} acknowledged batches, ` +
        `${results.reduce((a, r) => a + r.batches, 0)} batches on disk, ${Date.now() - started} ms`,
    );
  });
});
