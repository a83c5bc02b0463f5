// Criterion 11: a child imports broker files and saves plans in a loop (tests/support/kill-child.ts) and is
// SIGKILLed at a random moment, 52 times over 4 data folders in parallel. After every kill the database is reopened
// the way the app opens it and must hold: integrity_check ok, foreign_key_check empty, every batch the child
// acknowledged (DONE, printed after COMMIT) present with all its rows, and no batch half-present; every plan the
// child acknowledged (PLAN, printed after its transaction) present byte for byte, unless the store's own pruning
// removed it (at least MAX_DRAFTS newer drafts exist), and every plan row whole; and checkDatabase (read-only,
// before the reopen recovers the WAL) calls it ok. Random only in timing.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { checkDatabase } from './health.ts';
import { openDatabase, type Db } from './open.ts';
import { databasePath } from '../paths.ts';
import { MAX_DRAFTS } from '../plans/store.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CHILD = path.join(ROOT, 'tests/support/kill-child.ts');
const LANES = 4;
const RUNS_PER_LANE = 13;

interface RunResult {
  done: Map<number, number>;
  /** Plan id → sha256 of its stored request, input and result. */
  plans: Map<number, string>;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Spawns the child, waits for READY, kills it 20–400 ms later; resolves with what it acknowledged. */
function runOnce(dataDir: string, seed: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(seed)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const done = new Map<number, number>();
    const plans = new Map<number, string>();
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
        const p = /^PLAN (\d+) ([0-9a-f]{64})$/.exec(line);
        if (p) plans.set(Number(p[1]), p[2] as string);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      resolve({ done, plans, signal, code, stderr });
    });
  });
}

function verifyPlans(db: Db, acknowledged: Map<number, string>): void {
  const rows = db.prepare('SELECT id, name, status, request, input, result FROM plans ORDER BY id').all() as {
    id: number;
    name: string | null;
    status: string;
    request: string;
    input: string;
    result: string;
  }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const drafts = rows.filter((r) => r.status === 'draft' && r.name === null).map((r) => r.id);
  // The pruning runs in the same transaction as the insert: never more than MAX_DRAFTS drafts.
  expect(drafts.length).toBeLessThanOrEqual(MAX_DRAFTS);
  for (const [id, hash] of acknowledged) {
    const row = byId.get(id);
    if (row) {
      expect(createHash('sha256').update([row.request, row.input, row.result].join('\n')).digest('hex'), `plan ${id} as stored`).toBe(hash);
    } else {
      // Gone only because MAX_DRAFTS newer drafts pushed it out.
      expect(drafts.filter((d) => d > id).length, `plan ${id} acknowledged but missing`).toBeGreaterThanOrEqual(MAX_DRAFTS);
    }
  }
  // No plan is half-written: every row's three documents parse, and the result holds its trades.
  for (const r of rows) {
    JSON.parse(r.request);
    JSON.parse(r.input);
    const view = JSON.parse(r.result) as { plan: { trades: unknown[] }; warnings: string[] };
    expect(view.plan.trades.length, `plan ${r.id} trades`).toBeGreaterThan(0);
  }
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

async function lane(lane: number): Promise<{ kills: number; acknowledged: number; batches: number; plans: number; pruned: number }> {
  const dataDir = tempDir(`keel-kill-${lane}-`);
  const acknowledged = new Map<number, number>();
  const plans = new Map<number, string>();
  let kills = 0;
  for (let run = 0; run < RUNS_PER_LANE; run++) {
    const r = await runOnce(dataDir, lane * 1000 + run + 1);
    expect(r.signal, `child exited by itself (code ${r.code}): ${r.stderr}`).toBe('SIGKILL');
    kills++;
    for (const [id, rows] of r.done) acknowledged.set(id, rows);
    for (const [id, hash] of r.plans) plans.set(id, hash);
    // The startup check must not mistake a killed database (hot WAL, stale -shm) for a damaged one.
    if (fs.existsSync(databasePath(dataDir))) expect(checkDatabase(databasePath(dataDir)).state).toBe('ok');
    const { db } = openDatabase({ dataDir });
    try {
      verify(db, acknowledged);
      verifyPlans(db, plans);
    } finally {
      db.close();
    }
  }
  const { db } = openDatabase({ dataDir });
  const batches = db.prepare('SELECT COUNT(*) FROM import_batches').pluck().get() as number;
  const pruned = [...plans.keys()].filter((id) => db.prepare('SELECT 1 FROM plans WHERE id = ?').get(id) === undefined).length;
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { kills, acknowledged: acknowledged.size, batches, plans: plans.size, pruned };
}

describe('kill test', () => {
  it(`SIGKILL at random moments (${LANES * RUNS_PER_LANE} runs): nothing acknowledged is lost, nothing is half-written`, { timeout: 600_000 }, async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    const kills = results.reduce((a, r) => a + r.kills, 0);
    expect(kills).toBeGreaterThanOrEqual(50);
    expect(results.reduce((a, r) => a + r.acknowledged, 0)).toBeGreaterThan(0);
    expect(results.reduce((a, r) => a + r.plans, 0)).toBeGreaterThan(0);
    console.log(
      `kill test: ${kills} kills, ${results.reduce((a, r) => a + r.acknowledged, 0)} acknowledged batches, ` +
        `${results.reduce((a, r) => a + r.plans, 0)} acknowledged plans (${results.reduce((a, r) => a + r.pruned, 0)} since pruned as old drafts), ` +
        `${results.reduce((a, r) => a + r.batches, 0)} batches on disk, ${Date.now() - started} ms`,
    );
  });
});
