// Parsing in a worker thread (what big files get) gives exactly what parsing on the database's thread gives:
// the same file view, the same rows in every table, the same errors — for every own fixture, a dry run, a
// failing file and a many-batch history file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../../tests/support/tmp.ts';
import type { Db } from '../../db/open.ts';
import { openCore, type Core } from '../../index.ts';
import { processFile } from '../pipeline.ts';
import { OWN } from './helpers.ts';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

// The tables an import writes (others, seeded with the wall-clock time, would differ between the two databases).
const IMPORT_TABLES = ['accounts', 'import_batches', 'transactions', 'snapshots', 'positions', 'lots', 'securities', 'fx_rates'];

function dump(db: Db): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((t) => IMPORT_TABLES.includes(t));
  return tables.map((t) => `${t}:${JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all(), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`).join('\n');
}

async function both(file: string, opts: { dryRun?: boolean; name?: string } = {}) {
  const out = [];
  for (const parseIn of ['thread', 'worker'] as const) {
    const core = openCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    cores.push(core);
    const view = await processFile(
      { name: opts.name ?? path.basename(file), path: file },
      { dbPath: core.opened.path, dryRun: opts.dryRun ?? false, now: () => new Date('2026-11-29T12:00:00Z'), parseIn },
    );
    out.push({ view, tables: dump(core.db) });
  }
  return out as [{ view: unknown; tables: string }, { view: unknown; tables: string }];
}

const fixtures = fs
  .readdirSync(OWN)
  .filter((b) => b !== 'custom')
  .flatMap((b) => fs.readdirSync(path.join(OWN, b)).map((f) => path.join(OWN, b, f)));

describe('parsing in a worker thread', () => {
  for (const file of fixtures) {
    it(`${path.relative(OWN, file)}: same view and same rows as on this thread`, async () => {
      const [here, worker] = await both(file);
      expect(worker.view).toEqual(here.view);
      expect(worker.tables).toBe(here.tables);
    });
  }

  it('a dry run previews the same', async () => {
    const [here, worker] = await both(path.join(OWN, 'schwab/Individual_XXX178_Transactions_20260309-115444.csv'), { dryRun: true });
    expect(worker.view).toEqual(here.view);
  });

  it('a failing file fails the same way and writes nothing', async () => {
    const src = path.join(OWN, 'schwab/Individual_XXX178_Transactions_20260309-115444.csv');
    const lines = fs.readFileSync(src, 'utf8').split('\n');
    lines[5] = lines[5]!.replace(/\$[\d,.]+/, '$12x.00');
    const bad = path.join(tempDir('keel-bad-'), path.basename(src));
    fs.writeFileSync(bad, lines.join('\n'));
    const [here, worker] = await both(bad);
    expect((here.view as { status: string }).status).toBe('failed');
    expect(worker.view).toEqual(here.view);
    expect(worker.tables).toBe(here.tables);
  });

  it('a history of many batches, with values rounded to 6 places, lands the same', async () => {
    const rows = ['"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"'];
    for (let i = 0; i < 5000; i++) {
      const m = String(1 + (i % 12)).padStart(2, '0');
      rows.push(`"${m}/15/2024","${i % 3 ? 'Buy' : 'Qualified Dividend'}","QQQ","ROW ${i}","${i % 3 ? `1.${i}1234567` : ''}","$1,${String(i % 1000).padStart(3, '0')}.25","","-$${i}.5"`);
    }
    rows.push('"Transactions Total","","","","","","","$0.00"');
    const file = path.join(tempDir('keel-many-'), 'Individual_XXX178_Transactions_many.csv');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const [here, worker] = await both(file);
    expect((here.view as { transactionCount: number }).transactionCount).toBe(5000);
    expect(worker.view).toEqual(here.view);
    expect(worker.tables).toBe(here.tables);
  });
});
