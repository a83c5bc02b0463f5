// Fidelity: Portfolio_Positions (2021 `Cost Basis Per Share`; 2023–mid 2026 title case; mid 2026 on sentence
// case) and Accounts_History (2021–22 with `($)` suffixes, 2022 multi-currency, Dec 2025 all-accounts).
import { dec } from '../../money.ts';
import type { CsvRow } from '../csv.ts';
import { parseDate } from '../dates.ts';
import { classify } from '../classify.ts';
import { Header, cell, date, inCell, num, reqDate, reqNum } from '../table.ts';
import { accountKeyOf, historyTx, isFooter, type Broker, type ParserCtx } from './common.ts';

/** Core cash: `SPAXX**`, `FZFXX**`, `FCASH**`, `USD***` — the asterisks mark the sweep. */
const CORE_CASH = /\*\*+$/;

function downloadDate(ctx: ParserCtx, row: CsvRow): void {
  // `Date downloaded Apr-12-2026 6:21 p.m ET`, `Date downloaded 06/02/2022`, `"Date downloaded" 12/31/2021`.
  const m = /^"?date downloaded"?\s*(.*)$/i.exec(row.cells[0] ?? '');
  if (!m) return;
  const d = /([A-Za-z]{3}-\d{1,2}-\d{4}|\d{1,2}\/\d{1,2}\/\d{4})/.exec(m[1]!);
  if (d) ctx.sink.asOf = inCell(ctx.file, row, 0, () => parseDate(d[1]!));
}

export async function fidelityPositions(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let h: Header | null = null;
  let c = { num: 0, name: 0, sym: 0, desc: 0, qty: 0, price: 0, mv: 0, cost: 0, costPer: 0, type: 0 };
  for await (const row of rows) {
    if (!h) {
      if (/^account number$/i.test(row.cells[0] ?? '')) {
        h = new Header(row);
        if (row.cells[0] === 'Account number') ctx.layout = 'fidelity-positions-2026';
        c = {
          num: h.need(file, 'account number'),
          name: h.find('account name'),
          sym: h.need(file, 'symbol'),
          desc: h.find('description'),
          qty: h.need(file, 'quantity'),
          price: h.need(file, 'last price'),
          mv: h.need(file, 'current value'),
          cost: h.find('cost basis total', 'cost basis'),
          costPer: h.find('average cost basis', 'cost basis per share'),
          type: h.find('type'),
        };
      }
      continue;
    }
    downloadDate(ctx, row);
    if (isFooter(row, h.names.length, sink)) continue;
    const a = sink.account(cell(row, c.name) || cell(row, c.num), cell(row, c.num));
    const sym = cell(row, c.sym);
    const pending = /^pending activity$/i.test(sym) || /^pending activity$/i.test(cell(row, c.desc));
    const isCash = CORE_CASH.test(sym) || pending;
    const mv = reqNum(file, row, c.mv, 'current value');
    if (pending) sink.warn(row.line, `pending activity ${mv.toFixed()} counted as cash in ${a.number}`);
    const quantity = num(file, row, c.qty);
    const costBasis = num(file, row, c.cost);
    sink.position(a, {
      symbol: sym || cell(row, c.desc),
      description: pending ? 'Pending Activity' : cell(row, c.desc),
      assetType: pending ? 'Pending Activity' : /^-/.test(sym) ? 'Option' : cell(row, c.type),
      // Core cash rows leave quantity and price empty; we do not invent them.
      quantity,
      price: num(file, row, c.price),
      marketValue: mv,
      costBasis,
      isCash,
      currency: 'USD',
      line: row.line,
    });
  }
}

/** `History_for_Account_X99999999.csv`: single-account files have no Account column. */
function accountFromFileName(file: string): string {
  const m = /History_for_Account_([A-Z0-9]+)/i.exec(file);
  return m ? m[1]! : '';
}

export async function fidelityHistory(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let h: Header | null = null;
  const fallback = accountFromFileName(file);
  let c = { date: 0, acct: -1, acctNo: -1, action: 0, sym: 0, desc: 0, type: 0, qty: 0, price: 0, comm: 0, fees: 0, amount: 0, settle: 0, cur: -1 };
  for await (const row of rows) {
    if (!h) {
      if (/^run date$/i.test(row.cells[0] ?? '')) {
        h = new Header(row);
        c = {
          date: 0,
          acct: h.find('account'),
          acctNo: h.find('account number'),
          action: h.need(file, 'action'),
          sym: h.need(file, 'symbol'),
          desc: h.find('security description', 'description'),
          type: h.find('security type', 'type'),
          qty: h.need(file, 'quantity'),
          price: h.need(file, 'price ($)', 'price'),
          comm: h.find('commission ($)', 'commission'),
          fees: h.find('fees ($)', 'fees'),
          amount: h.need(file, 'amount ($)', 'amount'),
          settle: h.find('settlement date'),
          cur: h.find('currency'),
        };
      }
      continue;
    }
    downloadDate(ctx, row);
    if (isFooter(row, h.names.length, sink)) continue;
    let account = fallback;
    if (c.acctNo >= 0) account = cell(row, c.acctNo);
    else if (c.acct >= 0) {
      account = accountKeyOf(cell(row, c.acct));
    }
    const rawAction = cell(row, c.action);
    const type = classify(rawAction);
    const comm = num(file, row, c.comm);
    const fees = num(file, row, c.fees);
    const qty = num(file, row, c.qty);
    sink.transaction(historyTx(row, {
      account,
      date: reqDate(file, row, c.date),
      settleDate: date(file, row, c.settle),
      type,
      rawAction,
      symbol: cell(row, c.sym) || null,
      description: cell(row, c.desc),
      // Cash rows carry Quantity 0; that is "no quantity", not a zero-share trade.
      quantity: qty,
      price: num(file, row, c.price),
      amount: num(file, row, c.amount),
      fees: comm === null && fees === null ? null : (comm ?? dec(0)).plus(fees ?? dec(0)),
      currency: cell(row, c.cur) || 'USD',
    }));
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'fidelity',
  layouts: [
    { layout: 'fidelity-positions-2021', kind: 'positions', all: ['account number', 'account name', 'symbol', 'current value', 'cost basis per share'], parse: fidelityPositions },
    { layout: 'fidelity-positions-2023', kind: 'positions', all: ['account number', 'account name', 'symbol', 'current value', 'cost basis total'], parse: fidelityPositions },
    { layout: 'fidelity-history-2025', kind: 'transactions', all: ['run date', 'account', 'account number', 'action', 'symbol', 'amount', 'settlement date'], parse: fidelityHistory },
    { layout: 'fidelity-history-2022', kind: 'transactions', all: ['run date', 'action', 'symbol', 'exchange quantity', 'amount', 'settlement date'], parse: fidelityHistory },
    { layout: 'fidelity-history-2021', kind: 'transactions', all: ['run date', 'action', 'symbol', 'amount ($)', 'settlement date'], parse: fidelityHistory },
  ],
};
