import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, sum } from '../money.ts';
import { GICS_SECTORS, SIZE_BUCKETS, loadReference } from './reference.ts';
import {
  CYCLICALS_SETTINGS,
  DEFAULT_SLEEVES,
  checkSleeveWeights,
  classify,
  isClassified,
  sleeveForSector,
  sleevesForSector,
  type Classification,
  type CyclicalsSetting,
  type Overrides,
} from './rules.ts';

const ref = loadReference();
const none: Overrides = new Map();

function sleevesOf(c: Classification): Record<string, string> {
  if (!isClassified(c)) throw new Error(`unclassified: ${c.reason}`);
  return c.sleeves;
}

describe('classify from the reference data', () => {
  it('IWM is all Small-cap', () => {
    const c = classify({ symbol: 'IWM', assetType: 'etf', name: 'iShares Russell 2000 ETF' }, ref, none, 'gics');
    expect(c).toEqual({ sleeves: { 'Small-cap': '100' }, source: 'reference', basis: 'Tracks the Russell 2000 Index (US small caps)' });
  });

  it('XLI is Cyclicals under GICS and Value under Morningstar', () => {
    const xli = { symbol: 'XLI', assetType: 'etf', name: 'Industrial Select Sector SPDR Fund' };
    const gics = classify(xli, ref, none, 'gics');
    expect(sleevesOf(gics)).toEqual({ Cyclicals: '100' });
    expect(gics).toMatchObject({ source: 'reference', basis: expect.stringContaining('Industrials is cyclical under the GICS Cyclicals setting') });
    const ms = classify(xli, ref, none, 'morningstar');
    expect(sleevesOf(ms)).toEqual({ Value: '100' });
    expect(ms).toMatchObject({ basis: expect.stringContaining('not cyclical under the Morningstar Cyclicals setting') });
  });

  it('SPY is split 50/50 between Large-cap growth and Value', () => {
    expect(sleevesOf(classify({ symbol: 'SPY' }, ref, none))).toEqual({ 'Large-cap growth': '50', Value: '50' });
  });

  it("SPAXX** (Fidelity's core position) is Cash through the reference data", () => {
    const c = classify({ symbol: 'SPAXX**', assetType: 'money-market', name: 'HELD IN MONEY MARKET' }, ref, none);
    expect(c).toMatchObject({ sleeves: { Cash: '100' }, source: 'reference' });
  });

  it('matches symbols case-insensitively', () => {
    expect(classify({ symbol: 'iwm' }, ref, none)).toMatchObject({ sleeves: { 'Small-cap': '100' }, source: 'reference' });
    expect(classify({ symbol: 'brk/b' }, ref, none)).toMatchObject({ sleeves: { Cyclicals: '100' }, source: 'reference' });
  });

  it('a total-world fund is split US and International by weight', () => {
    expect(sleevesOf(classify({ symbol: 'VT' }, ref, none))).toEqual({ 'Large-cap growth': '27', Value: '27', 'Small-cap': '6', International: '40' });
  });

  it('the demo household is fully classified, as expected under both settings', () => {
    const gics: Record<string, string> = {
      IWM: 'Small-cap', QQQ: 'Large-cap growth', XLI: 'Cyclicals', XLB: 'Cyclicals', XLF: 'Cyclicals', KRE: 'Cyclicals',
      VTV: 'Value', AAPL: 'Large-cap growth', NVDA: 'Large-cap growth', TSLA: 'Cyclicals', CAT: 'Cyclicals', NUE: 'Cyclicals',
      DE: 'Cyclicals', LEN: 'Cyclicals', FCX: 'Cyclicals', BND: 'Bonds', SWVXX: 'Cash',
    };
    const morningstar = { ...gics, XLI: 'Value', CAT: 'Value', DE: 'Value' };
    for (const [setting, expected] of [['gics', gics], ['morningstar', morningstar]] as const) {
      for (const [symbol, sleeve] of Object.entries(expected)) {
        expect(sleevesOf(classify({ symbol }, ref, none, setting)), `${symbol} ${setting}`).toEqual({ [sleeve]: '100' });
      }
      expect(sleevesOf(classify({ symbol: 'RSP' }, ref, none, setting))).toEqual({ 'Large-cap growth': '50', Value: '50' });
    }
  });
});

describe('the user override comes first', () => {
  it('beats the reference data', () => {
    const overrides: Overrides = new Map([['IWM', { Value: '60', Cyclicals: 40 }]]);
    expect(classify({ symbol: 'IWM' }, ref, overrides)).toEqual({ sleeves: { Value: '60', Cyclicals: '40' }, source: 'override', basis: 'Your classification' });
  });

  it('matches the override key like any symbol', () => {
    const overrides: Overrides = new Map([['spaxx**', { Bonds: '100' }]]);
    expect(classify({ symbol: 'SPAXX' }, ref, overrides)).toMatchObject({ sleeves: { Bonds: '100' }, source: 'override' });
  });

  it('classifies what nothing else covers, in user-defined sleeves', () => {
    const overrides: Overrides = new Map([['ZZZQ', { 'My AI basket': '100' }]]);
    expect(classify({ symbol: 'ZZZQ', assetType: 'stock' }, ref, overrides)).toMatchObject({ sleeves: { 'My AI basket': '100' }, source: 'override' });
  });

  it('an invalid override leaves the security unclassified with the reason, never half-counted', () => {
    const overrides: Overrides = new Map([['IWM', { Value: '60', Cyclicals: '39' }]]);
    expect(classify({ symbol: 'IWM' }, ref, overrides)).toEqual({ unclassified: true, reason: 'Your classification of IWM is invalid: weights sum to 99, not 100 (1 short)' });
  });
});

describe('rules for securities not in the reference data', () => {
  it('an unknown "XYZ Treasury Bond Fund" is Bonds by rule', () => {
    expect(classify({ symbol: 'XYZTX', assetType: 'mutual-fund', name: 'XYZ Treasury Bond Fund' }, ref, none)).toEqual({
      sleeves: { Bonds: '100' },
      source: 'rule',
      basis: 'Bond fund (by its name)',
    });
  });

  it('bonds by asset type and by the words fund names use', () => {
    expect(classify({ symbol: '912828XYZ', assetType: 'bond', name: 'US TREASURY NOTE 4.25% 2030' }, ref, none)).toMatchObject({ sleeves: { Bonds: '100' }, source: 'rule' });
    for (const name of ['Acme Municipal Income Fund', 'Acme Fixed Income Fund', 'Acme Aggregate Index Fund', 'Acme Bond Index', 'Acme Inflation-Protected Securities']) {
      expect(sleevesOf(classify({ symbol: 'ACMEX', assetType: 'mutual-fund', name }, ref, none)), name).toEqual({ Bonds: '100' });
    }
  });

  it('money-market and sweep funds are Cash: by asset type, by a ** suffix, by name', () => {
    expect(classify({ symbol: 'ABCXX', assetType: 'money-market', name: 'Acme Prime Fund' }, ref, none)).toMatchObject({ sleeves: { Cash: '100' }, source: 'rule' });
    expect(classify({ symbol: 'QRSTX**', assetType: 'other', name: '' }, ref, none)).toMatchObject({ sleeves: { Cash: '100' }, source: 'rule', basis: expect.stringContaining('Fidelity core position') });
    for (const name of ['Acme Government Money Fund', 'Acme Treasury Money Market Fund', 'Acme Cash Reserves', 'Acme Bank Deposit Sweep']) {
      expect(sleevesOf(classify({ symbol: 'ABCXX', assetType: 'mutual-fund', name }, ref, none)), name).toEqual({ Cash: '100' });
    }
  });

  it('an unknown stock is unclassified, with the reason', () => {
    expect(classify({ symbol: 'ZZZQ', assetType: 'stock', name: 'Zed Widgets Inc.' }, ref, none)).toEqual({
      unclassified: true,
      reason: "ZZZQ is not in Keel's reference data and no rule covers it (asset type stock); choose its sleeves",
    });
  });

  it('a stock is never reclassified by words in its name', () => {
    expect(isClassified(classify({ symbol: 'ZZZB', assetType: 'stock', name: 'Bond Street Treasury Holdings' }, ref, none))).toBe(false);
    expect(isClassified(classify({ symbol: 'COWZZ', assetType: 'etf', name: 'Acme US Cash Cows 100 ETF' }, ref, none))).toBe(false);
  });
});

describe('the sector rule', () => {
  const sector = fc.constantFrom(...GICS_SECTORS);
  const size = fc.constantFrom(...SIZE_BUCKETS);
  const setting = fc.constantFrom<CyclicalsSetting>(...CYCLICALS_SETTINGS);

  it('for any sector, size and setting gives exactly one sleeve at 100', () => {
    fc.assert(
      fc.property(sector, size, setting, (sec, sz, set) => {
        const s = sleevesForSector(sec, sz, set);
        const entries = Object.entries(s);
        expect(entries).toHaveLength(1);
        expect(entries[0]![1]).toBe('100');
        expect(DEFAULT_SLEEVES).toContain(entries[0]![0]);
        expect(['Small-cap', 'Cyclicals', 'Value', 'Large-cap growth']).toContain(entries[0]![0]);
      }),
    );
  });

  it('small size wins; otherwise the chosen cyclical set, then growth sectors, then Value', () => {
    fc.assert(
      fc.property(sector, setting, (sec, set) => {
        expect(sleeveForSector(sec, 'small', set).sleeve).toBe('Small-cap');
        // Mid and large caps are treated alike.
        expect(sleeveForSector(sec, 'mid', set).sleeve).toBe(sleeveForSector(sec, 'large', set).sleeve);
      }),
    );
    const table: Array<[string, string, string]> = [
      ['Industrials', 'Cyclicals', 'Value'],
      ['Energy', 'Cyclicals', 'Value'],
      ['Materials', 'Cyclicals', 'Cyclicals'],
      ['Financials', 'Cyclicals', 'Cyclicals'],
      ['Real Estate', 'Cyclicals', 'Cyclicals'],
      ['Consumer Discretionary', 'Cyclicals', 'Cyclicals'],
      ['Information Technology', 'Large-cap growth', 'Large-cap growth'],
      ['Communication Services', 'Large-cap growth', 'Large-cap growth'],
      ['Health Care', 'Value', 'Value'],
      ['Consumer Staples', 'Value', 'Value'],
      ['Utilities', 'Value', 'Value'],
    ];
    expect(table.map(([s]) => s).sort()).toEqual([...GICS_SECTORS].sort());
    for (const [sec, gics, morningstar] of table) {
      expect(sleeveForSector(sec as (typeof GICS_SECTORS)[number], 'large', 'gics').sleeve, sec).toBe(gics);
      expect(sleeveForSector(sec as (typeof GICS_SECTORS)[number], 'large', 'morningstar').sleeve, sec).toBe(morningstar);
    }
  });

  it('every reference row classifies to default sleeves summing to exactly 100 under either setting', () => {
    for (const row of ref.rows) {
      for (const set of CYCLICALS_SETTINGS) {
        const c = classify({ symbol: row.symbol, assetType: row.type, name: row.name }, ref, none, set);
        const s = sleevesOf(c);
        expect(sum(Object.values(s).map((w) => dec(w))).toFixed(), row.symbol).toBe('100');
        for (const name of Object.keys(s)) expect(DEFAULT_SLEEVES, row.symbol).toContain(name);
      }
    }
  });
});

describe('checkSleeveWeights', () => {
  it('accepts any split into positive hundredths that sums to 100, exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }), (parts) => {
        const total = parts.reduce((a, b) => a + b, 0);
        // Scale integer parts to hundredths of a percent summing to 10000, then express them as decimal strings.
        const cents = parts.map((p) => Math.max(1, Math.floor((p * 10000) / total)));
        const drift = 10000 - cents.reduce((a, b) => a + b, 0);
        cents[0] = cents[0]! + drift;
        fc.pre(cents[0]! > 0);
        const weights = Object.fromEntries(cents.map((c, i) => [`S${i}`, dec(c).div(100).toFixed()]));
        const r = checkSleeveWeights(weights);
        expect(r.ok).toBe(true);
        const bumped = { ...weights, S0: dec(weights.S0!).plus('0.01').toFixed() };
        expect(checkSleeveWeights(bumped)).toEqual({ ok: false, error: 'weights sum to 100.01, not 100 (0.01 over)' });
      }),
    );
  });

  it('states what is wrong', () => {
    expect(checkSleeveWeights({})).toEqual({ ok: false, error: 'no sleeves given' });
    expect(checkSleeveWeights({ Value: '100', Bonds: '0' })).toEqual({ ok: false, error: 'weight for Bonds must be more than 0 (it is 0)' });
    expect(checkSleeveWeights({ Value: 'lots' })).toEqual({ ok: false, error: 'weight for Value is not a number: "lots"' });
    expect(checkSleeveWeights({ Value: '33.3', Bonds: '33.3', Cash: '33.3' })).toEqual({ ok: false, error: 'weights sum to 99.9, not 100 (0.1 short)' });
    expect(checkSleeveWeights({ Value: ' 050.0 ', Bonds: 50 })).toEqual({ ok: true, sleeves: { Value: '50', Bonds: '50' } });
  });
});
