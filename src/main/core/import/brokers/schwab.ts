// Charles Schwab: positions (2026 `Qty (Quantity)`/`Asset Type`, 2024–25 `Security Type`, pre-2023 and the
// All-Accounts multi-block file), lot details, the Balances export, and transaction history of all three eras.
import { dec } from '../../money.ts';
import type { CsvRow } from '../csv.ts';
import { parseDate } from '../dates.ts';
import { classify, signMicro, signQuantity } from '../classify.ts';
import { Header, cell, inCell, microNum, norm, num, reqDate, reqNum } from '../table.ts';
import type { MicroNum } from '../history.ts';
import type { Decimal } from '../../money.ts';
import { TOTAL_LABEL, accountKeyOf, isFooter, splitAccount, trade, type Broker, type ParserCtx } from './common.ts';

const CASH_LABEL = /^cash & cash investments$/i;

/** `… as of 02:45 AM ET, 09/25/2020` or `… as of 07:49 PM ET, 2026/07/16`. */
function titleDate(ctx: ParserCtx, row: CsvRow, tail: string): string | null {
  const m = /(\d{1,4}[/-]\d{1,2}[/-]\d{1,4})/.exec(tail);
  return m ? inCell(ctx.file, row, 0, () => parseDate(m[1]!)) : null;
}

export async function schwabPositions(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let acct: ReturnType<typeof sink.account> | null = null;
  let h: Header | null = null;
  let cols = { sym: -1, desc: -1, qty: -1, price: -1, mv: -1, cost: -1, type: -1 };
  for await (const row of rows) {
    const first = row.cells[0] ?? '';
    const title = /^Positions for (?:account )?(.+?) as of (.+)$/i.exec(first);
    if (title && row.cells.filter(Boolean).length === 1) {
      sink.asOf = titleDate(ctx, row, title[2]!);
      if (!/^all-accounts$/i.test(title[1]!)) {
        const a = splitAccount(title[1]!);
        acct = sink.account(a.name, a.number);
      }
      h = null;
      continue;
    }
    const cells = row.cells.map(norm);
    if (cells.includes('symbol') && (cells.includes('market value') || cells.includes('mkt val (market value)'))) {
      h = new Header(row);
      cols = {
        sym: h.need(file, 'symbol'),
        desc: h.find('description'),
        qty: h.need(file, 'qty (quantity)', 'quantity'),
        price: h.need(file, 'price'),
        mv: h.need(file, 'mkt val (market value)', 'market value'),
        cost: h.find('cost basis'),
        type: h.find('asset type', 'security type'),
      };
      if (!acct) acct = sink.account('Schwab', '');
      continue;
    }
    if (!h) {
      // All-Accounts: a one-cell account line (`Brokerage XXXX-1234`) opens each block.
      if (row.cells.filter(Boolean).length === 1) {
        const a = splitAccount(first);
        acct = sink.account(a.name, a.number);
      }
      continue;
    }
    const sym = cell(row, cols.sym);
    if (TOTAL_LABEL.test(sym)) {
      sink.fileTotal(acct!, num(file, row, cols.mv), row.line);
      h = null; // the next block (All-Accounts) starts with its own account line and header
      continue;
    }
    if (isFooter(row, h.names.length, sink)) continue;
    const isCash = CASH_LABEL.test(sym) || /money market/i.test(cell(row, cols.type)) && /^cash/i.test(sym);
    sink.position(acct!, {
      symbol: sym,
      description: isCash && cell(row, cols.desc) === '--' ? sym : cell(row, cols.desc),
      assetType: cell(row, cols.type),
      quantity: num(file, row, cols.qty),
      price: num(file, row, cols.price),
      marketValue: reqNum(file, row, cols.mv, 'market value'),
      costBasis: num(file, row, cols.cost),
      isCash,
      currency: 'USD',
      line: row.line,
    });
  }
}

/** The Balances export: per asset-class blocks ("Stocks", "Money Market"); its Price column holds the value. */
export async function schwabBalances(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let acct = sink.account('Schwab', '');
  let block = '';
  let h: Header | null = null;
  let warned = false;
  for await (const row of rows) {
    const first = row.cells[0] ?? '';
    const title = /^Balances\s+for account (.+?) as of (.+)$/i.exec(first);
    if (title) {
      const a = splitAccount(title[1]!);
      acct = sink.account(a.name, a.number);
      sink.asOf = titleDate(ctx, row, title[2]!);
      continue;
    }
    if (row.cells.length === 1) {
      block = first;
      h = null;
      continue;
    }
    if (norm(first) === 'symbol') {
      h = new Header(row);
      continue;
    }
    if (!h) continue;
    if (!warned) {
      sink.warn(row.line, 'Schwab Balances export: the "Price" column holds the market value; price left empty');
      warned = true;
    }
    sink.position(acct, {
      symbol: first,
      description: cell(row, h.find('description')),
      assetType: block,
      quantity: num(file, row, h.find('quantity')),
      price: null,
      marketValue: reqNum(file, row, h.need(file, 'price'), 'value'),
      costBasis: null,
      // A "Cash" block is the account's cash; money-market funds ("Money Market" block) are held with a quantity:
      // positions, as in Schwab's positions export (import/view.ts).
      isCash: /^cash\b/i.test(block.trim()),
      currency: 'USD',
      line: row.line,
    });
  }
}

export async function schwabLots(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let symbol = '';
  let account = '';
  let h: Header | null = null;
  let qtySum = dec(0);
  for await (const row of rows) {
    const first = row.cells[0] ?? '';
    const title = /^(\S+) Lot Details for (.+?) as of (.+)$/i.exec(first);
    if (title) {
      symbol = title[1]!;
      account = accountKeyOf(title[2]!);
      sink.asOf = titleDate(ctx, row, title[3]!);
      continue;
    }
    if (norm(first) === 'open date') {
      h = new Header(row);
      continue;
    }
    if (!h) continue;
    if (TOTAL_LABEL.test(first)) {
      const q = num(file, row, h.find('quantity'));
      if (q !== null && !q.eq(qtySum)) {
        sink.warn(row.line, `lot quantities add up to ${qtySum.toFixed()} but the file's Total row says ${q.toFixed()}`);
      }
      continue;
    }
    if (isFooter(row, h.names.length, sink)) continue;
    const quantity = reqNum(file, row, h.need(file, 'quantity'), 'quantity');
    qtySum = qtySum.plus(quantity);
    sink.lot({
      account,
      symbol,
      acquired: reqDate(file, row, h.need(file, 'open date')),
      quantity,
      costPerShare: num(file, row, h.find('cost/share')),
      costBasis: reqNum(file, row, h.need(file, 'cost basis'), 'cost basis'),
      line: row.line,
    });
  }
}

/** Late-2023 files have no title; the account is only in the name: `Individual_XXX178_Transactions_….csv`. */
function accountFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const m = /^(.+?)_Transactions_/i.exec(base);
  if (!m) return '';
  return accountKeyOf(m[1]!.replace(/_/g, ' '));
}

export async function schwabTransactions(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let account = accountFromFileName(file);
  let titled = false;
  let h: Header | null = null;
  let sum = dec(0);
  // Streaming (sink.takesMicro): fast-path amounts add up exactly as BigInt micro-units until the first value
  // that took the careful path; from then on everything adds up as Decimals, as without the fast path.
  const micro = sink.takesMicro;
  let sumMicro = 0n;
  let sumIsMicro = true;
  let c = { date: 0, action: 1, sym: 2, desc: 3, qty: 4, price: 5, fees: 6, amount: 7 };
  for await (const row of rows) {
    const first = row.cells[0] ?? '';
    // A data row starts with its date: no title, header, total or footer label starts with a digit.
    const c0 = first.charCodeAt(0);
    const dataLike = c0 >= 48 && c0 <= 57;
    const title = dataLike ? null : /^Transactions\s+for account (.+?) as of (.+)$/i.exec(first);
    if (title) {
      account = accountKeyOf(title[1]!);
      titled = true;
      continue;
    }
    if (!dataLike && norm(first) === 'date' && norm(cell(row, 1)) === 'action') {
      h = new Header(row);
      // 2020–mid 2022: title + trailing comma on the header; Aug 2022–2023: title only; late 2023 on: neither.
      ctx.layout = !titled ? 'schwab-transactions-2023' : row.width > row.cells.length ? 'schwab-transactions-2020' : 'schwab-transactions-2022';
      c = {
        date: 0,
        action: 1,
        sym: h.need(file, 'symbol'),
        desc: h.need(file, 'description'),
        qty: h.need(file, 'quantity'),
        price: h.need(file, 'price'),
        fees: h.need(file, 'fees & comm'),
        amount: h.need(file, 'amount'),
      };
      continue;
    }
    if (!h) continue;
    if (!dataLike && TOTAL_LABEL.test(first)) {
      if (micro && sumIsMicro) sum = dec(sumMicro).div(1_000_000);
      const total = num(file, row, c.amount);
      if (total !== null && !total.eq(sum)) {
        sink.warn(row.line, `amounts add up to ${sum.toFixed()} but the file's Transactions Total is ${total.toFixed()}`);
      }
      continue;
    }
    if (isFooter(row, h.names.length, sink)) continue;
    const rawAction = cell(row, c.action);
    const type = classify(rawAction);
    if (micro) {
      // The same row as below, its numbers as micro-units where the fast path takes them.
      const amount: MicroNum = microNum(file, row, c.amount);
      if (typeof amount === 'string') {
        if (sumIsMicro) sumMicro += BigInt(amount);
        else sum = sum.plus(dec(amount).div(1_000_000));
      } else if (amount !== null) {
        if (sumIsMicro) {
          sum = dec(sumMicro).div(1_000_000);
          sumIsMicro = false;
        }
        sum = sum.plus(amount);
      }
      const date = reqDate(file, row, c.date);
      const sym = cell(row, c.sym);
      const description = cell(row, c.desc);
      const q = microNum(file, row, c.qty);
      sink.streamed({
        account,
        date,
        settleDate: null,
        type,
        rawAction,
        symbol: sym || null,
        description,
        quantity: typeof q === 'string' ? signMicro(type, q) : signQuantity(type, q),
        price: microNum(file, row, c.price),
        amount,
        fees: microNum(file, row, c.fees),
        currency: 'USD',
        line: row.line,
      });
      continue;
    }
    const amount: Decimal | null = num(file, row, c.amount);
    if (amount) sum = sum.plus(amount);
    sink.transaction(trade(row, {
      account,
      date: reqDate(file, row, c.date),
      type,
      rawAction,
      symbol: cell(row, c.sym) || null,
      description: cell(row, c.desc),
      quantity: num(file, row, c.qty),
      price: num(file, row, c.price),
      amount,
      fees: num(file, row, c.fees),
      currency: 'USD',
    }));
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'schwab',
  layouts: [
    { layout: 'schwab-positions-2026', kind: 'positions', all: ['symbol', 'qty (quantity)', 'mkt val (market value)', 'asset type'], parse: schwabPositions },
    { layout: 'schwab-positions-2024', kind: 'positions', all: ['symbol', 'qty (quantity)', 'mkt val (market value)', 'security type'], parse: schwabPositions },
    { layout: 'schwab-positions-2020', kind: 'positions', all: ['symbol', 'description', 'quantity', 'price', 'market value', 'cost basis', 'security type'], parse: schwabPositions },
    { layout: 'schwab-lot-details', kind: 'lots', all: ['open date', 'quantity', 'cost/share', 'cost basis', 'holding period'], parse: schwabLots },
    { layout: 'schwab-balances', kind: 'positions', prefix: ['symbol', 'description', 'quantity', 'price'], width: 4, parse: schwabBalances },
    { layout: 'schwab-transactions', kind: 'transactions', prefix: ['date', 'action', 'symbol', 'description', 'quantity', 'price', 'fees & comm', 'amount'], parse: schwabTransactions },
  ],
};
