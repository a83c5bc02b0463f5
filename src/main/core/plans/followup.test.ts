// The follow-up of an executed plan: each trade done, partly done or not done per the newer import.
import { describe, expect, it } from 'vitest';
import type { HouseholdPlanView, PlanTradeView } from '../../../shared/contract.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { openTestCore, unwrap } from '../../../../tests/support/core.ts';
import { toMicro } from '../money.ts';
import type { PlanInputJson } from '../rebalance/types.ts';
import { compareTrades, holdingsOfInput } from './followup.ts';
import { markExecuted, recordPlan } from './store.ts';

const trade = (account: string, side: 'buy' | 'sell', quantity: string, symbol: string): PlanTradeView => ({
  account,
  symbol,
  side,
  quantity,
  price: '1',
  amount: quantity,
  lots: [],
  gain: { short: '0.00', long: '0.00' },
  why: '',
});

describe('compareTrades (pure)', () => {
  it('done, partly done, not done and no import, with exact decimals', () => {
    const trades = [
      trade('1', 'sell', '90', 'AAPL'),
      trade('1', 'buy', '50', 'VTV'),
      trade('1', 'sell', '10', 'QQQ'),
      trade('1', 'buy', '10.5', 'XYZ'),
      trade('1', 'buy', '3', 'NEW'),
      trade('3', 'buy', '5', 'IWM'),
    ];
    const before = holdingsOfInput([
      { account: '1', symbol: 'AAPL', quantity: '90' },
      { account: '1', symbol: 'QQQ', quantity: '85' },
      { account: '1', symbol: 'XYZ', quantity: '2.25' },
      { account: '3', symbol: 'IWM', quantity: '40' },
    ]);
    const now = { '1': { VTV: '20', QQQ: '85', XYZ: '7.5', NEW: '4' } }; // AAPL sold out: absent
    expect(compareTrades(trades, before, now)).toEqual([
      { account: '1', symbol: 'AAPL', side: 'sell', quantity: '90', before: '90', expected: '0', now: '0', remaining: '0', status: 'done' },
      { account: '1', symbol: 'VTV', side: 'buy', quantity: '50', before: '0', expected: '50', now: '20', remaining: '30', status: 'partly' },
      { account: '1', symbol: 'QQQ', side: 'sell', quantity: '10', before: '85', expected: '75', now: '85', remaining: '10', status: 'not-done' },
      { account: '1', symbol: 'XYZ', side: 'buy', quantity: '10.5', before: '2.25', expected: '12.75', now: '7.5', remaining: '5.25', status: 'partly' },
      // More than planned counts as done.
      { account: '1', symbol: 'NEW', side: 'buy', quantity: '3', before: '0', expected: '3', now: '4', remaining: '0', status: 'done' },
      { account: '3', symbol: 'IWM', side: 'buy', quantity: '5', before: '40', expected: '45', now: null, remaining: null, status: 'no-import' },
    ]);
  });

  it('a buy moving the wrong way (fewer shares than before) is not done', () => {
    const [r] = compareTrades([trade('1', 'buy', '5', 'VTV')], { '1': { VTV: '10' } }, { '1': { VTV: '8' } });
    expect(r).toMatchObject({ status: 'not-done', remaining: '5' });
  });
});

describe('getPlanFollowUp (database)', () => {
  it('waits for a newer import, then compares the imported positions of the accounts that have one', async () => {
    const c = openTestCore({ dataDir: tempDir(), door: 'cli' });
    const { db } = c;
    // The demo: account 1 holds 90 AAPL and 85 QQQ, account 3 holds 40 IWM.
    const input: PlanInputJson = {
      accounts: [
        { id: '1', taxTreatment: 'taxable', cash: '0' },
        { id: '3', taxTreatment: 'tax-free', cash: '0' },
      ],
      securities: [],
      positions: [
        { account: '1', symbol: 'AAPL', quantity: '90' },
        { account: '1', symbol: 'QQQ', quantity: '85' },
        { account: '3', symbol: 'IWM', quantity: '40' },
      ],
      model: { targets: {} },
      options: { asOf: '2026-11-29' },
    };
    const view: HouseholdPlanView = {
      plan: {
        trades: [trade('1', 'sell', '90', 'AAPL'), trade('1', 'buy', '50', 'VTV'), trade('1', 'sell', '10', 'QQQ'), trade('3', 'buy', '5', 'IWM')],
        drift: { before: '0.1', after: '0' },
        objective: '0',
        optimal: true,
        gap: '0',
        leftoverCash: {},
        warnings: [],
      },
      warnings: [],
      accounts: [
        { id: '1', name: 'Demo Taxable Brokerage' },
        { id: '3', name: 'Demo Roth IRA' },
      ],
    };
    const id = recordPlan(db, { request: { mode: 'full' }, input, view });
    expect(unwrap(await c.api.getPlanFollowUp({ id }))).toMatchObject({ state: 'not-executed', trades: [] });

    markExecuted(db, id, new Date('2026-11-30T09:00:00Z'));
    const waiting = unwrap(await c.api.getPlanFollowUp({ id }));
    expect(waiting.state).toBe('waiting-for-import');
    expect(waiting.counts).toEqual({ done: 0, partly: 0, notDone: 0, noImport: 4 });

    // A positions import for account 1 after the plan was executed: AAPL gone, 20 VTV, QQQ unchanged.
    const batch = db
      .prepare("INSERT INTO import_batches (file_name, sha256, broker, layout, kind, as_of, counts, warnings, imported_at) VALUES ('p.csv', 'h', 'schwab', 'x', 'positions', '2026-12-01', '{}', '[]', '2026-12-01T08:00:00.000Z')")
      .run().lastInsertRowid;
    const snap = db
      .prepare("INSERT INTO snapshots (account_id, as_of, cash_micro, created_at, batch_id) VALUES (1, '2026-12-01', 0, '2026-12-01T08:00:00Z', ?)")
      .run(batch).lastInsertRowid;
    const sec = (symbol: string) => (db.prepare('SELECT id FROM securities WHERE symbol = ?').get(symbol) as { id: number }).id;
    const pos = db.prepare('INSERT INTO positions (snapshot_id, security_id, quantity_micro, price_micro, market_value_micro) VALUES (?, ?, ?, 0, 0)');
    pos.run(snap, sec('VTV'), toMicro('20'));
    pos.run(snap, sec('QQQ'), toMicro('85'));

    const f = unwrap(await c.api.getPlanFollowUp({ id }));
    expect(f.state).toBe('compared');
    expect(f.executedAt).toBe('2026-11-30T09:00:00.000Z');
    expect(f.accounts).toEqual([
      { id: '1', name: 'Demo Taxable Brokerage', importedAt: '2026-12-01T08:00:00.000Z', asOf: '2026-12-01' },
      { id: '3', name: 'Demo Roth IRA', importedAt: null, asOf: null },
    ]);
    expect(f.trades.map((t) => [t.symbol, t.status, t.now, t.remaining])).toEqual([
      ['AAPL', 'done', '0', '0'],
      ['VTV', 'partly', '20', '30'],
      ['QQQ', 'not-done', '85', '10'],
      ['IWM', 'no-import', null, null],
    ]);
    expect(f.counts).toEqual({ done: 1, partly: 1, notDone: 1, noImport: 1 });
  });
});
