// Plans and the prices store: the demo's prices never value real holdings (the plan's total is the dashboard's),
// preferred buys without a price are listed in missingPrices, and prices entered with the request are bought at.
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from '../../../../tests/support/tmp.ts';
import { openTestCore, ok } from '../../../../tests/support/core.ts';
import { householdSummary } from '../household/summary.ts';
import { schwabPositions } from '../import/__tests__/helpers.ts';
import { processFile } from '../import/pipeline.ts';
import type { Core } from '../index.ts';
import { dec, sum } from '../money.ts';

const IWM_ROW = '"IWM","ISHARES RUSSELL 2000 ETF","12","218.45","+1.20","+0.55%","$2,621.40"';
const OPTION_ROW = '"XLI 08/21/2026 140.00 C","CALL INDUSTRIAL SELECT $140 EXP 08/21/26","1","2.15","+0.05","+2.38%","$215.00"';

async function importPositions(core: Core, text: string): Promise<void> {
  const view = await processFile({ name: 'p.csv', path: tempFile('p.csv', text) }, { dbPath: core.opened.path, dryRun: false });
  expect(view.status).toBe('imported');
}

const realTotal = (core: Core) => sum(householdSummary(core.db).accounts.filter((a) => !a.isDemo).map((a) => dec(a.total))).toFixed(2);

describe('the demo household\'s prices are the demo\'s alone', () => {
  it('a real XLF position with the demo loaded: the plan values it at its own $637.49, and its total is the dashboard\'s', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' }); // the demo, as of 2026-11-27, holds XLF at $53.18
    // A real account holding XLF at $637.49 on 2026-07-16: older than the demo's price, and still its own.
    await importPositions(core, schwabPositions().replace(IWM_ROW, '"XLF","FINANCIAL SELECT SECTOR SPDR","12","637.49","+1.20","+0.55%","$7,649.88"').replace('"$6,487.38"', '"$11,515.86"'));
    const summary = householdSummary(core.db);
    expect(summary.hasDemo).toBe(true);
    const real = summary.accounts.find((a) => !a.isDemo)!;
    expect(real.positions.find((p) => p.symbol === 'XLF')).toMatchObject({ price: '637.49', marketValue: '7649.88' });
    expect(real.total).toBe('11515.86');

    const view = await ok(core.api.planHousehold({ mode: 'full', asOf: '2026-12-01' }));
    expect(view.accounts.map((a) => a.name)).toEqual([real.name]);
    expect(view.warnings[0]).toMatch(/^The demo household is left out/);
    expect(view.plan.value).toBe(realTotal(core));
    expect(view.plan.value).toBe('11515.86');
    const xlf = view.plan.trades.find((t) => t.symbol === 'XLF');
    if (xlf) expect(xlf.price).toBe('637.49');
  });

  it('the demo alone is planned at its own prices (its total is the dashboard\'s), even with a real price entered', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    await ok(core.api.setPrice({ symbol: 'XLF', price: '60', asOf: '2026-12-01' }));
    expect(householdSummary(core.db).total).toBe('312974.55');
    // The Prices list shows real prices only: the demo's illustrative ones are not among them.
    expect((await ok(core.api.listPrices({}))).prices.map((p) => [p.symbol, p.price, p.source])).toEqual([['XLF', '60', 'manual']]);
    const view = await ok(core.api.planHousehold({ mode: 'full', asOf: '2026-12-01' }));
    expect(view.plan.value).toBe('312974.55');
    for (const t of view.plan.trades.filter((x) => x.symbol === 'XLF')) expect(t.price).toBe('53.18');
  });
});

describe('missing prices', () => {
  // A household holding only QQQ and BND (the e2e's), against the 2026 Rotation preset.
  const qqqAndBnd = () =>
    schwabPositions()
      .replace(`${IWM_ROW},"+$14.40","+0.55%","$2,400.00","$221.40","9.23%","--","No","N/A","40.41%","ETFs & Closed End Funds",\n`, '')
      .replace(OPTION_ROW, '"BND","VANGUARD TOTAL BOND MARKET ETF","40","72.50","+0.05","+0.07%","$2,900.00"')
      .replace('"$6,487.38"', '"$6,550.98"');

  it('preferred buys without a price are listed, for the page before planning and in the plan; prices entered inline are saved and bought at', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    await importPositions(core, qqqAndBnd());
    expect(householdSummary(core.db).accounts.flatMap((a) => a.positions.map((p) => p.symbol)).sort()).toEqual(['BND', 'QQQ']);

    const expected = [
      { symbol: 'IWM', reason: 'a preferred buy for Small-cap' },
      { symbol: 'XLI', reason: 'a preferred buy for Cyclicals' },
      { symbol: 'XLF', reason: 'a preferred buy for Cyclicals' },
      { symbol: 'VTV', reason: 'a preferred buy for Value' },
    ];
    expect(await ok(core.api.getMissingPrices({}))).toEqual({ missingPrices: expected });
    expect(await ok(core.api.getMissingPrices({ symbols: ['QQQ', 'rsp'] }))).toEqual({ missingPrices: [...expected, { symbol: 'RSP', reason: 'pinned' }] });
    const without = await ok(core.api.planHousehold({ mode: 'full', asOf: '2026-12-01' }));
    expect(without.missingPrices).toEqual(expected);
    expect(without.plan.trades.filter((t) => expected.some((m) => m.symbol === t.symbol))).toEqual([]);

    const view = await ok(core.api.planHousehold({ mode: 'full', asOf: '2026-12-01', prices: { IWM: '240', xli: '150.25', XLF: '52', VTV: '185.5' } }));
    expect(view.missingPrices).toBeUndefined();
    const buys = Object.fromEntries(view.plan.trades.filter((t) => t.side === 'buy').map((t) => [t.symbol, t.price]));
    expect(buys).toMatchObject({ IWM: '240', VTV: '185.5' });
    expect(Object.keys(buys).some((s) => s === 'XLI' || s === 'XLF')).toBe(true);
    // Each planned security's price date (the inline ones are today's).
    expect(view.priceDates).toMatchObject({ QQQ: '2026-07-16', BND: '2026-07-16', IWM: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const listed = (await ok(core.api.listPrices({}))).prices.filter((p) => p.source === 'manual').map((p) => [p.symbol, p.price]);
    expect(listed).toEqual([['IWM', '240'], ['VTV', '185.5'], ['XLF', '52'], ['XLI', '150.25']]);
    expect(await ok(core.api.getMissingPrices({}))).toEqual({ missingPrices: [] });

    // A pinned buy of a symbol without a price is listed too, and left out of the plan.
    const pinned = await ok(core.api.planHousehold({ mode: 'pinned', asOf: '2026-12-01', pinned: [{ account: '...920', symbol: 'rsp', side: 'buy', amount: '1000' }] }));
    expect(pinned.missingPrices).toEqual([{ symbol: 'RSP', reason: 'pinned' }]);
    expect(pinned.plan.trades.some((t) => t.symbol === 'RSP')).toBe(false);
  });

  it('startPlan saves inline prices too, and a bad inline price is refused before anything is saved', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    await importPositions(core, qqqAndBnd());
    const bad = await core.api.planHousehold({ mode: 'full', prices: { IWM: '240', XLI: '0' } });
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION');
    expect((await ok(core.api.listPrices({}))).prices.map((p) => p.symbol)).toEqual(['BND', 'QQQ']);
    const { jobId } = await ok(core.api.startPlan({ mode: 'full', asOf: '2026-12-01', prices: { IWM: '240' } }));
    for (let i = 0; i < 400; i++) {
      const job = await ok(core.api.getPlanJob({ jobId }));
      if (job.state !== 'running') {
        expect(job.state).toBe('done');
        expect(job.result?.missingPrices?.map((m) => m.symbol)).toEqual(['XLI', 'XLF', 'VTV']);
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await ok(core.api.listPrices({}))).prices.map((p) => p.symbol)).toEqual(['BND', 'IWM', 'QQQ']);
  });
});
