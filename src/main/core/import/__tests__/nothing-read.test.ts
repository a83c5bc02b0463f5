// Issue 12, item 8: a file of which not one data row could be read fails with the reason and writes nothing —
// unlike a file that holds only cash, or a history whose rows were all imported before (nothing new).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from '../../../../../tests/support/tmp.ts';
import { main, type Io } from '../../../cli/main.ts';
import type { Core } from '../../index.ts';
import { processFile } from '../pipeline.ts';
import { dump, emptyCores } from './cores.ts';
import { OWN, schwabPositions } from './helpers.ts';

const HISTORY = path.join(OWN, 'schwab/Individual_XXX178_Transactions_20260309-115444.csv');

const emptyCore = emptyCores();

function importFile(c: Core, file: string) {
  return processFile({ name: path.basename(file), path: file }, { dbPath: c.opened.path, dryRun: false });
}

/** The Schwab positions file with a header a million columns wide: every data row is "too narrow". */
const millionColumns = () => schwabPositions().replace('"Asset Type",', '"Asset Type",' + 'x,'.repeat(1_000_000));

describe('a file with nothing readable', () => {
  it('a header a million columns wide: every row skipped → failed with the reason, no batch', async () => {
    const c = emptyCore();
    const before = dump(c.db);
    const view = await importFile(c, tempFile('wide.csv', millionColumns()));
    expect(view.status).toBe('failed');
    expect(view.batchId).toBeNull();
    expect(view.errors).toEqual([
      {
        line: 4,
        column: 1,
        code: 'NO_DATA',
        message: 'none of the 4 data rows could be read, so nothing was imported (line 4: skipped a row with 18 of 1000017 columns: "IWM,ISHARES RUSSELL 2000 ETF,12,218.45,+1.20,+0.55%,$2,621.4")',
      },
    ]);
    expect(dump(c.db)).toBe(before);
  });

  it('keel import exits 1 and prints the reason', async () => {
    const dir = tempDir();
    const out: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => out.push(l), env: {}, untilStopped: async () => {} };
    expect(await main(['--data-dir', dir, 'demo', '--clear'], io)).toBe(0);
    const code = await main(['--data-dir', dir, 'import', tempFile('wide.csv', millionColumns())], io);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('wide.csv: FAILED — nothing written');
    expect(out.join('\n')).toContain('error (line 4, column 1): none of the 4 data rows could be read');
    out.length = 0;
    expect(await main(['--data-dir', dir, 'summary', '--json'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ accounts: [] });
  });

  it('a column-mapped style file whose rows are all too short fails the same way', async () => {
    const c = emptyCore();
    const text = 'Symbol,Description,Quantity,Price,Market Value,Cost Basis,Security Type\nIWM,x\nQQQ,y\n';
    const view = await importFile(c, tempFile('short.csv', text));
    expect(view).toMatchObject({ status: 'failed', batchId: null });
    expect(view.errors[0]).toMatchObject({ line: 2, code: 'NO_DATA' });
    expect(view.errors[0]!.message).toMatch(/^none of the 2 data rows could be read/);
  });

  it('not this case: a positions file holding only cash imports', async () => {
    const c = emptyCore();
    const text = schwabPositions().split('\n').filter((l) => !/^"(IWM|QQQ|XLI)/.test(l)).join('\n').replace('"$6,487.38"', '"$1,857.93"');
    const view = await importFile(c, tempFile('cash.csv', text));
    expect(view.status).toBe('imported');
    expect(view.accounts[0]).toMatchObject({ cash: '1857.93', total: '1857.93', reconciled: true });
  });

  it('not this case: a history whose rows were all imported before imports as nothing new', async () => {
    const c = emptyCore();
    const first = await importFile(c, HISTORY);
    expect(first.status).toBe('imported');
    // The same history saved again (one more blank line, so another hash): every row is a duplicate.
    const again = await importFile(c, tempFile(path.basename(HISTORY), fs.readFileSync(HISTORY, 'utf8') + '\n'));
    expect(again.status).toBe('imported');
    expect(again.duplicateCount).toBe(first.transactionCount);
    expect(again.errors).toEqual([]);
  });
});
