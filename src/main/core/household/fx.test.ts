import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { ok, openTestCore } from '../../../../tests/support/core.ts';
import { processFile } from '../import/pipeline.ts';
import type { Core } from '../index.ts';
import { dec } from '../money.ts';

const OWN = path.resolve(import.meta.dirname, '../../../../tests/fixtures/brokers');

const summary = (c: Core) => ok(c.api.getHouseholdSummary({}));

describe('accounts in other currencies', () => {
  it('are left out of the household total, and named, until a rate is known; then counted at that rate', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const v = await processFile({ name: 'Portfolio.csv', path: path.join(OWN, 'degiro/Portfolio.csv') }, { dbPath: core.opened.path, dryRun: false, asOf: '2026-11-27' });
    expect(v.status).toBe('imported');
    let s = await summary(core);
    const degiro = s.accounts.find((a) => a.currency === 'EUR');
    expect(degiro?.totalInBase).toBeNull();
    expect(s.missingFxRates).toEqual(['EUR']);
    expect(s.total).toBe('312974.55'); // the demo household alone

    expect(await core.api.setFxRate({ currency: 'EUR', rate: '1.25' })).toMatchObject({ ok: true, value: { currency: 'EUR', rate: '1.25', source: 'user' } });
    s = await summary(core);
    const eur = s.accounts.find((a) => a.currency === 'EUR');
    expect(s.missingFxRates).toEqual([]);
    expect(eur?.totalInBase).not.toBeNull();
    // base total = demo + the EUR account's total × 1.25, exactly
    expect(eur?.totalInBase).toBe(dec(eur?.total ?? '0').times('1.25').toFixed(2));
    expect(s.total).toBe(dec('312974.55').plus(eur?.totalInBase ?? '0').toFixed(2));
  });

  it('refuses a rate for the base currency, and malformed rates', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    expect(await core.api.setFxRate({ currency: 'USD', rate: '1.1' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.api.setFxRate({ currency: 'EUR', rate: '0' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.api.setFxRate({ currency: 'eur', rate: '1.1' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('an IBKR statement\'s own rates are kept for later valuation', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const v = await processFile({ name: 'stmt.csv', path: path.join(OWN, 'ibkr/ActivityStatement_U1234567_2026.csv') }, { dbPath: core.opened.path, dryRun: false });
    expect(v.status).toBe('imported');
    const r = await core.api.listFxRates({});
    expect(r.ok && r.value.rates.map((x) => [x.currency, x.source])).toEqual([['EUR', 'stmt.csv']]);
  });
});
