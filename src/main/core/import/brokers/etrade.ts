// E*TRADE: PortfolioDownload.csv (Account Summary block, filter block, positions, CASH and TOTAL rows,
// `Generated at …` footer; with lot detail each position is followed by indented rows whose first cell is the
// lot's acquisition date) and transaction downloads (2025+ `Activity/Trade Date…`; older `TransactionDate…`).
import type { CsvRow } from '../csv.ts';
import { parseDate } from '../dates.ts';
import { classify } from '../classify.ts';
import { Header, cell, date, inCell, norm, num, reqDate, reqNum } from '../table.ts';
import type { Decimal } from '../../money.ts';
import { accountKey } from '../accounts.ts';
import type { Position } from '../types.ts';
import { historyTx, isFooter, splitAccount, type Broker, type ParserCtx } from './common.ts';
import { parseNumber } from '../numbers.ts';
import { ImportError } from '../errors.ts';

/** A lot row starts with its acquisition date (`10/05/2018`); no symbol looks like that. */
const LOT_DATE = /^\d{1,2}\/\d{1,2}\/\d{2,4}$/;

export async function etradePortfolio(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let summary: Header | null = null;
  let summaryTotal: { value: Decimal | null; line: number } | null = null;
  let acct = sink.account('E*TRADE', '');
  let h: Header | null = null;
  let sawTotal = false;
  /** The position the lot rows below it belong to. */
  let held: Position | null = null;
  for await (const row of rows) {
    const first = row.cells[0] ?? '';
    const gen = /^generated at (.+)$/i.exec(first);
    if (gen) {
      const d = /([A-Za-z]{3} \d{1,2} \d{4})/.exec(gen[1]!);
      if (d) sink.asOf = inCell(file, row, 0, () => parseDate(d[1]!));
      continue;
    }
    const cells = row.cells.map(norm);
    if (cells[0] === 'account' && cells.includes('total assets')) {
      summary = new Header(row);
      continue;
    }
    if (summary && !h) {
      if (row.cells.length >= 2 && !/^(view summary|filters applied)/i.test(first) && cells[0] !== 'symbol') {
        const a = splitAccount(first);
        acct = sink.account(a.name, a.number);
        summaryTotal = { value: num(file, row, summary.need(file, 'total assets')), line: row.line };
      }
      summary = null;
    }
    if (cells[0] === 'symbol' && cells.includes('value $')) {
      h = new Header(row);
      continue;
    }
    if (!h) continue;
    if (/^total$/i.test(first)) {
      // The TOTAL row's values sit shifted against the header in real exports: the value is its last number.
      const nums = row.cells.slice(1).filter((x) => x !== '');
      const last = nums[nums.length - 1];
      if (last !== undefined) {
        sink.fileTotal(acct, inCell(file, row, row.cells.lastIndexOf(last), () => parseNumber(last)), row.line);
        sawTotal = true;
      }
      continue;
    }
    if (isFooter(row, h.names.length, sink)) continue;
    const qty = num(file, row, h.need(file, 'quantity'));
    const value = reqNum(file, row, h.need(file, 'value $'), 'value');
    const gain = num(file, row, h.find('total gain $'));
    if (LOT_DATE.test(first)) {
      // A lot of the position above: its quantity, its "Price Paid" per share, its value and gain.
      if (!held) throw new ImportError({ file, line: row.line, column: 1, reason: 'BAD_ROW' }, `a lot row (acquired ${first}) before any position`);
      const quantity = qty ?? reqNum(file, row, h.need(file, 'quantity'), 'quantity');
      const paid = num(file, row, h.find('price paid $'));
      sink.lot({
        account: accountKey(acct),
        symbol: held.symbol,
        acquired: reqDate(file, row, 0),
        quantity,
        costPerShare: paid,
        // Like the position's: value − gain, exact; the rounded "Price Paid" × quantity only when no gain is given.
        costBasis: gain !== null ? value.minus(gain) : paid !== null ? paid.times(quantity) : value,
        line: row.line,
      });
      continue;
    }
    const isCash = /^cash$/i.test(first);
    held = {
      symbol: first,
      description: '',
      assetType: isCash ? 'Cash' : '',
      quantity: qty,
      price: num(file, row, h.need(file, 'last price $')),
      marketValue: value,
      // E*TRADE reports Total Gain = Value − cost; its "Price Paid" is a rounded per-share average.
      costBasis: isCash || gain === null ? null : value.minus(gain),
      isCash,
      currency: 'USD',
      line: row.line,
    };
    sink.position(acct, held);
  }
  if (!sawTotal && summaryTotal) sink.fileTotal(acct, summaryTotal.value, summaryTotal.line);
}

export async function etradeTransactions(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let account = '';
  let h: Header | null = null;
  let old = false;
  for await (const row of rows) {
    const first = row.cells[0] ?? '';
    if (!h) {
      const forAcct = /^for account:?$/i.test(first) ? cell(row, 1) : null;
      if (forAcct) account = forAcct;
      const act = /^Account Activity for (.+?)(?: from .+)?$/i.exec(first);
      if (act) account = act[1]!;
      const cells = row.cells.map(norm);
      if (cells[0] === 'activity/trade date' || cells[0] === 'transactiondate') {
        h = new Header(row);
        old = cells[0] === 'transactiondate';
      }
      continue;
    }
    if (isFooter(row, h.names.length, sink)) continue;
    const rawAction = cell(row, h.need(file, old ? 'transactiontype' : 'activity type'));
    const type = classify(rawAction);
    const sym = cell(row, h.need(file, 'symbol'));
    const qty = num(file, row, h.need(file, old ? 'quantity' : 'quantity #'));
    sink.transaction(historyTx(row, {
      account,
      date: reqDate(file, row, 0),
      settleDate: old ? null : date(file, row, h.find('settlement date')),
      type,
      rawAction,
      symbol: sym || null,
      // Old downloads pad descriptions to fixed-width columns.
      description: cell(row, h.find('description')).replace(/\s{2,}/g, ' '),
      quantity: qty,
      price: ((p) => (p !== null && p.isZero() && old ? null : p))(num(file, row, h.need(file, old ? 'price' : 'price $'))),
      amount: num(file, row, h.need(file, old ? 'amount' : 'amount $')),
      fees: num(file, row, h.find('commission')),
      currency: 'USD',
    }));
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'etrade',
  layouts: [
    { layout: 'etrade-portfolio', kind: 'positions', all: ['symbol', 'last price $', 'quantity', 'price paid $', 'value $'], parse: etradePortfolio },
    { layout: 'etrade-transactions-2025', kind: 'transactions', all: ['activity/trade date', 'activity type', 'symbol', 'quantity #', 'amount $'], parse: etradeTransactions },
    { layout: 'etrade-transactions-old', kind: 'transactions', all: ['transactiondate', 'transactiontype', 'securitytype', 'symbol', 'quantity', 'amount', 'price'], parse: etradeTransactions },
  ],
};
