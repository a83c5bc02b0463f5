// Trading 212 history: columns vary with the fees present (French transaction tax, Finra fee, stamp duty…),
// `Time` became `Time (UTC)` in 2026, 2020 files put the currency in the header (`Total (GBP)`), BOM sometimes.
// Totals are unsigned for trades, so buys are negated to give the cash effect.
import { dec, type Decimal } from '../../money.ts';
import type { CsvRow } from '../csv.ts';
import { classify } from '../classify.ts';
import { Header, cell, num, reqDate } from '../table.ts';
import type { TxType } from '../types.ts';
import { dataRows, trade, type Broker, type ParserCtx } from './common.ts';

const FEES = ['transaction fee', 'finra fee', 'currency conversion fee', 'stamp duty reserve tax', 'french transaction tax', 'stamp duty', 'charge amount', 'ptm levy', 'deposit fee'];

function t212Type(action: string): TxType {
  const a = action.toLowerCase();
  if (/\bbuy\b/.test(a)) return 'buy';
  if (/\bsell\b/.test(a)) return 'sell';
  if (a.startsWith('deposit')) return 'deposit';
  if (a.startsWith('withdrawal')) return 'withdrawal';
  if (a.startsWith('dividend')) return 'dividend';
  if (a.includes('interest')) return 'interest';
  if (a.startsWith('stock split')) return 'split';
  if (a.startsWith('transfer')) return 'transfer';
  return classify(action) === 'other' ? 'other' : classify(action);
}

/** `Total (GBP)` → column and GBP; else `Total` with its `Currency (Total)` column. */
function moneyColumn(h: Header, name: string): { col: number; cur: string | null; curCol: number } {
  const i = h.names.findIndex((n) => n === name || n.startsWith(`${name} (`));
  const m = i >= 0 ? /\(([a-z]{3})\)$/.exec(h.names[i]!) : null;
  return { col: i, cur: m ? m[1]!.toUpperCase() : null, curCol: h.find(`currency (${name})`) };
}

export async function trading212(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  for await (const [row, h] of dataRows(rows, sink, 'action')) {
    const action = cell(row, 0);
    const type = t212Type(action);
    const total = moneyColumn(h, 'total');
    const currency = total.cur ?? (cell(row, total.curCol) || cell(row, h.find('currency (result)')) || 'GBP');
    const amount = num(file, row, total.col);
    let fees: Decimal | null = null;
    for (const f of FEES) {
      const m = moneyColumn(h, f);
      if (m.col < 0) continue;
      const v = num(file, row, m.col);
      if (v === null) continue;
      const cur = m.cur ?? cell(row, m.curCol);
      if (cur && cur !== currency) {
        sink.warn(row.line, `${f} ${v.toFixed()} ${cur} is not in ${currency}; left out of fees`);
        continue;
      }
      fees = (fees ?? dec(0)).plus(v.abs());
    }
    sink.transaction(trade(row, {
      account: 'Trading 212',
      date: reqDate(file, row, h.need(file, 'time (utc)', 'time')),
      type,
      rawAction: action,
      symbol: cell(row, h.find('ticker')) || cell(row, h.find('isin')) || null,
      description: cell(row, h.find('name')),
      quantity: num(file, row, h.need(file, 'no. of shares')),
      price: num(file, row, h.need(file, 'price / share')),
      amount: amount !== null && type === 'buy' ? amount.abs().negated() : amount,
      fees,
      currency,
    }));
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'trading212',
  layouts: [
    { layout: 'trading212-history', kind: 'transactions', all: ['action', 'isin', 'ticker', 'no. of shares', 'price / share'], parse: trading212 },
  ],
};
