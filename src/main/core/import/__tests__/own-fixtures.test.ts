// Our own made-up holdings in the real layouts (tests/fixtures/brokers): a fresh clone without ../shared still
// exercises every supported positions format and a few history layouts.
import { describe, expect, it } from 'vitest';
import { OWN, d, expectStatementRules, parseFixture, pos, statement, txAt } from './helpers.ts';

const p = (rel: string) => parseFixture(OWN, rel);

describe('own broker fixtures', () => {
  it('Schwab 2026 single-account positions: option row, cash, Positions Total reconciles', async () => {
    const r = await p('schwab/Individual-Positions-2026-07-16.csv');
    expect([r.layout, r.asOf]).toEqual(['schwab-positions-2026', '2026-07-16']);
    const a = r.accounts[0]!;
    expect([a.name, a.number]).toEqual(['Individual', '...920']);
    const iwm = pos(r, 'IWM');
    expect([d(iwm.quantity), d(iwm.price), d(iwm.marketValue), d(iwm.costBasis), iwm.line]).toEqual(['12', '218.45', '2621.4', '2400', 4]);
    expect(pos(r, 'XLI 08/21/2026 140.00 C').assetType).toBe('Option');
    expect([d(a.cash), d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['1857.93', '6487.38', '6487.38', true]);
    // As the statement reads: "Cash & Cash Investments" is the cash, not a position.
    const [s] = statement(r);
    expect(s!.positions.map((x) => x.symbol)).not.toContain('Cash & Cash Investments');
    expect(s!.cashLines.map((x) => [x.symbol, x.marketValue, x.currency])).toEqual([['Cash & Cash Investments', '1857.93', 'USD']]);
    expectStatementRules(r);
  });

  it('Schwab 2024–25 padded title, Price before Qty, empty column, Security Type, CRLF', async () => {
    const r = await p('schwab/Roth-Positions-2025-03-14.csv');
    expect([r.layout, r.asOf]).toEqual(['schwab-positions-2024', '2025-03-14']);
    const vtv = pos(r, 'VTV');
    expect([d(vtv.quantity), d(vtv.price), d(vtv.marketValue), vtv.line]).toEqual(['40', '171.2', '6848', 4]);
    const a = r.accounts[0]!;
    expect([a.name, a.number, d(a.cash), d(a.fileTotal), a.reconciled]).toEqual(['Roth IRA', '...417', '1193.18', '8041.18', true]);
  });

  it('Schwab All-Accounts: one block per account, each reconciled to its Account Total', async () => {
    const r = await p('schwab/All-Accounts-Positions-2020-11-15.csv');
    expect([r.layout, r.asOf]).toEqual(['schwab-positions-2020', '2020-11-15']);
    expect(r.accounts.map((a) => [a.name, a.number, d(a.cash), d(a.total), d(a.fileTotal), a.reconciled])).toEqual([
      ['Brokerage', 'XXXX-1234', '988', '4000', '4000', true],
      ['Roth Contributory IRA', 'XXXX-5678', '92.27', '2500', '2500', true],
    ]);
    expect([d(pos(r, 'QQQ').quantity), d(pos(r, 'QQQ').marketValue), pos(r, 'QQQ').line]).toEqual(['2.25', '652.73', 14]);
  });

  it('Schwab late-2023+ history: account from the file name, "as of" dates, footer total checked', async () => {
    const r = await p('schwab/Individual_XXX178_Transactions_20260309-115444.csv');
    expect(r.layout).toBe('schwab-transactions-2023');
    expect(r.transactions.map((t) => [t.line, t.account, t.date, t.type, d(t.amount)])).toEqual([
      [2, 'XXX178', '2026-03-05', 'buy', '-1382'],
      [3, 'XXX178', '2026-03-06', 'dividend', '41.17'],
      [4, 'XXX178', '2026-03-07', 'sell', '1262.72'],
      [5, 'XXX178', '2026-03-08', 'transfer', '-500'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('Fidelity 2023–mid-2026: two accounts, core cash, option, pending activity, disclaimer footer', async () => {
    const r = await p('fidelity/Portfolio_Positions_Apr-12-2026.csv');
    expect([r.layout, r.asOf]).toEqual(['fidelity-positions-2023', '2026-04-12']);
    const [ind, roth] = r.accounts;
    expect([ind!.number, ind!.name, roth!.number, roth!.name]).toEqual(['Z12345678', 'Individual', 'X87654321', 'ROTH IRA']);
    // The core position SPAXX** is the account's cash; its symbol without Fidelity's marker, the raw text kept.
    const spaxx = pos(r, 'SPAXX');
    expect([spaxx.isCash, spaxx.rawSymbol, spaxx.quantity, d(spaxx.marketValue), spaxx.line]).toEqual([true, 'SPAXX**', null, '1523.44', 2]);
    const [si, sr] = statement(r);
    expect(si!.cashLines.map((x) => [x.symbol, x.rawSymbol, x.marketValue])).toEqual([['SPAXX', 'SPAXX**', '1523.44'], ['Pending Activity', undefined, '-250.00']]);
    expect(si!.positions.map((x) => x.symbol)).toEqual(['XLI', '-XLI260515C145', 'VTV']);
    expect(sr!.cashLines.map((x) => [x.symbol, x.rawSymbol])).toEqual([['FZFXX', 'FZFXX**']]);
    expectStatementRules(r);
    const opt = pos(r, '-XLI260515C145');
    expect([opt.assetType, d(opt.quantity), d(opt.marketValue), d(opt.costBasis)]).toEqual(['Option', '-1', '-110', '-150']);
    expect([d(pos(r, 'VTV').quantity), d(pos(r, 'VTV').costBasis)]).toEqual(['43.125', '6390']);
    // cash = SPAXX 1523.44 + pending −250; total adds XLI, the short call and VTV.
    expect([d(ind!.cash), d(ind!.total), ind!.fileTotal]).toEqual(['1273.44', '12053.19', null]);
    expect([d(roth!.cash), d(roth!.total)]).toEqual(['310.02', '7381.42']);
    expect(r.warnings.find((w) => w.line === 5)?.message).toContain('pending activity');
  });

  it('Fidelity sentence-case (mid-2026 on): BOM, FCASH core, 401(k) fund by CUSIP with empty Type', async () => {
    const r = await p('fidelity/Portfolio_Positions_Jul-20-2026.csv');
    expect([r.layout, r.asOf]).toEqual(['fidelity-positions-2026', '2026-07-20']);
    const a = r.accounts[0]!;
    expect([a.number, a.name, d(a.cash), d(a.total)]).toEqual(['Z55501234', 'Rollover IRA', '88.1', '11722.84']);
    const fund = pos(r, '31617E778');
    expect([d(fund.quantity), d(fund.price), d(fund.marketValue), fund.assetType]).toEqual(['40.118', '22.31', '895.03', '']);
    expect(statement(r)[0]!.cashLines.map((x) => [x.symbol, x.rawSymbol, x.marketValue])).toEqual([['FCASH', 'FCASH**', '88.10']]);
    expectStatementRules(r);
  });

  it('Fidelity Dec-2025 all-accounts history', async () => {
    const r = await p('fidelity/Accounts_History_2026.csv');
    const t = txAt(r, 4);
    expect([t.account, t.type, t.symbol, d(t.quantity), d(t.price), d(t.fees), d(t.amount), t.settleDate]).toEqual(['Z12345678', 'sell', 'VTV', '-5', '172.4', '0.02', '861.98', '2026-03-05']);
    expect([txAt(r, 3).account, txAt(r, 3).type, txAt(r, 3).quantity]).toEqual(['X87654321', 'dividend', null]);
  });

  it('Vanguard OfxDownload: two accounts, the same symbol twice, settlement fund as cash, transactions block', async () => {
    const r = await p('vanguard/OfxDownload.csv');
    expect([r.layout, r.kind]).toEqual(['vanguard-ofx', 'positions']);
    expect(r.accounts.map((a) => [a.number, a.positions.length, d(a.cash), d(a.total)])).toEqual([
      ['11112222', 3, '1204.55', '6807.55'],
      ['33334444', 1, '0', '2082.83'],
    ]);
    expect(r.accounts[0]!.positions.filter((x) => x.symbol === 'VTV').map((x) => d(x.quantity))).toEqual(['30', '2.5']);
    // The settlement fund VMFXX is the account's cash (Vanguard's own definition), not a holding.
    expect(statement(r)[0]!.cashLines.map((x) => [x.symbol, x.marketValue])).toEqual([['VMFXX', '1204.55']]);
    expectStatementRules(r);
    expect([txAt(r, 10).type, d(txAt(r, 10).quantity), d(txAt(r, 10).amount), txAt(r, 10).settleDate]).toEqual(['buy', '2.5', '-431', '2026-05-05']);
    expect([txAt(r, 11).type, d(txAt(r, 11).quantity)]).toEqual(['sell', '-1']);
  });

  it('E*TRADE PortfolioDownload: BOM, zero-width space in a symbol, shifted TOTAL row', async () => {
    const r = await p('etrade/PortfolioDownload.csv');
    expect([r.layout, r.asOf]).toEqual(['etrade-portfolio', '2026-08-20']);
    const a = r.accounts[0]!;
    expect([a.name, a.number, d(a.cash), d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['Brokerage', '-4821', '690', '12000', '12000', true]);
    const iwm = pos(r, 'IWM');
    expect([d(iwm.quantity), d(iwm.price), d(iwm.marketValue), d(iwm.costBasis), iwm.line]).toEqual(['20', '220', '4400', '3800', 12]);
    expect(statement(r)[0]!.cashLines.map((x) => [x.symbol, x.marketValue])).toEqual([['CASH', '690.00']]);
    expectStatementRules(r);
  });

  it('IBKR Activity Statement, multi-currency: Summary rows only, FX to base, cash per currency, reconciled to NAV', async () => {
    const r = await p('ibkr/ActivityStatement_U1234567_2026.csv');
    expect([r.layout, r.kind, r.asOf]).toEqual(['ibkr-activity-statement', 'positions', '2026-06-30']);
    expect(r.fx.map((f) => [f.currency, d(f.rate)])).toEqual([['EUR', '1.085']]);
    const a = r.accounts[0]!;
    expect([a.number, a.currency]).toEqual(['U1234567', 'USD']);
    expect(a.positions.map((x) => [x.symbol, x.currency, d(x.marketValue), x.isCash])).toEqual([
      ['VWCE', 'EUR', '2246.8', false],
      ['IWM', 'USD', '4650', false],
      ['XLF', 'USD', '2283.5', false],
      ['EUR', 'EUR', '460', true],
      ['USD', 'USD', '1000', true],
    ]);
    // 2246.8 EUR × 1.085 + 4650 + 2283.5 + 460 × 1.085 + 1000 = 10870.378; NAV says 10870.38.
    expect([d(a.cash), d(a.total), d(a.fileTotal), d(a.difference), a.reconciled]).toEqual(['1499.1', '10870.378', '10870.38', '-0.002', true]);
    const [s] = statement(r);
    expect(s!.positions.map((x) => [x.symbol, x.currency])).toEqual([['VWCE', 'EUR'], ['IWM', 'USD'], ['XLF', 'USD']]);
    expect(s!.cashLines.map((x) => [x.symbol, x.currency, x.marketValue])).toEqual([['EUR', 'EUR', '460.00'], ['USD', 'USD', '1000.00']]);
    expectStatementRules(r);
    const buy = txAt(r, 25);
    expect([buy.date, buy.type, buy.symbol, d(buy.quantity), d(buy.amount), d(buy.fees)]).toEqual(['2026-06-12', 'buy', 'IWM', '20', '-4001', '1']);
    expect([txAt(r, 27).type, d(txAt(r, 27).quantity), d(txAt(r, 27).amount), txAt(r, 27).currency]).toEqual(['sell', '-5', '563.75', 'EUR']);
  });

  it('IBKR Flex positions: SUMMARY level only, FXRateToBase', async () => {
    const r = await p('ibkr/flex_positions.csv');
    expect(r.layout).toBe('ibkr-flex-positions');
    const a = r.accounts[0]!;
    expect(a.positions).toHaveLength(2);
    expect([a.number, d(a.total)]).toEqual(['U7654321', '5364.889']);
  });

  it('DEGIRO Portfolio: decimal commas with thousands dots, Value in EUR for a USD holding', async () => {
    const r = await p('degiro/Portfolio.csv');
    expect(r.layout).toBe('degiro-portfolio');
    const a = r.accounts[0]!;
    const qqq = pos(r, 'US46090E1038');
    expect([d(qqq.quantity), d(qqq.price), qqq.currency, d(qqq.marketValue), d(qqq.baseValue)]).toEqual(['3', '512.3', 'USD', '1536.9', '1416.57']);
    expect([a.currency, d(a.cash), d(a.total)]).toEqual(['EUR', '1204.55', '3969.2']);
    // ISIN-only rows keep the ISIN as symbol and the product as name; the USD row says so and gives its EUR value.
    const [s] = statement(r);
    expect(s!.positions.map((x) => [x.symbol, x.description, x.currency, x.marketValue, x.baseValue])).toEqual([
      ['IE00B3RBWM25', 'VANGUARD FTSE AW', 'EUR', '1348.08', '1348.08'],
      ['US46090E1038', 'INVESCO QQQ TRUST', 'USD', '1536.90', '1416.57'],
    ]);
    expect(s!.cashLines.map((x) => [x.description, x.marketValue])).toEqual([['CASH & CASH FUND & FTX CASH (EUR)', '1204.55']]);
    expectStatementRules(r);
  });

  it('DEGIRO NL account statement: "1.123,40" amounts, buy parsed from "Koop 10 @ 112,34 EUR"', async () => {
    const r = await p('degiro/Account.csv');
    const b = txAt(r, 2);
    expect([b.date, b.type, d(b.quantity), d(b.price), d(b.amount)]).toEqual(['2026-03-02', 'buy', '10', '112.34', '-1123.4']);
    expect([txAt(r, 4).type, d(txAt(r, 4).amount)]).toEqual(['deposit', '1205.55']);
  });

  it('Zerodha Kite holdings: rupees, cost basis = qty × avg. cost', async () => {
    const r = await p('zerodha/holdings.csv');
    expect(r.layout).toBe('zerodha-kite-holdings');
    const n = pos(r, 'NIFTYBEES');
    expect([d(n.quantity), d(n.price), d(n.marketValue), d(n.costBasis), n.currency]).toEqual(['150', '268.45', '40267.5', '36768', 'INR']);
    expect(d(r.accounts[0]!.total)).toBe('55590');
  });

  it('Robinhood: multi-line description keeps later line numbers right; disclaimer in the last column', async () => {
    const r = await p('robinhood/activity.csv');
    expect(r.transactions.map((t) => [t.line, t.type, d(t.amount)])).toEqual([
      [2, 'buy', '-689.6'],
      [4, 'dividend', '3.92'],
      [5, 'sell', '219.98'],
    ]);
    expect(txAt(r, 2).description).toBe('Vanguard Value ETF CUSIP: 922908744');
  });
});
