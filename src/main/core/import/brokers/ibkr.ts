// Interactive Brokers: Activity Statements (`Section,Header|Data|SubTotal|Total,…` rows; Open Positions per
// currency — older statements: Long / Short Open Positions, whose Lot rows carry the lot's Open date —, NAV,
// Cash Report, Base Currency Exchange Rate, Trades), the Transaction History report, and Flex Query CSVs
// (user-chosen columns, optional BOF/HEADER/DATA section codes, LevelOfDetail).
import { dec, type Decimal } from '../../money.ts';
import { accountKey } from '../accounts.ts';
import { ImportError } from '../errors.ts';
import type { CsvRow } from '../csv.ts';
import { classify } from '../classify.ts';
import { parseDate } from '../dates.ts';
import { Header, cell, date, inCell, norm, num, reqDate, reqNum } from '../table.ts';
import type { TxType } from '../types.ts';
import { splitAccount, trade, type Broker, type ParserCtx } from './common.ts';

/** IBKR writes `-` for "no value" in text columns too. */
function text(row: CsvRow, col: number): string {
  const s = cell(row, col);
  return s === '-' ? '' : s;
}

const TIME = /^\d{1,2}:\d{2}(:\d{2})?$/;

/** The sections holding positions: Summary rows are the holdings, Lot rows their tax lots. */
const POSITION_SECTIONS = new Set(['open positions', 'long open positions', 'short open positions']);
const LOOKED_FOR = 'an Open Positions, Long Open Positions or Short Open Positions section, a Cash Report, a Net Asset Value section or Trades';

/**
 * Statements re-saved without quoting split `2025-03-27, 10:30:15` into two cells; join them back so the
 * columns after Date/Time line up with the header again.
 */
function rejoinDateTime(row: CsvRow, h: Header): CsvRow {
  const dt = h.find('date/time');
  if (dt < 0 || row.cells.length <= h.names.length + 0) return row;
  if (!TIME.test(row.cells[dt + 1] ?? '')) return row;
  const cells = [...row.cells];
  cells.splice(dt, 2, `${cells[dt]} ${cells[dt + 1]}`);
  return { ...row, cells };
}

export async function ibkrStatement(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  const headers = new Map<string, Header>();
  let number = '';
  let name = 'Interactive Brokers';
  let base = 'USD';
  let acct: ReturnType<typeof sink.account> | null = null;
  const getAcct = () => (acct ??= sink.account(name, number, base));
  const cashByCurrency: Array<{ currency: string; value: Decimal; line: number }> = [];
  let navCash: { value: Decimal; line: number } | null = null;
  let sawPositions = false;
  let sawTrades = false;
  let statementLine = 0;
  for await (const raw of rows) {
    const section = norm(raw.cells[0] ?? '');
    const kind = norm(raw.cells[1] ?? '');
    if (kind === 'header') {
      headers.set(section, new Header(raw));
      continue;
    }
    const h = headers.get(section);
    if (section === 'statement' && kind === 'data' && norm(cell(raw, 2)) === 'period') {
      // `January 1, 2025 - March 31, 2025` (its commas may have split it over cells): as of the end date.
      const period = raw.cells.slice(3).join(', ');
      const end = period.split(/\s+-\s+/).pop() ?? '';
      sink.asOf = inCell(file, raw, 3, () => parseDate(end.trim()));
      continue;
    }
    if (section === 'account information' && kind === 'data') {
      const field = norm(cell(raw, 2));
      const value = cell(raw, 3);
      if (field === 'account') number = splitAccount(value.replace(/\s*\(.*\)$/, '')).number || value.split(' ')[0]!;
      else if (field === 'name') name = value;
      else if (field === 'base currency') base = value;
      continue;
    }
    if (section === 'statement' && !statementLine) statementLine = raw.line;
    if (!h || kind !== 'data') continue; // Total / SubTotal / Notes rows are skipped by their label
    const row = rejoinDateTime(raw, h);
    if (section === 'net asset value') {
      const cls = norm(cell(row, h.need(file, 'asset class')));
      const current = num(file, row, h.need(file, 'current total'));
      if (cls === 'cash' && current !== null) navCash = { value: current, line: row.line };
      if (cls === 'total') sink.fileTotal(getAcct(), current, row.line);
      continue;
    }
    if (section === 'base currency exchange rate') {
      const r = num(file, row, h.need(file, 'rate'));
      if (r !== null) sink.rate(cell(row, h.need(file, 'currency')), r);
      continue;
    }
    if (section === 'cash report') {
      const what = norm(cell(row, h.need(file, 'currency summary')));
      const cur = cell(row, h.need(file, 'currency'));
      if (what === 'ending cash' && cur && !/base currency/i.test(cur)) {
        cashByCurrency.push({ currency: cur, value: reqNum(file, row, h.need(file, 'total'), 'ending cash'), line: row.line });
      }
      continue;
    }
    if (POSITION_SECTIONS.has(section)) {
      const disc = h.has('datadiscriminator') ? norm(cell(row, h.find('datadiscriminator'))) : 'summary';
      if (disc === 'lot') {
        // A lot of the Summary row above (same symbol): a tax lot, never a second holding. Without an Open
        // date (current statements) there is nothing to add to the Summary row.
        if (h.has('open')) {
          const quantity = reqNum(file, row, h.need(file, 'quantity'), 'quantity');
          sink.lot({
            account: accountKey(getAcct()),
            symbol: cell(row, h.need(file, 'symbol')),
            acquired: reqDate(file, row, h.need(file, 'open')),
            quantity,
            costPerShare: num(file, row, h.find('cost price')),
            costBasis: reqNum(file, row, h.need(file, 'cost basis'), 'cost basis'),
            line: row.line,
          });
        }
        continue;
      }
      if (disc !== 'summary') continue;
      sawPositions = true;
      const cur = cell(row, h.need(file, 'currency'));
      const mult = num(file, row, h.find('mult'));
      sink.position(getAcct(), {
        symbol: cell(row, h.need(file, 'symbol')),
        description: '',
        assetType: cell(row, h.find('asset category')),
        quantity: num(file, row, h.need(file, 'quantity')),
        price: num(file, row, h.find('close price')),
        marketValue: reqNum(file, row, h.need(file, 'value'), 'value'),
        costBasis: num(file, row, h.find('cost basis')),
        isCash: false,
        currency: cur,
        line: row.line,
      });
      if (mult !== null && !mult.eq(1) && !/option|future/i.test(cell(row, h.find('asset category')))) {
        sink.warn(row.line, `multiplier ${mult.toFixed()} on a non-derivative position`);
      }
      continue;
    }
    if (section === 'trades') {
      sawTrades = true;
      const disc = h.has('datadiscriminator') ? norm(cell(row, h.find('datadiscriminator'))) : 'order';
      if (disc !== 'order' && disc !== 'trade') continue; // ClosedLot / Execution rows would double count
      const qty = num(file, row, h.need(file, 'quantity'));
      const type: TxType = qty === null ? 'other' : qty.isNegative() ? 'sell' : 'buy';
      const proceeds = num(file, row, h.need(file, 'proceeds'));
      const comm = num(file, row, h.find('comm/fee', 'comm in usd'));
      sink.transaction(trade(row, {
        account: cell(row, h.find('account')) || number,
        date: reqDate(file, row, h.need(file, 'date/time')),
        type,
        rawAction: type === 'buy' ? 'Buy' : 'Sell',
        symbol: cell(row, h.need(file, 'symbol')) || null,
        description: cell(row, h.find('asset category')),
        quantity: qty,
        price: num(file, row, h.find('t. price')),
        amount: proceeds === null ? null : proceeds.plus(comm ?? dec(0)),
        fees: comm === null ? null : comm.abs(),
        currency: cell(row, h.need(file, 'currency')),
      }));
    }
  }
  if (cashByCurrency.length > 0) {
    for (const c of cashByCurrency) {
      sink.position(getAcct(), { symbol: c.currency, description: `${c.currency} cash`, assetType: 'Cash', quantity: c.value, price: null, marketValue: c.value, costBasis: null, isCash: true, currency: c.currency, line: c.line });
    }
  } else if (navCash) {
    sink.position(getAcct(), { symbol: base, description: `Cash (${base})`, assetType: 'Cash', quantity: navCash.value, price: null, marketValue: navCash.value, costBasis: null, isCash: true, currency: base, line: navCash.line });
  }
  ctx.kind = sawPositions || navCash || cashByCurrency.length > 0 ? 'positions' : 'transactions';
  if (ctx.kind === 'transactions' && !sawTrades && !headers.has('trades')) {
    // Never an empty import without a word: say which sections Keel looked for.
    throw new ImportError(
      { file, line: statementLine || 1, column: 1, reason: 'NO_DATA' },
      `this IBKR Activity Statement holds nothing Keel reads: it found no ${LOOKED_FOR}`,
    );
  }
}

export async function ibkrTransactionHistory(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let base = 'USD';
  let h: Header | null = null;
  for await (const row of rows) {
    const section = norm(row.cells[0] ?? '');
    const kind = norm(row.cells[1] ?? '');
    if (section === 'summary' && kind === 'data' && norm(cell(row, 2)) === 'base currency') base = cell(row, 3);
    if (section !== 'transaction history') continue;
    if (kind === 'header') {
      h = new Header(row); // note the header's `Gross Amount ` with a trailing space: cells are trimmed
      continue;
    }
    if (!h || kind !== 'data') continue;
    const rawAction = cell(row, h.need(file, 'transaction type'));
    const type = classify(rawAction);
    const comm = num(file, row, h.find('commission'));
    sink.transaction(trade(row, {
      account: text(row, h.find('account')),
      date: reqDate(file, row, h.need(file, 'date')),
      type,
      rawAction,
      symbol: text(row, h.find('symbol')) || null,
      description: text(row, h.find('description')),
      quantity: num(file, row, h.find('quantity')),
      price: num(file, row, h.find('price')),
      amount: num(file, row, h.need(file, 'net amount')),
      fees: comm === null ? null : comm.abs(),
      currency: base,
    }));
  }
}

const FLEX_CODES = new Set(['bof', 'eof', 'boa', 'eoa', 'bos', 'eos']);

/** `VT(US9220427424) CASH DIVIDEND …` → VT. */
function symbolFromDescription(desc: string): string | null {
  const m = /^([A-Z0-9.]+)\(/.exec(desc);
  return m ? m[1]! : null;
}

function flexType(raw: string, amount: Decimal | null): TxType {
  const s = raw.toLowerCase();
  if (s === 'buy') return 'buy';
  if (s === 'sell') return 'sell';
  if (/deposits?\/withdrawals?/.test(s)) return amount !== null && amount.isNegative() ? 'withdrawal' : 'deposit';
  return classify(raw);
}

export async function ibkrFlex(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let h: Header | null = null;
  const positions = ctx.sig.layout === 'ibkr-flex-positions';
  for await (const raw of rows) {
    const code = norm(raw.cells[0] ?? '');
    if (FLEX_CODES.has(code)) continue;
    // Flex with section codes prefixes rows with `HEADER,TRNT,…` / `DATA,TRNT,…`.
    if (code === 'header') {
      h = new Header(raw, 2);
      continue;
    }
    const row = raw;
    if (code !== 'data') {
      const cells = raw.cells.map(norm);
      const headerLike = ['currencyprimary', 'buy/sell', 'positionvalue', 'tradedate'].some((c) => cells.includes(c));
      if (headerLike) {
        // Without section codes the header is a plain row (and repeats when queries are concatenated).
        h = new Header(raw);
        continue;
      }
    }
    if (!h) continue;
    const level = h.find('levelofdetail');
    if (level >= 0) {
      const l = norm(cell(row, level));
      if (positions ? l !== 'summary' : l !== 'execution' && l !== '') continue;
    }
    const cur = cell(row, h.find('currencyprimary', 'currency'));
    const account = cell(row, h.find('clientaccountid', 'accountid'));
    if (positions) {
      const fx = num(file, row, h.find('fxratetobase'));
      if (fx !== null && cur) sink.rate(cur, fx);
      sink.position(sink.account(account || 'Interactive Brokers', account, 'USD'), {
        symbol: cell(row, h.need(file, 'symbol')),
        description: cell(row, h.find('description')),
        assetType: cell(row, h.find('assetclass', 'assetcategory')),
        quantity: num(file, row, h.need(file, 'position', 'quantity')),
        price: num(file, row, h.find('markprice')),
        marketValue: reqNum(file, row, h.need(file, 'positionvalue'), 'position value'),
        costBasis: num(file, row, h.find('costbasismoney', 'costbasis')),
        isCash: false,
        currency: cur || 'USD',
        line: row.line,
      });
      continue;
    }
    const dateCol = h.find('tradedate', 'settledate', 'date/time', 'reportdate', 'date');
    const d = reqDate(file, row, dateCol);
    const isin = cell(row, h.find('isin'));
    const symCol = h.find('symbol');
    const desc = cell(row, h.find('description'));
    if (h.has('buy/sell')) {
      const rawAction = cell(row, h.need(file, 'buy/sell'));
      const qty = num(file, row, h.need(file, 'quantity'));
      const money = num(file, row, h.find('trademoney', 'proceeds'));
      const comm = num(file, row, h.find('ibcommission'));
      const commCur = cell(row, h.find('ibcommissioncurrency'));
      const symbol = cell(row, symCol) || isin || null;
      // FX conversions come as trades with no ISIN/symbol.
      let type: TxType = flexType(rawAction, null);
      if (!symbol) type = 'other';
      let fees: Decimal | null = comm === null ? null : comm.abs();
      if (fees !== null && commCur && cur && commCur !== cur) {
        sink.warn(row.line, `commission ${fees.toFixed()} is in ${commCur}, not ${cur}; left out of fees`);
        fees = null;
      }
      sink.transaction(trade(row, {
        account,
        date: d,
        type,
        rawAction,
        symbol,
        description: desc || (symbol ? '' : `FX trade ${cur}`),
        quantity: qty,
        price: num(file, row, h.find('tradeprice')),
        // TradeMoney is positive for buys: the cash effect is its negation.
        amount: money === null ? null : money.negated(),
        fees,
        currency: cur || 'USD',
      }));
      continue;
    }
    const rawAction = cell(row, h.need(file, 'type'));
    const amount = num(file, row, h.need(file, 'amount'));
    sink.transaction({
      account,
      date: d,
      settleDate: h.find('settledate') >= 0 ? date(file, row, h.find('settledate')) : null,
      type: flexType(rawAction, amount),
      rawAction,
      symbol: cell(row, symCol) || symbolFromDescription(desc) || isin || null,
      description: desc,
      quantity: null,
      price: null,
      amount,
      fees: null,
      currency: cur || 'USD',
      line: row.line,
    });
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'ibkr',
  layouts: [
    // Activity statements: every row is `Section,Header|Data|Total,…`.
    { layout: 'ibkr-activity-statement', kind: 'positions', prefix: ['statement', 'data', 'title', 'activity statement'], parse: ibkrStatement },
    { layout: 'ibkr-transaction-history', kind: 'transactions', prefix: ['statement', 'data', 'title', 'transaction history'], parse: ibkrTransactionHistory },
    { layout: 'ibkr-activity-statement', kind: 'positions', prefix: ['open positions', 'header'], parse: ibkrStatement },
    { layout: 'ibkr-activity-statement', kind: 'positions', prefix: ['long open positions', 'header'], parse: ibkrStatement },
    { layout: 'ibkr-activity-statement', kind: 'positions', prefix: ['short open positions', 'header'], parse: ibkrStatement },
    { layout: 'ibkr-activity-statement', kind: 'transactions', prefix: ['trades', 'header'], parse: ibkrStatement },
    { layout: 'ibkr-transaction-history', kind: 'transactions', prefix: ['transaction history', 'header', 'date'], parse: ibkrTransactionHistory },
    { layout: 'ibkr-flex-positions', kind: 'positions', all: ['symbol', 'position', 'markprice', 'positionvalue'], parse: ibkrFlex },
    { layout: 'ibkr-flex-trades', kind: 'transactions', all: ['buy/sell', 'tradedate', 'quantity', 'tradeprice'], parse: ibkrFlex },
    { layout: 'ibkr-flex-cash', kind: 'transactions', all: ['type', 'amount', 'currencyprimary', 'description'], parse: ibkrFlex },
  ],
};
