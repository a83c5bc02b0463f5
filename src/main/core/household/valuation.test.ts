// Issue 12, item 7: one valuation rule (quantity × the latest price) for the dashboard, holdings and the planner,
// and a warning when a file's market value contradicts its own quantity × price.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from '../../../../tests/support/tmp.ts';
import { openTestCore } from '../../../../tests/support/core.ts';
import { main, type Io } from '../../cli/main.ts';
import { schwabPositions } from '../import/__tests__/helpers.ts';
import { parseBrokerFile } from '../import/parse.ts';
import { processFile } from '../import/pipeline.ts';
import { dec } from '../money.ts';
import { planInputFromHousehold } from '../rebalance/household.ts';
import { householdSummary } from './summary.ts';
import { valueMicro, withinRounding } from './valuation.ts';


describe('the file contradicts itself', () => {
  it('10 × $100.00 = $999,999,999.00 is warned about with line and both values', async () => {
    const text = schwabPositions().replace('"IWM","ISHARES RUSSELL 2000 ETF","12","218.45","+1.20","+0.55%","$2,621.40"', '"IWM","ISHARES RUSSELL 2000 ETF","10","100.00","+1.20","+0.55%","$999,999,999.00"');
    const r = await parseBrokerFile('bad-value.csv', text);
    expect(r.warnings).toContainEqual({
      line: 4,
      message: 'IWM: quantity × price is 10 × 100.00 = 1000.00, but the file says its market value is 999999999.00; Keel values it at quantity × price',
    });
  });

  it('rows within rounding (a price rounded to cents × 1,234.567 shares; an option per 100 shares) give no warning', async () => {
    const text = schwabPositions()
      .replace('"IWM","ISHARES RUSSELL 2000 ETF","12","218.45","+1.20","+0.55%","$2,621.40"', '"IWM","ISHARES RUSSELL 2000 ETF","1,234.567","10.12","+1.20","+0.55%","$12,498.01"')
      .replace('"$6,487.38"', '"$16,363.99"');
    const r = await parseBrokerFile('rounded.csv', text);
    expect(r.warnings).toEqual([]);
  });

  it('the tolerance: the larger of $1 and 0.5% of the larger value', () => {
    const m = (s: string) => BigInt(dec(s).times(1e6).toFixed(0));
    expect(withinRounding(m('10'), m('11'))).toBe(true);
    expect(withinRounding(m('10'), m('11.01'))).toBe(false);
    expect(withinRounding(m('1000'), m('1005'))).toBe(true); // 0.5% of 1005 = 5.025
    expect(withinRounding(m('1000'), m('1005.03'))).toBe(false);
    expect(valueMicro(m('1234.567'), m('10.12'), { num: 1n, den: 1n })).toBe(m('12493.81804'));
  });
});

describe('one valuation rule: dashboard, holdings and planner agree', () => {
  it('a row whose file value is $2,700.00 for 12 × $218.45 is valued at $2,621.40 everywhere', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' }); // the demo household and its active model…
    expect((await core.api.clearDemo({})).ok).toBe(true); // …without the demo household
    const file = tempFile('Individual-Positions-2026-07-16.csv', schwabPositions().replace('"$2,621.40"', '"$2,700.00"'));
    // The file's own total disagrees with its $2,700.00 by more than 1%: imported as confirmed.
    const view = await processFile({ name: 'Individual-Positions-2026-07-16.csv', path: file }, { dbPath: core.opened.path, dryRun: false, acceptMismatch: true });
    expect(view.status).toBe('imported');
    expect(view.warnings).toContainEqual({ line: 4, message: expect.stringContaining('12 × 218.45 = 2621.40, but the file says its market value is 2700.00') });

    const s = householdSummary(core.db);
    const acct = s.accounts.find((a) => a.name === 'Schwab Individual')!;
    expect(acct.positions.map((p) => [p.symbol, p.quantity, p.price, p.marketValue])).toEqual([
      ['IWM', '12', '218.45', '2621.40'],
      ['QQQ', '3.5', '512.3', '1793.05'],
      // Schwab quotes the option per share; its file value shows the contract's 100 shares.
      ['XLI 08/21/2026 140.00 C', '1', '215', '215.00'],
    ]);
    expect([acct.cash, acct.total, s.total]).toEqual(['1857.93', '6487.38', '6487.38']);

    // The planner: the same quantities at the same prices, and the same cash.
    const built = planInputFromHousehold(core.db, { mode: 'full', asOf: '2026-11-29' });
    const price = new Map(built.input.securities.map((x) => [x.symbol, x.price]));
    const cash = built.input.accounts.reduce((t, a) => t.plus(a.cash), dec(0));
    const plannerTotal = built.input.positions.reduce((t, p) => t.plus(dec(p.quantity).times(price.get(p.symbol)!)), cash);
    expect(plannerTotal.toFixed(2)).toBe('6487.38');
    expect([price.get('IWM'), price.get('XLI 08/21/2026 140.00 C')]).toEqual(['218.45', '215']);

    // The allocation (the dashboard's drift) counts the same total.
    const alloc = await core.api.getAllocation({});
    expect(alloc.ok && alloc.value.total).toBe('6487.38');

    // keel holdings prints the same.
    const out: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => out.push(l), env: {}, untilStopped: async () => {} };
    const dataDir = path.dirname(core.opened.path);
    core.close();
    expect(await main(['--data-dir', dataDir, 'holdings'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/IWM\s+12 ×\s+218.45 =\s+\$2,621.40/);
    expect(out.join('\n')).toContain('Household total: $6,487.38');
  });

  it('the latest price of a security values every holding of it', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const older = tempFile('a.csv', schwabPositions());
    await processFile({ name: 'a.csv', path: older }, { dbPath: core.opened.path, dryRun: false });
    // Another account, a month later, holds IWM at a newer price.
    const newer = schwabPositions()
      .replace('account Individual ...920', 'account Joint ...555')
      .replace('2026/07/16', '2026/08/14')
      .replace('"12","218.45","+1.20","+0.55%","$2,621.40"', '"1","230.00","+1.20","+0.55%","$230.00"')
      .replace('"$6,487.38"', '"$4,095.98"');
    await processFile({ name: 'b.csv', path: tempFile('b.csv', newer) }, { dbPath: core.opened.path, dryRun: false });
    const s = householdSummary(core.db);
    const first = s.accounts.find((a) => a.numberMasked === '...920')!;
    expect(first.positions.find((p) => p.symbol === 'IWM')).toMatchObject({ quantity: '12', price: '230', priceDate: '2026-08-14', marketValue: '2760.00' });
  });
});
