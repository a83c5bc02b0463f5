// One test per file in ../shared/fixtures/brokers: concrete values read from that file, line numbers included.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipAllUnless } from '../../../../../tests/support/skip.ts';
import { ImportError } from '../errors.ts';
import { OWN, SHARED, d, expectStatementRules, parseFixture, pos, txAt } from './helpers.ts';

const tested = new Set<string>();
function fx(rel: string, fn: () => Promise<void>) {
  tested.add(rel);
  it(rel, fn);
}
const p = (rel: string) => parseFixture(SHARED, rel);

describe('shared broker fixtures', () => {
  skipAllUnless(fs.existsSync(SHARED) ? null : `no ${SHARED} (the shared broker samples sit beside the repository)`);
  // ---------------- Schwab ----------------
  fx('schwab/cgtcalc_2023_transactions_synthetic.csv', async () => {
    const r = await p('schwab/cgtcalc_2023_transactions_synthetic.csv');
    expect([r.broker, r.layout, r.kind]).toEqual(['schwab', 'schwab-transactions-2023', 'transactions']);
    expect(r.transactions).toHaveLength(7);
    expect(txAt(r, 2)).toMatchObject({ date: '2022-03-01', type: 'transfer', symbol: null });
    expect(d(txAt(r, 2).amount)).toBe('1000000');
    const t = txAt(r, 3);
    expect([t.date, t.type, t.symbol, d(t.quantity), d(t.price), d(t.fees), d(t.amount)]).toEqual(['2023-10-09', 'buy', 'BAR', '300', '135.0075', '1.34', '-40503.61']);
    expect(d(txAt(r, 8).fees)).toBe('1.2');
    expect(d(txAt(r, 8).quantity)).toBe('-1300');
  });

  fx('schwab/e2g_schwab-export.csv', async () => {
    const r = await p('schwab/e2g_schwab-export.csv');
    expect(r.layout).toBe('schwab-transactions-2023');
    expect(r.transactions).toHaveLength(119);
    const t = txAt(r, 2);
    expect([t.date, t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount)]).toEqual(['2023-11-01', 'reinvest', 'SPY', '1.6531', '420.1', '-694.48']);
    expect(d(txAt(r, 10).amount)).toBe('1259.59'); // "$1,259.59" quoted in an otherwise unquoted row
    const sell = txAt(r, 100); // the appended, fully quoted rows
    expect([sell.date, sell.type, sell.symbol, d(sell.quantity), d(sell.amount)]).toEqual(['2023-09-08', 'sell', 'SNAXX', '-500135', '500135']);
    const split = r.transactions.find((x) => x.rawAction === 'Stock Split')!;
    expect([split.date, split.type, d(split.quantity), split.line]).toEqual(['2024-07-15', 'split', '9', 108]);
    // The hand-extended file's footer total no longer matches its rows: surfaced, not hidden.
    expect(r.warnings).toEqual([{ line: 121, message: expect.stringContaining('-26582.91') }]);
  });

  fx('schwab/jbms_Brokerage_Transactions_20201115-180021.csv', async () => {
    const r = await p('schwab/jbms_Brokerage_Transactions_20201115-180021.csv');
    expect(r.layout).toBe('schwab-transactions-2020');
    expect(r.transactions).toHaveLength(21);
    const t = txAt(r, 6);
    expect([t.account, t.type, t.symbol, d(t.quantity), d(t.price), d(t.fees), d(t.amount)]).toEqual(['XXXX-1234', 'sell', 'FB', '-100', '261.5', '6.06', '26143.94']);
    expect(txAt(r, 8)).toMatchObject({ date: '2020-09-16', type: 'interest' }); // "09/16/2020 as of 09/15/2020"
    expect(d(txAt(r, 8).amount)).toBe('0.05');
    expect(d(txAt(r, 12).amount)).toBe('-2290');
  });

  fx('schwab/jbms_Intelligent-Positions-2020-09-25.csv', async () => {
    const r = await p('schwab/jbms_Intelligent-Positions-2020-09-25.csv');
    expect([r.layout, r.kind, r.asOf]).toEqual(['schwab-positions-2020', 'positions', '2020-09-25']);
    expect(r.accounts).toHaveLength(1);
    const a = r.accounts[0]!;
    expect([a.name, a.number]).toEqual(['Intelligent', 'XXXX-4321']);
    const scha = pos(r, 'SCHA');
    expect([d(scha.quantity), d(scha.price), d(scha.marketValue), d(scha.costBasis), scha.line]).toEqual(['30', '72.56', '2176.8', '2164.7', 5]);
    expect(d(a.cash)).toBe('10');
    // The values were edited in this fixture: the rows no longer add up to its Account Total.
    expect([d(a.total), d(a.fileTotal), a.reconciled, d(a.difference)]).toEqual(['2220.69', '757.79', false, '1462.9']);
    expect(r.warnings[0]).toMatchObject({ line: 7, message: expect.stringContaining('1462.9') });
  });

  fx('schwab/jbms_Intelligent-Positions-2020-11-30.csv', async () => {
    const r = await p('schwab/jbms_Intelligent-Positions-2020-11-30.csv');
    expect(r.asOf).toBe('2020-12-21');
    const a = r.accounts[0]!;
    const scha = pos(r, 'SCHA');
    expect([d(scha.quantity), d(scha.price), d(scha.marketValue), d(scha.costBasis)]).toEqual(['110', '88.71', '9758.1', '7500']);
    const cash = pos(r, 'Cash & Cash Investments');
    expect([cash.isCash, cash.assetType, cash.quantity]).toEqual([true, 'Cash and Money Market', null]);
    expect([d(a.cash), d(a.total), d(a.fileTotal), a.reconciled, d(a.difference)]).toEqual(['2953.34', '12711.44', '12711.44', true, '0']);
    expect(r.warnings).toEqual([]);
  });

  fx('schwab/jbms_Intelligent_Transactions_20201115-180120.csv', async () => {
    const r = await p('schwab/jbms_Intelligent_Transactions_20201115-180120.csv');
    expect(r.transactions).toHaveLength(25);
    expect(txAt(r, 3)).toMatchObject({ date: '2020-11-14', type: 'split', symbol: 'HYLB' });
    expect(d(txAt(r, 3).quantity)).toBe('18');
    expect(txAt(r, 16).type).toBe('fee'); // ADR Mgmt Fee
    expect([txAt(r, 17).type, d(txAt(r, 17).amount)]).toEqual(['tax', '-1.05']); // Foreign Tax Paid
    const sto = txAt(r, 21); // Sell to Open with an unquoted quantity
    expect([sto.type, d(sto.quantity), d(sto.price), d(sto.fees), d(sto.amount)]).toEqual(['sell', '-1', '8.48', '0.67', '847.33']);
    expect(d(txAt(r, 24).quantity)).toBe('-12.3456');
    expect(r.warnings[0]).toMatchObject({ line: 28 });
  });

  fx('schwab/jbms_lot_details_SCHA_2020-09-25.csv', async () => {
    const r = await p('schwab/jbms_lot_details_SCHA_2020-09-25.csv');
    expect([r.kind, r.layout, r.asOf]).toEqual(['lots', 'schwab-lot-details', '2020-09-25']);
    expect(r.lots).toHaveLength(2);
    const l = r.lots[0]!;
    expect([l.symbol, l.account, l.acquired, d(l.quantity), d(l.costPerShare), d(l.costBasis), l.line]).toEqual(['SCHA', 'XXXX-4321', '2020-09-24', '20', '72.56', '1451.2', 4]);
    expect([r.lots[1]!.acquired, d(r.lots[1]!.costBasis)]).toEqual(['2020-08-24', '713.5']);
    expect(r.warnings).toEqual([{ line: 6, message: expect.stringContaining('30') }]);
  });

  fx('schwab/reds_schwab_csv_brokerage_Balances_123.csv', async () => {
    const r = await p('schwab/reds_schwab_csv_brokerage_Balances_123.csv');
    expect([r.layout, r.asOf]).toEqual(['schwab-balances', '2023-05-03']);
    expect(r.accounts).toHaveLength(1);
    const a = r.accounts[0]!;
    expect(a.number).toBe('...XXX');
    expect(a.positions).toHaveLength(6);
    const bnd = pos(r, 'BND');
    expect([bnd.assetType, d(bnd.quantity), d(bnd.marketValue), bnd.price, bnd.line]).toEqual(['Bonds', '45', '3320.05', null, 8]);
    // Money-market funds held with a quantity are positions: Schwab marks none of them as the account's cash.
    expect([pos(r, 'VMMX').isCash, pos(r, 'VMMX').assetType, d(pos(r, 'VMMX').quantity)]).toEqual([false, 'Money Market', '6225']);
    expect([d(a.cash), d(a.total), a.fileTotal, a.reconciled]).toEqual(['0', '36656.92', null, false]);
  });

  fx('schwab/reds_schwab_csv_brokerage_XX876_Transactions_20220731.csv', async () => {
    const r = await p('schwab/reds_schwab_csv_brokerage_XX876_Transactions_20220731.csv');
    expect(r.layout).toBe('schwab-transactions-2022');
    expect(r.transactions).toHaveLength(11);
    const t = txAt(r, 3);
    expect([t.account, t.date, t.type, d(t.quantity), d(t.price), d(t.amount)]).toEqual(['...XXX', '2023-04-27', 'buy', '45', '73.7789', '-3320.05']);
    expect([txAt(r, 7).date, txAt(r, 7).type]).toEqual(['2023-04-17', 'interest']);
    expect(txAt(r, 13).description).toBe('Tfr JPMORGAN CHASE BAN, NOT AVAILABLE');
    expect(r.warnings).toEqual([]); // rows add up to the footer's -$1,574.04
  });

  // ---------------- Fidelity ----------------
  fx('fidelity/finporterfido_positions_fixture_2021.csv', async () => {
    const r = await p('fidelity/finporterfido_positions_fixture_2021.csv');
    expect([r.broker, r.layout, r.kind]).toEqual(['fidelity', 'fidelity-positions-2021', 'positions']);
    expect(r.accounts.map((a) => [a.number, a.name])).toEqual([['Z00000000', 'AAAA'], ['Z00000001', 'BBBB']]);
    const vwo = pos(r, 'VWO');
    expect([d(vwo.quantity), d(vwo.price), d(vwo.marketValue), d(vwo.costBasis), vwo.line]).toEqual(['900', '50.922', '45900.35', '38362.05', 2]);
    expect(d(pos(r, 'VOO').quantity)).toBe('800');
    expect([r.accounts[0]!.fileTotal, r.accounts[0]!.reconciled, d(r.accounts[0]!.total)]).toEqual([null, false, '45900.35']);
    // No total row; VOO's 800 × $40.922 is not its $45,900.35 (the row copies VWO's value); the stray `XXX` line.
    expect(r.warnings.map((w) => w.line)).toEqual([0, 3, 5]);
    expect(r.warnings[1]!.message).toBe('VOO: quantity × price is 800 × 40.922 = 32737.60, but the file says its market value is 45900.35; Keel values it at quantity × price');
  });

  fx('fidelity/reds_Combined-Accounts_History_2022.csv', async () => {
    const r = await p('fidelity/reds_Combined-Accounts_History_2022.csv');
    expect([r.layout, r.asOf]).toEqual(['fidelity-history-2022', '2022-06-02']);
    expect(r.transactions).toHaveLength(17);
    const t = txAt(r, 7);
    expect([t.account, t.date, t.type, d(t.amount), t.currency]).toEqual(['X82000000', '2022-06-02', 'withdrawal', '-2500', 'USD']);
    const div = txAt(r, 17);
    expect([div.account, div.type, div.symbol, d(div.amount)]).toEqual(['X83000000', 'dividend', 'SPAXX', '6.13']);
  });

  fx('fidelity/reds_History_for_Account_222222222_hsa.csv', async () => {
    const r = await p('fidelity/reds_History_for_Account_222222222_hsa.csv');
    expect([r.layout, r.asOf]).toEqual(['fidelity-history-2021', '2021-12-31']);
    expect(r.transactions).toHaveLength(2);
    expect([txAt(r, 7).account, txAt(r, 7).date, d(txAt(r, 7).amount)]).toEqual(['222222222', '2021-12-05', '-444.44']);
    expect(d(txAt(r, 8).amount)).toBe('888');
  });

  fx('fidelity/reds_History_for_Account_X8YYYYYYY_cma.csv', async () => {
    const r = await p('fidelity/reds_History_for_Account_X8YYYYYYY_cma.csv');
    expect(r.asOf).toBe('2023-01-24');
    expect(r.transactions).toHaveLength(11);
    expect([txAt(r, 7).account, txAt(r, 7).date, txAt(r, 7).type, d(txAt(r, 7).amount)]).toEqual(['X8YYYYYYY', '2023-01-27', 'withdrawal', '-10000']);
    expect([txAt(r, 17).type, d(txAt(r, 17).amount)]).toEqual(['deposit', '2042.12']);
  });

  fx('fidelity/reds_History_for_Account_X99999999.csv', async () => {
    const r = await p('fidelity/reds_History_for_Account_X99999999.csv');
    expect(r.transactions).toHaveLength(15);
    // Merger rows end in a run of empty columns; they are data, not footers.
    expect([txAt(r, 13).symbol, d(txAt(r, 13).quantity), txAt(r, 13).amount]).toEqual(['DNA', '1', null]);
    expect(r.warnings).toEqual([]);
    const t = txAt(r, 7);
    expect([t.account, t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount)]).toEqual(['X99999999', 'reinvest', 'FZIPX', '48.195', '12.45', '-600.03']);
    const b = txAt(r, 15);
    expect([b.type, b.symbol, d(b.quantity), d(b.price), b.settleDate]).toEqual(['buy', 'G8354H126', '1', '9.88', '2021-05-26']);
  });

  fx('fidelity/reds_History_for_Accounts_2022.csv', async () => {
    const r = await p('fidelity/reds_History_for_Accounts_2022.csv');
    expect(r.transactions).toHaveLength(15);
    expect(txAt(r, 11).account).toBe('456');
    const t = txAt(r, 20);
    expect([t.account, t.date, t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount)]).toEqual(['123', '2018-09-24', 'buy', '9128285B2', '3000', '99.85', '-2995.66']);
  });

  fx('fidelity/reds_fidelity_csv_all_accounts_transactions_20251204.csv', async () => {
    const r = await p('fidelity/reds_fidelity_csv_all_accounts_transactions_20251204.csv');
    expect([r.layout, r.asOf]).toEqual(['fidelity-history-2025', '2025-12-03']);
    expect(r.transactions).toHaveLength(21);
    expect([txAt(r, 2).account, txAt(r, 2).type, d(txAt(r, 2).amount)]).toEqual(['111111111', 'dividend', '713.08']);
    const sold = txAt(r, 21);
    expect([sold.account, sold.type, sold.symbol, d(sold.quantity), d(sold.price), d(sold.amount), sold.settleDate]).toEqual(['333333333', 'sell', 'VVV', '-341', '30.44', '10378.37', '2025-11-25']);
    expect(txAt(r, 14).type).toBe('interest'); // MUNI EXEMPT INT … SALES & USE TAX REV
  });

  fx('fidelity/unattributed_DataTransformer_History_2023-07_broken_quoting.csv', async () => {
    const r = await p('fidelity/unattributed_DataTransformer_History_2023-07_broken_quoting.csv');
    expect(r.transactions).toHaveLength(19);
    const t = txAt(r, 7); // `"Individual" X91636470` is one field
    expect([t.account, t.date, t.type, d(t.amount)]).toEqual(['X91636470', '2023-07-05', 'transfer', '-581.93']);
    const s = txAt(r, 9);
    expect([s.type, s.symbol, d(s.quantity), d(s.price), d(s.fees), d(s.amount), s.settleDate]).toEqual(['sell', 'MODG', '-29', '19.7', '0.01', '571.29', '2023-06-29']);
  });

  // ---------------- Vanguard ----------------
  fx('vanguard/reds_vanguard_529_ofxdownload_09102023.csv', async () => {
    const r = await p('vanguard/reds_vanguard_529_ofxdownload_09102023.csv');
    expect([r.layout, r.kind]).toEqual(['vanguard-529', 'positions']);
    const a = r.accounts[0]!;
    expect(a.number).toBe('535672845-01');
    const q = a.positions[0]!;
    expect([q.symbol, d(q.quantity), d(q.price), d(q.marketValue), q.line]).toEqual(['Vanguard Target Enrollment 2040/2041 Portfolio', '348.5265', '9.45', '3293.58', 2]);
    expect(r.transactions).toHaveLength(8);
    const t = txAt(r, 5);
    expect([t.date, t.type, d(t.quantity), d(t.price), d(t.amount)]).toEqual(['2023-06-30', 'deposit', '26.2881', '9.51', '250']);
  });

  fx('vanguard/unattributed_van_div_conv_OfxDownload_fixture.csv', async () => {
    const r = await p('vanguard/unattributed_van_div_conv_OfxDownload_fixture.csv');
    expect(r.layout).toBe('vanguard-ofx');
    const a = r.accounts[0]!;
    const v = pos(r, 'VMFXX');
    expect([v.isCash, d(v.quantity), d(v.price), d(v.marketValue)]).toEqual([true, '515000', '1', '515000']);
    expect([d(a.cash), d(a.total)]).toEqual(['515000', '515000']);
    expect(r.transactions).toHaveLength(4);
    expect([txAt(r, 7).date, txAt(r, 7).type, d(txAt(r, 7).amount)]).toEqual(['2026-04-30', 'dividend', '1492.03']);
    expect([txAt(r, 8).type, d(txAt(r, 8).amount)]).toEqual(['reinvest', '-1492.03']);
    expect([txAt(r, 10).type, d(txAt(r, 10).amount)]).toEqual(['withdrawal', '-1492.03']);
  });

  // ---------------- E*TRADE ----------------
  fx('etrade/unattributed_DataTransformer_DownloadTxnHistory_2023-04.csv', async () => {
    const r = await p('etrade/unattributed_DataTransformer_DownloadTxnHistory_2023-04.csv');
    expect(r.layout).toBe('etrade-transactions-old');
    expect(r.transactions).toHaveLength(13);
    const t = txAt(r, 5);
    expect([t.account, t.date, t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount)]).toEqual(['####3525', '2023-04-05', 'sell', 'AMZN', '-2', '101.1', '202.19']);
    expect(txAt(r, 6).description).toBe('PROSHARES TR PROSHARES ULTRAPRO SHORT QQQ PROSPECTUS ON INITIAL PURCHASE');
    expect([txAt(r, 17).type, d(txAt(r, 17).amount)]).toEqual(['transfer', '500']); // TransactionType "Transfer"
  });

  fx('etrade/unattributed_etrade_PortfolioDownload_fixture_generated_footer.csv', async () => {
    const r = await p('etrade/unattributed_etrade_PortfolioDownload_fixture_generated_footer.csv');
    expect([r.layout, r.asOf]).toEqual(['etrade-portfolio', '2026-08-20']);
    expect(r.accounts).toHaveLength(1);
    const a = r.accounts[0]!;
    expect(a.name).toBe('Harbor Ridge Brokerage');
    const q = pos(r, 'QZRA');
    expect([d(q.quantity), d(q.price), d(q.marketValue), d(q.costBasis), q.line]).toEqual(['247.48', '58.72', '14532.18', '10431.91', 12]);
    expect(pos(r, 'CASH').isCash).toBe(true);
    expect([d(a.cash), d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['3421.77', '45838.58', '45838.58', true]);
  });

  fx('etrade/unattributed_etrade_fixture_new_txn_and_positions.csv', async () => {
    const r = await p('etrade/unattributed_etrade_fixture_new_txn_and_positions.csv');
    expect(r.layout).toBe('etrade-transactions-2025');
    expect(r.transactions).toHaveLength(1);
    const t = txAt(r, 8);
    expect([t.account, t.date, t.settleDate, t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount)]).toEqual(['Cap 1(-6084) -6354', '2026-05-01', '2026-04-30', 'reinvest', 'VMSXX', '281.21', '1', '-281.21']);
  });

  // ---------------- Interactive Brokers ----------------
  fx('ibkr/cgtcalc_transaction_history_test_basic.csv', async () => {
    const r = await p('ibkr/cgtcalc_transaction_history_test_basic.csv');
    expect(r.layout).toBe('ibkr-transaction-history');
    expect(r.transactions).toHaveLength(12);
    expect([txAt(r, 11).type, txAt(r, 11).symbol, d(txAt(r, 11).amount), txAt(r, 11).currency, txAt(r, 11).account]).toEqual(['dividend', 'VT', '20', 'GBP', 'U***00000']);
    expect([txAt(r, 12).type, d(txAt(r, 12).amount)]).toEqual(['tax', '-3']);
    expect(d(txAt(r, 16).amount)).toBe('-0.0002637591265'); // -2.637591265E-4, exactly
    const s = txAt(r, 17);
    expect([s.date, s.type, s.symbol, d(s.quantity), d(s.price), d(s.fees), d(s.amount)]).toEqual(['2025-08-15', 'sell', 'CNX1', '-2', '1001', '3', '1999']);
    expect(txAt(r, 13).symbol).toBeNull(); // '-' means empty
  });

  fx('ibkr/e2g_ibkr-dividends-flex.csv', async () => {
    const r = await p('ibkr/e2g_ibkr-dividends-flex.csv');
    expect(r.layout).toBe('ibkr-flex-cash');
    expect(r.transactions).toHaveLength(11);
    expect([txAt(r, 2).date, txAt(r, 2).type, txAt(r, 2).symbol, d(txAt(r, 2).amount), txAt(r, 2).currency]).toEqual(['2023-06-23', 'dividend', 'VT', '137.23', 'USD']);
    expect([txAt(r, 3).type, d(txAt(r, 3).amount), txAt(r, 3).currency]).toEqual(['tax', '-14.68', 'CHF']);
    expect([txAt(r, 11).type, d(txAt(r, 11).amount), txAt(r, 11).currency]).toEqual(['dividend', '455', 'JPY']);
  });

  fx('ibkr/e2g_ibkr-trades-flex.csv', async () => {
    const r = await p('ibkr/e2g_ibkr-trades-flex.csv');
    expect(r.layout).toBe('ibkr-flex-trades');
    expect(r.transactions).toHaveLength(11);
    const t = txAt(r, 2);
    expect([t.date, t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount), d(t.fees), t.currency]).toEqual(['2023-05-22', 'buy', 'CH0111762537', '7', '282.7', '-1978.9', '5', 'CHF']);
    const fxTrade = txAt(r, 10);
    expect([fxTrade.type, fxTrade.symbol, d(fxTrade.quantity), d(fxTrade.amount), fxTrade.fees]).toEqual(['other', null, '-8000', '8938.4', null]);
    expect(r.warnings.map((w) => w.line)).toEqual([10, 11, 12]);
  });

  fx('ibkr/unattributed_ibkr_activity_options_unquoted_fixture.csv', async () => {
    const r = await p('ibkr/unattributed_ibkr_activity_options_unquoted_fixture.csv');
    expect([r.layout, r.kind, r.asOf]).toEqual(['ibkr-activity-statement', 'positions', '2025-03-31']);
    const a = r.accounts[0]!;
    expect([a.number, a.name, a.currency]).toEqual(['U5922405', 'Arrington Copeland', 'USD']);
    const o = pos(r, 'SPY 31MAR25 570 C');
    expect([d(o.quantity), d(o.costBasis), d(o.marketValue), o.line]).toEqual(['1', '83.15665', '0', 16]);
    expect([d(a.cash), d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['6223.1969996', '6223.1969996', '6223.1969996', true]);
    // Unquoted `2025-03-27, 10:30:15` split the row; the columns after it still line up.
    const t = txAt(r, 19);
    expect([t.date, t.type, d(t.quantity), d(t.price), d(t.amount), d(t.fees)]).toEqual(['2025-03-27', 'buy', '1', '1.22', '-123.05665', '1.05665']);
    expect(r.transactions).toHaveLength(2);
  });

  // ---------------- DEGIRO ----------------
  fx('degiro/e2g_degiro-export_nl.csv', async () => {
    const r = await p('degiro/e2g_degiro-export_nl.csv');
    expect(r.layout).toBe('degiro-account-statement');
    expect(r.transactions).toHaveLength(73); // the Order Id continuation line is not a row
    expect([txAt(r, 2).amount, txAt(r, 2).currency]).toEqual([null, 'EUR']);
    expect([d(txAt(r, 3).amount), txAt(r, 3).type]).toEqual(['26.45', 'transfer']); // "26,45"
    const buy = txAt(r, 22); // "Koop 1 @ 33,9 USD", after the wrapped Order Id on line 19
    expect([buy.date, buy.settleDate, buy.type, buy.symbol, d(buy.quantity), d(buy.price), d(buy.amount), buy.currency]).toEqual(['2022-12-15', '2022-12-15', 'buy', 'US9256521090', '1', '33.9', '-33.9', 'USD']);
    expect(d(txAt(r, 31).amount)).toBe('-97.93'); // decimal point in the same file
    expect([txAt(r, 11).type, d(txAt(r, 11).amount)]).toEqual(['tax', '-0.07']); // Dividendbelasting
  });

  fx('degiro/gfsk_EN_account_single_buy_usd.csv', async () => {
    const r = await p('degiro/gfsk_EN_account_single_buy_usd.csv');
    expect(r.transactions).toHaveLength(5);
    const t = txAt(r, 6);
    expect([t.date, t.settleDate, t.type, d(t.quantity), d(t.price), d(t.amount), t.currency]).toEqual(['2023-11-06', '2019-11-06', 'buy', '5', '21.31', '-106.55', 'USD']);
    expect([txAt(r, 4).type, d(txAt(r, 4).amount), txAt(r, 4).currency]).toEqual(['fee', '-0.43', 'GBP']);
  });

  fx('degiro/gfsk_EN_account_single_dividend.csv', async () => {
    const r = await p('degiro/gfsk_EN_account_single_dividend.csv');
    expect(r.transactions.map((t) => [t.line, t.type, d(t.amount), t.symbol])).toEqual([
      [2, 'tax', '-0.21', 'US40434L1052'],
      [3, 'dividend', '1.38', 'US40434L1052'],
    ]);
  });

  fx('degiro/gfsk_NL_account_single_buy_euro_en_headers.csv', async () => {
    const r = await p('degiro/gfsk_NL_account_single_buy_euro_en_headers.csv');
    const t = txAt(r, 3);
    expect([t.date, t.type, d(t.quantity), d(t.price), d(t.amount), t.currency]).toEqual(['2023-07-06', 'buy', '1', '77.3', '-77.3', 'EUR']);
    expect(txAt(r, 2).type).toBe('fee');
  });

  fx('degiro/gfsk_PT_account_single_buy_euro.csv', async () => {
    const r = await p('degiro/gfsk_PT_account_single_buy_euro.csv');
    expect(r.layout).toBe('degiro-account-statement');
    const t = txAt(r, 3);
    expect([t.type, d(t.quantity), d(t.price), d(t.amount), t.symbol]).toEqual(['buy', '1', '77.3', '-77.3', 'IE00B3XXRP09']);
    expect([txAt(r, 2).type, d(txAt(r, 2).amount)]).toEqual(['fee', '-1']);
  });

  fx('degiro/unattributed_degiro_Transactions_fixture.csv', async () => {
    const r = await p('degiro/unattributed_degiro_Transactions_fixture.csv');
    expect(r.layout).toBe('degiro-transactions');
    const t = txAt(r, 2);
    expect([t.date, t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount), d(t.fees), t.currency]).toEqual(['2026-05-28', 'buy', 'US92538J1060', '101', '12.6', '-1096.7', '2.73', 'EUR']);
  });

  // ---------------- Merrill ----------------
  fx('merrill/unattributed_merrill_activity_fixture.csv', async () => {
    const r = await p('merrill/unattributed_merrill_activity_fixture.csv');
    const t = txAt(r, 2);
    expect([t.account, t.date, t.settleDate, t.type, t.symbol, t.quantity, d(t.amount)]).toEqual(['1234', '2026-01-05', '2026-01-06', 'dividend', 'VTI', null, '12.34']);
  });

  fx('merrill/unattributed_merrill_holdings_doc_example.csv', async () => {
    const r = await p('merrill/unattributed_merrill_holdings_doc_example.csv');
    expect(r.layout).toBe('merrill-holdings');
    expect(r.accounts).toHaveLength(1);
    const a = r.accounts[0]!;
    expect([a.name, a.number]).toEqual(['IRRA-Edge', '43X-40L72']);
    const amd = pos(r, 'AMD'); // `"AMD" ,"ADVANCED…" ,…` space-comma separators
    expect([amd.description, d(amd.quantity), d(amd.price), d(amd.marketValue), amd.line]).toEqual(['ADVANCED MICRO DEVICES INC', '5', '296.15', '1480.76', 6]);
    expect([d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['10480.76', '10480.76', true]);
  });

  // ---------------- Robinhood ----------------
  fx('robinhood/unattributed_robinhood_activity_fixture_accounttype.csv', async () => {
    const r = await p('robinhood/unattributed_robinhood_activity_fixture_accounttype.csv');
    expect(r.transactions).toHaveLength(9);
    const stc = txAt(r, 2);
    expect([stc.account, stc.date, stc.settleDate, stc.type, d(stc.quantity), d(stc.price), d(stc.amount)]).toEqual(['Margin', '2026-09-24', '2026-09-25', 'sell', '-2', '13.25', '2649.96']);
    expect(d(txAt(r, 3).amount)).toBe('-2430.04'); // "($2,430.04)"
    expect([txAt(r, 4).type, d(txAt(r, 4).quantity)]).toEqual(['other', '2']); // OEXP "2S"
    const aapl = txAt(r, 9); // description spans lines 9–10
    expect([aapl.type, aapl.description, d(aapl.quantity), d(aapl.amount)]).toEqual(['buy', 'Apple CUSIP: 037833100', '1.5', '-345']);
    expect([txAt(r, 11).type, d(txAt(r, 11).amount)]).toEqual(['deposit', '5000']);
  });

  // ---------------- TD Ameritrade ----------------
  fx('tdameritrade/reds_transactions.csv', async () => {
    const r = await p('tdameritrade/reds_transactions.csv');
    expect(r.transactions).toHaveLength(15);
    expect([txAt(r, 2).type, d(txAt(r, 2).amount)]).toEqual(['deposit', '6000']);
    const b = txAt(r, 3);
    expect([b.date, b.type, b.symbol, d(b.quantity), d(b.price), d(b.amount)]).toEqual(['2021-06-11', 'buy', 'BP', '30', '27.71', '-831.3']);
    const s = txAt(r, 10);
    expect([s.type, d(s.quantity), d(s.fees), d(s.amount)]).toEqual(['sell', '-5', '0.01', '2450.22']);
    expect([txAt(r, 8).type, d(txAt(r, 8).amount)]).toEqual(['fee', '-0.15']);
  });

  fx('tdameritrade/unattributed_DataTransformer_transactions_2022_edited.csv', async () => {
    const r = await p('tdameritrade/unattributed_DataTransformer_transactions_2022_edited.csv');
    expect(r.transactions).toHaveLength(3);
    const s = txAt(r, 4);
    expect([s.date, s.type, s.symbol, d(s.quantity), d(s.price), d(s.fees), d(s.amount)]).toEqual(['2022-07-26', 'sell', 'GOOG', '-30', '112', '0.06', '2772.44']);
  });

  // ---------------- Trading 212 ----------------
  fx('trading212/cgtcalc_2020_from_2020-09-11_to_2021-04-02.csv', async () => {
    const r = await p('trading212/cgtcalc_2020_from_2020-09-11_to_2021-04-02.csv');
    expect(r.transactions).toHaveLength(8);
    expect([txAt(r, 2).type, d(txAt(r, 2).amount), txAt(r, 2).currency]).toEqual(['deposit', '9000', 'GBP']);
    const b = txAt(r, 3);
    expect([b.date, b.type, b.symbol, d(b.quantity), d(b.price), d(b.amount)]).toEqual(['2020-06-24', 'buy', 'VNRG', '1', '10.74', '-8.07']);
    const s = txAt(r, 8);
    expect([s.type, d(s.quantity), d(s.amount)]).toEqual(['sell', '-200', '32453.25']);
    expect([txAt(r, 9).type, d(txAt(r, 9).amount)]).toEqual(['dividend', '0.1']);
  });

  fx('trading212/cgtcalc_2024_transactions.csv', async () => {
    const r = await p('trading212/cgtcalc_2024_transactions.csv');
    expect(r.transactions).toHaveLength(7);
    const b = txAt(r, 3);
    expect([b.date, b.type, b.symbol, d(b.quantity), d(b.price), d(b.amount), d(b.fees), b.currency]).toEqual(['2024-01-01', 'buy', 'FOO', '24', '124.01', '-2381.35', '4.71', 'GBP']);
    expect([txAt(r, 4).type, d(txAt(r, 4).amount)]).toEqual(['interest', '0.04']);
    expect([txAt(r, 8).type, d(txAt(r, 8).amount)]).toEqual(['withdrawal', '-2000']);
  });

  fx('trading212/cgtcalc_2026_transactions.csv', async () => {
    const r = await p('trading212/cgtcalc_2026_transactions.csv');
    expect(r.transactions).toHaveLength(5);
    expect([txAt(r, 6).type, txAt(r, 6).symbol, d(txAt(r, 6).quantity), d(txAt(r, 6).amount), d(txAt(r, 6).fees)]).toEqual(['sell', 'REN', '-20', '878.68', '1.32']);
    const b = txAt(r, 3);
    expect([b.type, b.symbol, d(b.quantity), d(b.price), d(b.amount), d(b.fees)]).toEqual(['buy', 'ACME', '10', '150', '-1201.8', '1.8']);
    expect(r.warnings.map((w) => w.line)).toEqual([4, 5]); // fees in USD/EUR are not added to GBP fees
  });

  fx('trading212/e2g_trading212-export.csv', async () => {
    // Hand-merged from two export versions: from line 11 the columns follow another header. We refuse the
    // file with the cell that does not fit rather than read IDs as share counts.
    const err = await p('trading212/e2g_trading212-export.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).details).toEqual({ file: 'e2g_trading212-export.csv', line: 11, column: 7, reason: 'BAD_NUMBER' });
    expect((err as ImportError).message).toContain('EOF27002856700');
  });

  fx('trading212/gfsk_single_buy_euro_finra_fee_BOM.csv', async () => {
    const r = await p('trading212/gfsk_single_buy_euro_finra_fee_BOM.csv');
    expect(r.layout).toBe('trading212-history'); // BOM stripped before detection
    const b = txAt(r, 2);
    expect([b.date, b.type, b.symbol, d(b.quantity), d(b.price), d(b.amount), d(b.fees), b.currency]).toEqual(['2023-10-09', 'buy', 'CARM', '14.725273', '13.88', '-205', '0.61', 'EUR']);
  });

  fx('trading212/gfsk_single_buy_euro_french_taxes_BOM.csv', async () => {
    const r = await p('trading212/gfsk_single_buy_euro_french_taxes_BOM.csv');
    expect([d(txAt(r, 2).fees), d(txAt(r, 2).amount)]).toEqual(['0.61', '-205']);
  });

  fx('trading212/gfsk_single_buy_usd_time_utc.csv', async () => {
    const r = await p('trading212/gfsk_single_buy_usd_time_utc.csv');
    const b = txAt(r, 2);
    expect([b.date, b.symbol, d(b.quantity), d(b.price), d(b.amount), d(b.fees), b.currency]).toEqual(['2023-08-07', 'NVDA', '0.0267001', '453.33', '-11.02', '0.02', 'EUR']);
  });

  fx('trading212/gfsk_single_dividend.csv', async () => {
    const r = await p('trading212/gfsk_single_dividend.csv');
    const t = txAt(r, 2);
    expect([t.type, t.symbol, d(t.quantity), d(t.price), d(t.amount), t.currency]).toEqual(['dividend', 'AAPL', '0.1279177', '0.2', '0.02', 'EUR']);
  });

  // ---------------- Webull ----------------
  fx('webull/unattributed_webull_orders_sample_multileg.csv', async () => {
    const r = await p('webull/unattributed_webull_orders_sample_multileg.csv');
    expect(r.transactions).toHaveLength(4); // legs only; the strategy rows are their parents
    const t = txAt(r, 3);
    expect([t.date, t.type, t.symbol, d(t.quantity), d(t.price), t.description]).toEqual(['2026-03-26', 'sell', 'SPXW260327C06540000', '-10', '12.97', 'SPXW Vertical leg']);
    expect([txAt(r, 7).type, d(txAt(r, 7).price), txAt(r, 7).date]).toEqual(['sell', '0.89', '2026-03-27']);
  });

  // ---------------- Zerodha ----------------
  fx('zerodha/unattributed_zerodha_tradebook_FO_expiry_fixture.csv', async () => {
    const r = await p('zerodha/unattributed_zerodha_tradebook_FO_expiry_fixture.csv');
    expect(r.transactions.map((t) => [t.line, t.type, t.symbol, d(t.quantity), d(t.price), t.currency])).toEqual([
      [2, 'buy', 'NIFTY25N2024000CE', '75', '100', 'INR'],
      [3, 'sell', 'NIFTY25N2024000CE', '-75', '120', 'INR'],
    ]);
  });

  fx('zerodha/unattributed_zerodha_tradebook_fixture.csv', async () => {
    const r = await p('zerodha/unattributed_zerodha_tradebook_fixture.csv');
    const s = txAt(r, 3);
    expect([s.date, s.type, s.symbol, d(s.quantity), d(s.price)]).toEqual(['2025-06-12', 'sell', 'SUZLON', '-450', '66']);
  });

  it('every positions file, shared and our own, reads as its statement: cash apart, clean symbols, a currency each', async () => {
    const all = (dir: string) =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) => fs.readdirSync(path.join(dir, e.name)).map((f) => [dir, `${e.name}/${f}`] as const));
    let checked = 0;
    for (const [dir, rel] of [...all(SHARED), ...all(OWN)]) {
      const r = await parseFixture(dir, rel).catch(() => null);
      if (!r || r.accounts.length === 0) continue;
      expectStatementRules(r);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('covers every fixture file with a test of its own', () => {
    const files = fs
      .readdirSync(SHARED, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => fs.readdirSync(path.join(SHARED, e.name)).map((f) => `${e.name}/${f}`));
    expect(files.filter((f) => !tested.has(f))).toEqual([]);
  });
});
