// The stored household as a planner input, the planHousehold operation and `keel plan` without --input.
import { describe, expect, it } from 'vitest';
import type { HouseholdPlanView } from '../../../shared/contract.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { openTestCore, ok } from '../../../../tests/support/core.ts';
import type { Core } from '../index.ts';
import { csvCell, formatPlan, planCsv } from '../../cli/format.ts';
import { dec, sum, toMicro } from '../money.ts';
import { upsertSecurity } from '../household/securities.ts';
import { planInputFromHousehold, resolveAccount, toHouseholdPlanView } from './household.ts';
import path from 'node:path';
import { processFile } from '../import/pipeline.ts';
import { runCli as run } from '../../../../tests/support/run-cli.ts';

// The demo household (src/main/core/demo/data.ts): 1 = Demo Taxable Brokerage ...4821, 2 = Demo Traditional IRA
// ...7703, 3 = Demo Roth IRA ...3319, all in USD, no lots imported.
describe('planInputFromHousehold', () => {
  it('builds the planner input from the demo household and the active 2026 Rotation model', () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const built = planInputFromHousehold(core.db, { mode: 'full', asOf: '2026-11-29' });
    const { input, warnings, accounts } = built;
    expect(warnings).toEqual([]);
    expect(accounts).toEqual([
      { id: '1', name: 'Demo Taxable Brokerage', numberMasked: '...4821', taxTreatment: 'taxable' },
      { id: '2', name: 'Demo Traditional IRA', numberMasked: '...7703', taxTreatment: 'tax-deferred' },
      { id: '3', name: 'Demo Roth IRA', numberMasked: '...3319', taxTreatment: 'tax-free' },
    ]);
    expect(built.model).toBe('2026 Rotation');
    expect(built.mode).toBe('full');
    expect(built.names?.IWM).toMatch(/Russell 2000/);
    expect(built.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(input.accounts).toEqual([
      { id: '1', taxTreatment: 'taxable', cash: '2340.55', cashReserve: '0', fractional: false },
      { id: '2', taxTreatment: 'tax-deferred', cash: '1205.10', cashReserve: '0', fractional: false },
      { id: '3', taxTreatment: 'tax-free', cash: '415.00', cashReserve: '0', fractional: false },
    ]);
    const sec = Object.fromEntries(input.securities.map((s) => [s.symbol, s]));
    expect(input.securities).toHaveLength(18);
    expect(sec.IWM).toEqual({ symbol: 'IWM', price: '248.12', sleeves: { 'Small-cap': '100' } });
    expect(sec.RSP?.sleeves).toEqual({ Value: '50', 'Large-cap growth': '50' });
    expect(sec.SWVXX?.sleeves).toEqual({ Cash: '100' });
    expect(sec.BND?.sleeves).toEqual({ Bonds: '100' });
    expect(input.positions).toHaveLength(20);
    expect(input.positions).toContainEqual({ account: '3', symbol: 'QQQ', quantity: '20' });
    expect(input.buyable).toBeUndefined();
    expect(input.model).toEqual({
      targets: { 'Small-cap': '30', Cyclicals: '20', Value: '20', 'Large-cap growth': '30' },
      bands: {
        'Small-cap': { absolutePp: '5', relativePct: '25' },
        Cyclicals: { absolutePp: '5', relativePct: '25' },
        Value: { absolutePp: '5', relativePct: '25' },
        'Large-cap growth': { absolutePp: '5', relativePct: '25' },
      },
      bandRule: 'either',
    });
    expect(input.options).toEqual({ mode: 'full', cashFlows: {}, minTrade: '0', pinned: [], asOf: '2026-11-29' });
  });

  it('lots, menus, preferred buys with and without a price, unclassified holdings and foreign accounts', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const db = core.db;
    // An older snapshot of the Roth held VBR: Keel knows a price for it though nothing holds it now.
    const vbr = upsertSecurity(db, { symbol: 'VBR', name: 'Vanguard Small-Cap Value ETF', assetType: 'etf' });
    const snap = db.prepare("INSERT INTO snapshots (account_id, as_of, cash_micro, created_at) VALUES (3, '2026-01-02', 0, '2026-01-02T00:00:00Z')").run().lastInsertRowid;
    db.prepare('INSERT INTO positions (snapshot_id, security_id, quantity_micro, price_micro, price_date, market_value_micro, cost_basis_micro, is_cash) VALUES (?, ?, ?, ?, ?, ?, NULL, 0)').run(
      snap, vbr, toMicro('10'), toMicro('201.5'), '2026-01-02', toMicro('2015'),
    );
    await ok(core.api.saveModel({ name: 'Mine', bandRule: 'wider', targets: [{ sleeve: 'Small-cap', targetPct: '50' }, { sleeve: 'Value', targetPct: '50' }], preferred: { 'Small-cap': ['VBR', 'XYZQ'] } }));
    await ok(core.api.setAccountMenu({ accountId: 2, symbols: ['VTV', 'IWM', 'NOPRICE'] }));
    db.prepare("UPDATE securities SET symbol = 'ZZQX', name = 'Mystery Holdings Corp', asset_type = 'stock' WHERE symbol = 'LEN'").run();
    // Lots for the taxable account's QQQ (85 shares).
    const qqq = (db.prepare("SELECT id FROM securities WHERE symbol = 'QQQ'").get() as { id: number }).id;
    insertLots(db, qqq);
    const { input, warnings } = planInputFromHousehold(db, { model: 'mine', mode: 'full' });
    expect(input.model.targets).toEqual({ 'Small-cap': '50', Value: '50' });
    expect(input.model.bandRule).toBe('wider');
    const sec = Object.fromEntries(input.securities.map((s) => [s.symbol, s]));
    expect(sec.VBR).toMatchObject({ price: '201.5', sleeves: { 'Small-cap': '100' } });
    expect(sec.XYZQ).toBeUndefined();
    expect(sec.NOPRICE).toBeUndefined();
    expect(sec.ZZQX?.sleeves).toEqual({});
    expect(input.buyable).toEqual({ '2': ['IWM', 'VTV'] });
    expect(warnings).toEqual([
      expect.stringMatching(/^ZZQX is in no sleeve \(.*\): the planner counts it as Other$/),
      'XYZQ (a preferred buy for Small-cap) is left out: Keel has no price for it',
      "NOPRICE (on Demo Traditional IRA's menu) is left out: Keel has no price for it",
    ]);
    expect(input.positions.find((p) => p.account === '1' && p.symbol === 'QQQ')?.lots).toEqual([
      { acquired: '2024-03-01', quantity: '60', costPerShare: '350' },
      { acquired: '2026-06-01', quantity: '25', costPerShare: '420.3332' },
    ]);

    // A menu of nothing Keel can price: refused, never read as "buy anything".
    await ok(core.api.setAccountMenu({ accountId: 3, symbols: ['NOPRICE'] }));
    expect(() => planInputFromHousehold(db, { mode: 'full' })).toThrow("Demo Roth IRA may buy only NOPRICE, and Keel has no price for any of them");
    await ok(core.api.setAccountMenu({ accountId: 3, symbols: [] }));

    db.prepare("UPDATE accounts SET currency = 'CAD' WHERE id = 3").run();
    const foreign = planInputFromHousehold(db, { mode: 'invest' });
    expect(foreign.input.accounts.map((a) => a.id)).toEqual(['1', '2']);
    expect(foreign.warnings[0]).toBe('Demo Roth IRA (CAD) is left out: only accounts in USD, the base currency, are planned for now');
    expect(() => planInputFromHousehold(db, { mode: 'invest', cashFlows: { 'Demo Roth IRA': '100' } })).toThrow(/not in USD/);
  });

  it('resolves --cash accounts by id, masked number or name, and refuses unknown or ambiguous ones', () => {
    const accounts = [
      { id: 1, name: 'Joint', numberMasked: '...4821' },
      { id: 2, name: 'IRA', numberMasked: '...7703' },
      { id: 3, name: 'ira', numberMasked: '' },
    ];
    expect(resolveAccount(accounts, '1').id).toBe(1);
    expect(resolveAccount(accounts, '...7703').id).toBe(2);
    expect(resolveAccount(accounts, '7703').id).toBe(2);
    expect(resolveAccount(accounts, ' joint ').id).toBe(1);
    expect(() => resolveAccount(accounts, 'IRA')).toThrow(/names more than one account/);
    expect(() => resolveAccount(accounts, 'Savings')).toThrow('There is no account "Savings". Accounts: 1 (Joint ...4821), 2 (IRA ...7703), 3 (ira ).');
  });
});

/** A lot-details import for the taxable account's QQQ (85 shares). */
function insertLots(db: Core['db'], qqq: number): void {
  const batch = db
    .prepare(
      "INSERT INTO import_batches (file_name, sha256, broker, layout, kind, as_of, counts, warnings, imported_at) VALUES ('lots.csv', 'x', 'schwab', 'lots', 'lots', '2026-11-27', '{}', '[]', '2026-11-27T00:00:00Z')",
    )
    .run().lastInsertRowid;
  const ins = db.prepare('INSERT INTO lots (batch_id, account_id, security_id, acquired, quantity_micro, cost_basis_micro) VALUES (?, 1, ?, ?, ?, ?)');
  ins.run(batch, qqq, '2024-03-01', toMicro('60'), toMicro('21000'));
  ins.run(batch, qqq, '2026-06-01', toMicro('25'), toMicro('10508.33'));
}

describe('planHousehold', () => {
  it('full mode on the demo household against 2026 Rotation: Small-cap and Value bought, Large-cap growth sold, cash stays in each account', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const v = await ok(core.api.planHousehold({ mode: 'full', asOf: '2026-11-29', timeLimitMs: 1000 }));
    const p = v.plan;
    // D before = |39,699.20 − 93,892.37| + |71,572.80 − 62,594.91| + |43,310.20 − 62,594.91| + |119,695.70 − 93,892.37|
    //          + Bonds 22,236 + Cash 16,460.65 = 146,952.02 (of 2V = 625,949.10) → 0.234773
    expect(p.drift.before).toBe('0.234773');
    expect(dec(p.drift.after).lessThan('0.001')).toBe(true);
    expect(v.accounts.map((a) => a.id)).toEqual(['1', '2', '3']);
    const held = new Map<string, string>();
    const summary = await ok(core.api.getHouseholdSummary({}));
    for (const a of summary.accounts) for (const pos of a.positions) held.set(`${a.id}:${pos.symbol}`, pos.quantity);
    // Each account: sells at most what it holds; its cash plus sales pays for its buys, to the cent reported.
    for (const a of summary.accounts) {
      const mine = p.trades.filter((t) => t.account === String(a.id));
      for (const t of mine) {
        if (t.side === 'sell') expect(dec(t.quantity).lessThanOrEqualTo(held.get(`${a.id}:${t.symbol}`) ?? '0'), `${t.symbol} in ${a.name}`).toBe(true);
        expect(dec(t.quantity).isInteger()).toBe(true);
        expect(dec(t.price).times(t.quantity).equals(t.amount)).toBe(true);
      }
      const cash = dec(a.cash).plus(sum(mine.filter((t) => t.side === 'sell').map((t) => dec(t.amount)))).minus(sum(mine.filter((t) => t.side === 'buy').map((t) => dec(t.amount))));
      expect(cash.isNegative()).toBe(false);
      expect(cash.toFixed()).toBe(dec(p.leftoverCash[String(a.id)] ?? 'x').toFixed());
    }
    // Net per sleeve (RSP is half Value, half Large-cap growth).
    const sleeveOf: Record<string, [string, number][]> = {
      IWM: [['Small-cap', 1]], VTV: [['Value', 1]], RSP: [['Value', 0.5], ['Large-cap growth', 0.5]], QQQ: [['Large-cap growth', 1]],
      AAPL: [['Large-cap growth', 1]], NVDA: [['Large-cap growth', 1]],
    };
    const net = new Map<string, number>();
    for (const t of p.trades) {
      for (const [s, w] of sleeveOf[t.symbol] ?? []) net.set(s, (net.get(s) ?? 0) + (t.side === 'buy' ? 1 : -1) * Number(t.amount) * w);
    }
    // Targets after: Small-cap 93,892.37 (+54,193), Value 62,594.91 (+19,285), Large-cap growth 93,892.37 (−25,803).
    expect(net.get('Small-cap')).toBeGreaterThan(54_193 - 300);
    expect(net.get('Value')).toBeGreaterThan(19_285 - 300);
    expect(net.get('Large-cap growth')).toBeLessThan(-25_803 + 300);
    expect(p.trades).toContainEqual(expect.objectContaining({ account: '2', symbol: 'BND', side: 'sell', quantity: '300' }));
  });

  it('invest mode with cash added to one account buys only there: 29 VTV in the Roth', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const v = await ok(core.api.planHousehold({ mode: 'invest', cash: [{ account: '...3319', amount: '5000' }], asOf: '2026-11-29' }));
    // 5,415 to spend: Small-cap and Value are both under target, so any dollar in either lowers D alike; 29 VTV
    // (5,405.60) spends more than 21 IWM (5,210.52) would.
    expect(v.plan.trades.map((t) => [t.account, t.side, t.quantity, t.symbol, t.amount])).toEqual([['3', 'buy', '29', 'VTV', '5405.6']]);
    expect(v.plan).toMatchObject({ optimal: true, gap: '0', leftoverCash: { '1': '2340.55', '2': '1205.1', '3': '9.4' } });
    expect(v.plan.trades[0]?.why).toBe('Buy: Value 13.62% → 15.32% of the household (target 20%)');
    // Without named cash, idle cash anywhere is invested.
    const idle = await ok(core.api.planHousehold({ mode: 'invest', asOf: '2026-11-29' }));
    expect(new Set(idle.plan.trades.map((t) => t.account)).size).toBeGreaterThan(1);
    expect(idle.plan.trades.every((t) => t.side === 'buy')).toBe(true);
  });

  it('refuses an unknown account, a bad amount, an unknown model and malformed payloads', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli' });
    expect(await core.api.planHousehold({ mode: 'invest', cash: [{ account: 'Savings', amount: '5' }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/^There is no account "Savings"\. Accounts: 1 \(Demo Taxable Brokerage \.\.\.4821\)/) },
    });
    expect(await core.dispatch('planHousehold', { mode: 'invest', cash: [{ account: '1', amount: '5k' }] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.dispatch('planHousehold', { mode: 'sideways' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.dispatch('planHousehold', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.api.planHousehold({ mode: 'full', model: 'Nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A withdrawal in invest mode is the planner's input error, passed on as VALIDATION with its message.
    expect(await core.api.planHousehold({ mode: 'invest', cash: [{ account: '1', amount: '-5' }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('invest mode takes contributions only') },
    });
  });
});

describe('keel plan (the stored household)', () => {
  it('--json prints the plan in the --input format; text lists trades per account; --csv a trade list', async () => {
    const dir = tempDir();
    const json = await run(['--data-dir', dir, 'plan', '--mode', 'invest', '--cash', 'Demo Roth IRA=5000', '--json']);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.out);
    expect(Object.keys(plan)).toEqual(['trades', 'drift', 'objective', 'optimal', 'gap', 'leftoverCash', 'warnings', 'value', 'sleeves', 'accounts', 'tax', 'elapsedMs']);
    expect(plan.trades).toEqual([expect.objectContaining({ account: '3', symbol: 'VTV', side: 'buy', quantity: '29', price: '186.4', amount: '5405.6' })]);

    const text = await run(['--data-dir', dir, 'plan', '--mode', 'invest', '--cash', '3=2500', '--cash', '...3319=2500']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Demo Roth IRA\n  buy          29 VTV      @      $186.40 ≈      $5,405.60  Buy: Value');
    expect(text.out).toMatch(/^Drift 23\.89% → 22\.19% \(proven optimal\)/);
    expect(text.out).toContain('Demo Taxable Brokerage\n  no trades\n  leftover cash $2,340.55');

    const csv = await run(['--data-dir', dir, 'plan', '--mode', 'invest', '--cash', '3=5000', '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.out).toBe('account,symbol,side,quantity,price,amount,why\r\nDemo Roth IRA ...3319,VTV,buy,29,186.4,5405.60,Buy: Value 13.62% → 15.32% of the household (target 20%)\r');
  });

  it('an unknown --cash account is a clear error; bad flags are usage errors', async () => {
    const dir = tempDir();
    const r = await run(['--data-dir', dir, 'plan', '--mode', 'invest', '--cash', 'Savings=100']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^keel: VALIDATION: There is no account "Savings"\. Accounts: 1 \(Demo Taxable Brokerage \.\.\.4821\), 2 \(Demo Traditional IRA \.\.\.7703\), 3 \(Demo Roth IRA \.\.\.3319\)\.$/);
    expect((await run(['--data-dir', dir, 'plan', '--cash', 'Savings'])).code).toBe(2);
    expect((await run(['--data-dir', dir, 'plan', '--mode', 'sideways'])).code).toBe(2);
    expect((await run(['--data-dir', dir, 'plan', '--json', '--csv'])).code).toBe(2);
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses formulas, but numbers stay numbers', () => {
    expect(csvCell('VTV')).toBe('VTV');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    for (const c of ['+1+1', '-cmd', '@SUM(A1)', '\tx', '\rx', '\0x']) expect(csvCell(c).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('-1234.5')).toBe('-1234.5');
    expect(csvCell('5405.6')).toBe('5405.6');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });

  it('a trade list with a hostile symbol and why, and a negative amount', () => {
    const view: HouseholdPlanView = {
      plan: {
        trades: [
          { account: '1', symbol: '=cmd', side: 'sell', quantity: '2', price: '10', amount: '-20', lots: [], gain: { short: '0.00', long: '0.00' }, why: '=1+1, "quoted"' },
        ],
        drift: { before: '0.1', after: '0' },
        objective: '0',
        optimal: true,
        gap: '0',
        leftoverCash: { '1': '20' },
        warnings: [],
      },
      warnings: [],
      accounts: [{ id: '1', name: 'Joint, "main"' }],
    };
    expect(formatPlan({ ...view, plan: { ...view.plan, minCash: { total: '1500', perAccount: { '1': '1500' } } } }, 'USD').split('\n').slice(0, 4)).toEqual([
      'Drift 10.00% → 0.00% (proven optimal)',
      'Smallest contribution: $1,500.00 (Joint, "main" $1,500.00)',
      '',
      'Joint, "main"',
    ]);
    expect(planCsv(view)).toBe('account,symbol,side,quantity,price,amount,why\r\n"Joint, ""main""",\'=cmd,sell,2,10,-20.00,"\'=1+1, ""quoted"""\r\n');
  });
});

describe('short positions', () => {
  it('a written call is left out with a warning, and the rest of the household is planned', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const file = path.join(import.meta.dirname, '../../../../tests/fixtures/brokers/fidelity/Portfolio_Positions_Apr-12-2026.csv');
    await processFile({ name: path.basename(file), path: file }, { dbPath: core.opened.path, dryRun: false, now: () => new Date('2026-11-29T12:00:00Z') });
    const v = await ok(core.api.planHousehold({ mode: 'full', asOf: '2026-11-29', timeLimitMs: 500 }));
    expect(v.warnings).toContainEqual(expect.stringMatching(/^-1 -XLI260515C145 in .* is left out: short positions are not rebalanced/));
    expect(v.plan.trades.some((t) => t.symbol === '-XLI260515C145')).toBe(false);
    expect(v.plan.trades.length).toBeGreaterThan(0);
  });
});

describe('warnings name accounts as the user knows them', () => {
  it("the planner's account ids become names; other text is left alone", () => {
    const built = {
      input: { accounts: [], securities: [], positions: [], model: { targets: {} } },
      warnings: ['left out before planning'],
      accounts: [
        { id: '1', name: 'Joint brokerage' },
        { id: '12', name: 'Roth IRA' },
      ],
    } as unknown as Parameters<typeof toHouseholdPlanView>[0];
    const plan = { trades: [], drift: { before: '0', after: '0' }, objective: '0', optimal: true, gap: '0', leftoverCash: {}, warnings: [
      'account 1 has no lot records for KRE, NVDA: the gains of those sales are not estimated',
      '12: cash -250 is below its reserve; the plan spends none of it',
      'account 3 is not one of ours',
    ] };
    expect(toHouseholdPlanView(built, plan).warnings).toEqual([
      'left out before planning',
      'Joint brokerage has no lot records for KRE, NVDA: the gains of those sales are not estimated',
      'Roth IRA: cash -250 is below its reserve; the plan spends none of it',
      'account 3 is not one of ours',
    ]);
  });
});
