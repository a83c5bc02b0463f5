// A CSV layout Keel does not know: the preview hands back its header; once the user maps the columns, this file
// and every later file with the same header import through that mapping.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../../tests/support/tmp.ts';
import { openCore, type Core } from '../../index.ts';
import { processFile } from '../pipeline.ts';
import { OWN } from './helpers.ts';

const FILE = path.join(OWN, 'custom/credit-union-holdings.csv');
let core: Core | undefined;
afterEach(() => core?.close());

describe('unknown layouts and column maps', () => {
  it('fails with the header first, then imports through the saved mapping', async () => {
    core = openCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const c = core;
    const run = (file: string, dryRun = false) => processFile({ name: path.basename(file), path: file }, { dbPath: c.opened.path, dryRun, asOf: '2026-11-27' });

    const first = await run(FILE, true);
    expect(first.status).toBe('failed');
    expect(first.errors[0]?.code).toBe('UNKNOWN_LAYOUT');
    expect(first.header).toMatchObject({ line: 1, cells: ['Account', 'Ticker', 'Security Name', 'Units', 'Unit Price', 'Holding Value', 'Book Cost'] });

    const saved = await c.api.saveColumnMap({
      signature: first.header?.signature as string,
      map: { account: 'Account', symbol: 'Ticker', description: 'Security Name', quantity: 'Units', price: 'Unit Price', value: 'Holding Value', cost: 'Book Cost' },
    });
    expect(saved.ok).toBe(true);

    const imported = await run(FILE);
    expect(imported).toMatchObject({ status: 'imported', broker: 'custom', layout: `custom-${first.header?.signature}`, asOf: '2026-11-27' });
    expect(imported.accounts[0]).toMatchObject({ name: 'Joint 5521', total: '5773.05', fileTotal: '5773.05', reconciled: true, taxTreatment: 'taxable' });
    const s = await c.api.getHouseholdSummary({});
    expect(s.ok && s.value.accounts[0]?.positions.find((p) => p.symbol === 'IWM')).toMatchObject({ quantity: '15', marketValue: '3276.75', costBasis: '3010.00' });
    expect(s.ok && s.value.accounts[0]?.cash).toBe('412.30');

    // another month's file with the same header maps itself
    const next = path.join(tempDir(), 'credit-union-december.csv');
    fs.writeFileSync(next, fs.readFileSync(FILE, 'utf8').replace(',15,218.45,3276.75', ',16,218.45,3495.20').replace('5773.05', '5991.50'));
    const again = await run(next);
    expect(again).toMatchObject({ status: 'imported', layout: imported.layout });
    expect(again.accounts[0]?.match).not.toBeNull();
  });

  it('refuses a malformed mapping', async () => {
    core = openCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    expect(await core.api.saveColumnMap({ signature: 'not-a-signature', map: { symbol: 'Ticker' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.api.saveColumnMap({ signature: 'a'.repeat(32), map: { ticker: 'x' } as never })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // the rule the import page shows: a market value, or both quantity and price (shared/column-map.ts)
    expect(await core.api.saveColumnMap({ signature: 'a'.repeat(32), map: { symbol: 'Ticker', quantity: 'Units' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
