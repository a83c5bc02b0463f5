// Fixtures for the tests of restore racing imports and of writers taking turns (src/main/core/db/restore-race*.test.ts,
// lock.test.ts): Schwab positions and history files, a live keel.db and a big backup, and how a race is judged.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databasePath } from '../../src/main/core/paths.ts';
import { openDatabase } from '../../src/main/core/db/open.ts';
import { tempDir } from './tmp.ts';
import type { CliResult } from './warm-cli.ts';

/** A Schwab positions export of one account (made up). */
export function positionsCsv(account: string): string {
  const q = (cells: (string | number)[]) => cells.map((c) => `"${c}"`).join(',') + ',';
  return [
    `"Positions for account Individual ${account} as of 07:49 PM ET, 2026/07/16"`,
    '',
    q(['Symbol', 'Description', 'Qty (Quantity)', 'Price', 'Price Chng $ (Price Change $)', 'Price Chng % (Price Change %)', 'Mkt Val (Market Value)', 'Day Chng $ (Day Change $)', 'Day Chng % (Day Change %)', 'Cost Basis', 'Gain $ (Gain/Loss $)', 'Gain % (Gain/Loss %)', 'Ratings', 'Reinvest?', 'Reinvest Capital Gains?', '% of Acct (% of Account)', 'Asset Type']),
    q(['VTI', 'VANGUARD TOTAL STOCK', 10, '250.00', '+0.10', '+0.1%', '$2,500.00', '$0.00', '0%', '$2,000.00', '$500.00', '25%', '--', 'No', 'N/A', '100%', 'ETFs & Closed End Funds']),
    q(['Positions Total', '', '--', '--', '--', '--', '$2,500.00', '$0.00', '0%', '--', '--', '--', '--', '--', '--', '--', '--']),
  ].join('\n') + '\n';
}

/** A Schwab history export with n buys; `tag` makes its content (hence its sha256) unique. */
export function historyCsv(n: number, tag: string): string {
  const lines = ['"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"'];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    const qty = 1 + (i % 9);
    const price = 100 + (i % 500);
    total += qty * price;
    lines.push(`"03/${String(day).padStart(2, '0')}/2026","Buy","VTI","VANGUARD TOTAL STOCK ${tag}","${qty}","$${price}.00","","-$${qty * price}.00"`);
  }
  lines.push(`"Transactions Total","","","","","","","-$${total}.00"`);
  return lines.join('\n') + '\n';
}

/** A healthy keel.db (the live one each race starts from) and a backup of `megabytes` to restore. */
export function raceFixtures(megabytes: number): { live: string; big: string; csv: string } {
  const root = tempDir('keel-race-');
  const liveDir = path.join(root, 'live');
  openDatabase({ dataDir: liveDir }).db.close();
  const bigDir = path.join(root, 'big');
  const { db } = openDatabase({ dataDir: bigDir });
  // Settings no Keel code reads: only there to make the copy take a while.
  db.prepare(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO settings (key, value) SELECT 'pad-' || i, hex(randomblob(2048)) FROM n",
  ).run(megabytes * 256);
  db.close();
  const big = path.join(root, 'keel-20260101-000000-manual.db');
  fs.renameSync(databasePath(bigDir), big);
  const csv = path.join(root, 'Positions.csv');
  fs.writeFileSync(csv, positionsCsv('XXXX-1234'));
  return { live: databasePath(liveDir), big, csv };
}

/** Batches named `fileName` in a database file. */
export function batchesIn(file: string, fileName: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM import_batches WHERE file_name = ?').get(fileName) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Resolves once a file starting with `prefix` appears in `dir`, or `stop` settles first (then false). */
export async function appears(dir: string, prefix: string, stop: Promise<unknown>): Promise<boolean> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  while (!stopped) {
    if (fs.readdirSync(dir).some((n) => n.startsWith(prefix))) return true;
    await new Promise((r) => setImmediate(r));
  }
  return false;
}

/** What a race broke, or null when it held. */
export function judge(dataDir: string, restore: CliResult, imp: CliResult): string | null {
  if (restore.code !== 0) return `restore failed: ${restore.err}`;
  const live = batchesIn(databasePath(dataDir), 'Positions.csv');
  if (imp.code === 0) {
    if (!/imported/i.test(imp.out)) return `import exit 0 without "imported": ${imp.out}`;
    if (live !== 1) {
      const replaced = fs.readdirSync(dataDir).filter((n) => /^keel\.db\.replaced-[^-]*-\d+$|^keel\.db\.replaced-\d{8}-\d{6}$/.test(n));
      const lost = replaced.reduce((n, r) => n + batchesIn(path.join(dataDir, r), 'Positions.csv'), 0);
      return `import said "imported" (exit 0) but its batch is not in the live keel.db (${lost} in ${replaced.join(', ')})`;
    }
    return null;
  }
  if (imp.err.trim() === '') return `import exit ${imp.code} without a message`;
  if (live !== 0) return `import failed (${imp.err}) yet wrote its batch`;
  return null;
}
