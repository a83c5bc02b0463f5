// Webull orders: multi-leg strategies come as a parent row (Name, no Symbol) followed by leg rows (Symbol, no
// Name); prices carry an `@` (`@12.97`, `@MKT`); times `03/26/2026 16:01:46 EDT`; no fees or amounts.
import type { CsvRow } from '../csv.ts';
import { parseNumber } from '../numbers.ts';
import { cell, inCell, norm, num, reqDate } from '../table.ts';
import type { TxType } from '../types.ts';
import { dataRows, trade, type Broker, type ParserCtx } from './common.ts';

export async function webullOrders(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let strategy = '';
  for await (const [row, h] of dataRows(rows, sink, 'name', 'symbol')) {
    const name = cell(row, 0);
    const symbol = cell(row, h.need(file, 'symbol'));
    if (!/^filled$/i.test(cell(row, h.need(file, 'status')))) continue; // cancelled/failed orders moved nothing
    if (!symbol) {
      strategy = name; // parent of the legs that follow; the legs are the fills
      continue;
    }
    if (name) strategy = '';
    const side = norm(cell(row, h.need(file, 'side')));
    const type: TxType = side === 'buy' ? 'buy' : side.startsWith('sell') || side === 'short' ? 'sell' : 'other';
    const avgCol = h.find('avg price');
    const priceCol = h.need(file, 'price');
    let price = num(file, row, avgCol);
    if (price === null) {
      const p = cell(row, priceCol).replace(/^@/, '');
      price = /^mkt$/i.test(p) ? null : inCell(file, row, priceCol, () => parseNumber(p));
    }
    sink.transaction(trade(row, {
      account: 'Webull',
      date: reqDate(file, row, h.need(file, 'filled time')),
      type,
      rawAction: cell(row, h.need(file, 'side')),
      symbol,
      description: strategy ? `${strategy} leg` : name,
      quantity: num(file, row, h.need(file, 'filled')),
      price,
      amount: null,
      fees: null,
      currency: 'USD',
    }));
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'webull',
  layouts: [
    { layout: 'webull-orders', kind: 'transactions', all: ['name', 'symbol', 'side', 'status', 'filled', 'avg price', 'filled time'], parse: webullOrders },
  ],
};
