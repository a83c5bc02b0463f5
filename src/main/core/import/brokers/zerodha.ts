// Zerodha: Console tradebook (ISO dates, 6-decimal quantities, optional trailing expiry_date for F&O) and
// Kite holdings (`Instrument,Qty.,Avg. cost,LTP,Cur. val,P&L,Net chg.,Day chg.`). Rupees throughout.
import type { CsvRow } from '../csv.ts';
import { cell, norm, num, reqDate, reqNum } from '../table.ts';
import type { TxType } from '../types.ts';
import { dataRows, trade, type Broker, type ParserCtx } from './common.ts';

export async function zerodhaTradebook(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  for await (const [row, h] of dataRows(rows, sink, 'symbol')) {
    const side = norm(cell(row, h.need(file, 'trade_type')));
    const type: TxType = side === 'buy' ? 'buy' : side === 'sell' ? 'sell' : 'other';
    sink.transaction(trade(row, {
      account: 'Zerodha',
      date: reqDate(file, row, h.need(file, 'trade_date')),
      type,
      rawAction: cell(row, h.need(file, 'trade_type')),
      symbol: cell(row, h.need(file, 'symbol')) || null,
      description: [cell(row, h.find('exchange')), cell(row, h.find('segment')), cell(row, h.find('isin'))].filter(Boolean).join(' '),
      quantity: num(file, row, h.need(file, 'quantity')),
      price: num(file, row, h.need(file, 'price')),
      amount: null, // the tradebook gives no cash amount or charges
      fees: null,
      currency: 'INR',
    }));
  }
}

export async function zerodhaHoldings(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  const acct = sink.account('Zerodha', '', 'INR');
  for await (const [row, h] of dataRows(rows, sink, 'instrument')) {
    const qty = num(file, row, h.need(file, 'qty.'));
    const avg = num(file, row, h.need(file, 'avg. cost'));
    sink.position(acct, {
      symbol: cell(row, 0),
      description: '',
      assetType: 'Equity',
      quantity: qty,
      price: num(file, row, h.need(file, 'ltp')),
      marketValue: reqNum(file, row, h.need(file, 'cur. val'), 'current value'),
      // Kite's P&L is (LTP − avg. cost) × qty, so the invested amount is qty × avg. cost.
      costBasis: qty !== null && avg !== null ? qty.times(avg) : null,
      isCash: false,
      currency: 'INR',
      line: row.line,
    });
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'zerodha',
  layouts: [
    { layout: 'zerodha-kite-holdings', kind: 'positions', all: ['instrument', 'qty.', 'avg. cost', 'ltp', 'cur. val'], parse: zerodhaHoldings },
    { layout: 'zerodha-tradebook', kind: 'transactions', all: ['symbol', 'isin', 'trade_date', 'trade_type', 'quantity', 'price', 'trade_id'], parse: zerodhaTradebook },
  ],
};
