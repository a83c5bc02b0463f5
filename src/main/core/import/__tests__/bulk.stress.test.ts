// A big history file loads with the (account, date) index built once at the end; the index is always there
// afterwards — after a commit, after a failure, and mid-file when the rows overlap earlier history.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../../tests/support/tmp.ts';
import { openCore, type Core } from '../../index.ts';
import { processFile } from '../pipeline.ts';

let core: Core | undefined;
afterEach(() => core?.close());

const NAME = 'Individual_XXX178_Transactions_20260309-115444.csv';

/** ~70,000 Schwab late-2023 rows (> 4 MiB), one a day from 2020-01-01, buys of IWM. */
function bigHistory(rows: number, lastAmount = '-$100.00'): string {
  const file = path.join(tempDir('keel-bulk-'), NAME);
  const lines = ['"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"'];
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 20) * 86_400_000);
    const date = `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
    lines.push(`"${date}","Buy","IWM","ISHARES RUSSELL 2000 ETF ROW ${i}","1","$100.00","","${i === rows - 1 ? lastAmount : '-$100.00'}"`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function indexExists(c: Core): boolean {
  return !!c.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'transactions_by_account_date'").get();
}

describe('bulk history loads', () => {
  it('commit: every row stored, the index rebuilt; a failing big file rolls the index drop back too', async () => {
    core = openCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const c = core;
    const file = bigHistory(70_000);
    expect(fs.statSync(file).size).toBeGreaterThan(4 << 20);
    const v = await processFile({ name: NAME, path: file }, { dbPath: c.opened.path, dryRun: false });
    expect(v).toMatchObject({ status: 'imported', transactionCount: 70_000 });
    expect(indexExists(c)).toBe(true);
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(70_000);

    const bad = bigHistory(70_001, '-$1OO.00');
    const f = await processFile({ name: NAME, path: bad }, { dbPath: c.opened.path, dryRun: false });
    expect(f.status).toBe('failed');
    expect(indexExists(c)).toBe(true);
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(70_000);
  });

  it('overlapping a big earlier import: the index returns mid-file and duplicates are found', async () => {
    core = openCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const c = core;
    await processFile({ name: NAME, path: bigHistory(70_000) }, { dbPath: c.opened.path, dryRun: false });
    const more = bigHistory(70_020); // the same 70,000 rows, then one more day
    const v = await processFile({ name: NAME, path: more }, { dbPath: c.opened.path, dryRun: false });
    expect(v).toMatchObject({ status: 'imported', duplicateCount: 70_000 });
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(70_020);
    expect(indexExists(c)).toBe(true);
  });
});
