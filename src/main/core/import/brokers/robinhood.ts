// Robinhood activity: all cells quoted, M/D/YYYY, `($2,430.04)` negatives, multi-line descriptions (a CUSIP
// line), quantities like `2S`, trans codes (Buy, Sell, BTO, STC, CDIV, ACH, SPL, OEXP…), a disclaimer at the end.
import { parseNumber } from '../numbers.ts';
import type { CsvRow } from '../csv.ts';
import { classify, signQuantity } from '../classify.ts';
import { cell, date, inCell, num, reqDate } from '../table.ts';
import type { TxType } from '../types.ts';
import { dataRows, type Broker, type ParserCtx } from './common.ts';

const CODES: Record<string, TxType> = {
  buy: 'buy', bto: 'buy', btc: 'buy', sell: 'sell', sto: 'sell', stc: 'sell', cdiv: 'dividend', mdiv: 'dividend',
  spl: 'split', sprd: 'split', int: 'interest', gold: 'fee', dtax: 'tax', nra: 'tax', rec: 'transfer', oexp: 'other',
};

export async function robinhood(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  for await (const [row, h] of dataRows(rows, sink, 'activity date')) {
    const code = cell(row, h.need(file, 'trans code'));
    const amount = num(file, row, h.need(file, 'amount'));
    let type = CODES[code.toLowerCase()] ?? classify(code);
    if (code.toUpperCase() === 'ACH') type = amount !== null && amount.isNegative() ? 'withdrawal' : 'deposit';
    const qCol = h.need(file, 'quantity');
    // `2S`: the suffix marks shares on option expirations; the number is the quantity.
    const qRaw = cell(row, qCol).replace(/S$/i, '');
    sink.transaction({
      account: cell(row, h.find('account type')) || 'Robinhood',
      date: reqDate(file, row, 0),
      settleDate: date(file, row, h.find('settle date')),
      type,
      rawAction: code,
      symbol: cell(row, h.need(file, 'instrument')) || null,
      description: cell(row, h.find('description')).replace(/\s*\n\s*/g, ' '),
      quantity: signQuantity(type, inCell(file, row, qCol, () => parseNumber(qRaw))),
      price: num(file, row, h.need(file, 'price')),
      amount,
      fees: null,
      currency: 'USD',
      line: row.line,
    });
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'robinhood',
  layouts: [
    { layout: 'robinhood-activity', kind: 'transactions', all: ['activity date', 'settle date', 'instrument', 'trans code', 'quantity', 'price', 'amount'], parse: robinhood },
  ],
};
