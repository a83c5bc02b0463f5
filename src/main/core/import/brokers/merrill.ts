// Merrill Edge: holdings use ` ,` separators and `""` marker lines; each account block opens with
// `, "NAME NUMBER" ,"Value" ,…` and a value line, and ends with `"Total Value:" ,"$…"`. Activity is plain CSV.
import type { CsvRow } from '../csv.ts';
import { classify } from '../classify.ts';
import { Header, cell, date, norm, num, reqDate, reqNum } from '../table.ts';
import { dataRows, historyTx, isFooter, type Broker, type ParserCtx } from './common.ts';

export async function merrillHoldings(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let acct = sink.account('Merrill', '');
  let h: Header | null = null;
  for await (const row of rows) {
    const cells = row.cells.map(norm);
    if (cells[0] === '' && cells[2] === 'value') {
      const label = cell(row, 1);
      const m = /^(.*)\s+(\S+)$/.exec(label);
      acct = sink.account(m ? m[1]! : label, m ? m[2]! : '');
      h = null;
      continue;
    }
    if (cells[0] === 'symbol' && cells.includes('value')) {
      h = new Header(row);
      continue;
    }
    if (/^total value:?$/i.test(cell(row, 0))) {
      sink.fileTotal(acct, num(file, row, 1), row.line);
      h = null;
      continue;
    }
    if (!h || isFooter(row, h.names.length, sink)) continue;
    const sym = cell(row, 0);
    sink.position(acct, {
      symbol: sym,
      description: cell(row, h.find('description')),
      assetType: '',
      quantity: num(file, row, h.need(file, 'quantity')),
      price: num(file, row, h.need(file, 'price')),
      marketValue: reqNum(file, row, h.need(file, 'value'), 'value'),
      costBasis: null,
      isCash: /^(cash|money account|ml direct deposit)/i.test(sym),
      currency: 'USD',
      line: row.line,
    });
  }
}

export async function merrillActivity(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  for await (const [row, h] of dataRows(rows, sink, 'trade date')) {
    const d1 = cell(row, h.find('description 1'));
    const rawType = cell(row, h.need(file, 'type'));
    const type = classify(d1) !== 'other' ? classify(d1) : classify(rawType);
    const qty = num(file, row, h.need(file, 'quantity'));
    const price = num(file, row, h.find('price ($)'));
    if (norm(cell(row, h.find('pending/settled'))) === 'pending') sink.warn(row.line, 'pending activity');
    sink.transaction(historyTx(row, {
      account: cell(row, h.need(file, 'account #')),
      date: reqDate(file, row, 0),
      settleDate: date(file, row, h.find('settlement date')),
      type,
      rawAction: [rawType, d1].filter(Boolean).join(' / '),
      symbol: cell(row, h.need(file, 'symbol/cusip #')) || null,
      description: cell(row, h.find('description 2')) || d1,
      quantity: qty,
      price: price !== null && price.isZero() ? null : price,
      amount: num(file, row, h.need(file, 'amount ($)')),
      fees: null,
      currency: 'USD',
    }));
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'merrill',
  layouts: [
    { layout: 'merrill-holdings', kind: 'positions', all: ['symbol', 'description', 'quantity', 'value', 'price', "day's value change $"], parse: merrillHoldings },
    { layout: 'merrill-activity', kind: 'transactions', all: ['trade date', 'settlement date', 'account #', 'type', 'description 1', 'symbol/cusip #', 'amount ($)'], parse: merrillActivity },
  ],
};
