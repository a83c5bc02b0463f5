// Vanguard OfxDownload.csv: a holdings block, then transaction blocks, separated by blank lines; every row ends
// with a comma. Brokerage files use ISO dates and bare numbers, 529 plans `$` values and MM/DD/YYYY.
import type { CsvRow } from '../csv.ts';
import { classify } from '../classify.ts';
import { Header, cell, date, num, reqDate, reqNum } from '../table.ts';
import { norm } from '../table.ts';
import { historyTx, type Broker, type ParserCtx } from './common.ts';

/** VMFXX is the brokerage settlement fund: cash that keeps its symbol. */
const SETTLEMENT = new Set(['VMFXX']);

type Block = 'holdings' | 'holdings529' | 'tx' | 'tx529' | 'mutualTx' | null;

function blockOf(cells: string[]): Block {
  const has = (c: string) => cells.includes(c);
  if (has('fund account number') && has('total value')) return 'holdings529';
  if (has('investment name') && has('total value')) return 'holdings';
  if (has('trade date') && has('transaction type') && has('net amount') && has('principal amount')) return 'tx';
  if (has('trade date') && has('transaction type') && has('gross amount')) return 'tx529';
  if (has('trade date') && has('transaction activity')) return 'mutualTx';
  return null;
}

export async function vanguard(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let h: Header | null = null;
  let block: Block = null;
  let sawHoldings = false;
  for await (const row of rows) {
    const b = blockOf(row.cells.map(norm));
    if (b) {
      block = b;
      h = new Header(row);
      if (b === 'holdings' || b === 'holdings529') sawHoldings = true;
      continue;
    }
    if (!h || !block) continue;
    if (block === 'holdings' || block === 'holdings529') {
      const is529 = block === 'holdings529';
      const number = cell(row, h.need(file, is529 ? 'fund account number' : 'account number'));
      const acct = sink.account(number, number);
      const sym = is529 ? '' : cell(row, h.need(file, 'symbol'));
      const name = cell(row, h.need(file, is529 ? 'fund name' : 'investment name'));
      sink.position(acct, {
        symbol: sym || name,
        description: name,
        assetType: is529 ? '529 portfolio' : '',
        quantity: num(file, row, h.need(file, 'shares')),
        price: num(file, row, h.need(file, is529 ? 'price' : 'share price')),
        marketValue: reqNum(file, row, h.need(file, 'total value'), 'total value'),
        costBasis: null,
        isCash: SETTLEMENT.has(sym.toUpperCase()),
        currency: 'USD',
        line: row.line,
      });
      continue;
    }
    const rawAction = cell(row, h.find('transaction type', 'transaction activity'));
    const type = classify(rawAction);
    const sym = cell(row, h.find('symbol'));
    sink.transaction(historyTx(row, {
      account: cell(row, h.need(file, 'account number')),
      date: reqDate(file, row, h.need(file, 'trade date')),
      settleDate: date(file, row, h.find('settlement date', 'process date')),
      type,
      rawAction,
      symbol: sym || null,
      description: cell(row, h.find('transaction description')) || cell(row, h.find('investment name')),
      quantity: num(file, row, h.find('shares', 'transaction shares')),
      price: num(file, row, h.find('share price')),
      amount: num(file, row, h.find('net amount', 'dollar amount')),
      fees: num(file, row, h.find('commissions and fees')),
      currency: 'USD',
    }));
  }
  ctx.kind = sawHoldings ? 'positions' : 'transactions';
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'vanguard',
  layouts: [
    // OfxDownload.csv
    { layout: 'vanguard-ofx', kind: 'positions', all: ['account number', 'investment name', 'symbol', 'shares', 'share price', 'total value'], parse: vanguard },
    { layout: 'vanguard-529', kind: 'positions', all: ['fund account number', 'fund name', 'price', 'shares', 'total value'], parse: vanguard },
    { layout: 'vanguard-ofx', kind: 'transactions', all: ['account number', 'trade date', 'settlement date', 'transaction type', 'investment name', 'net amount'], parse: vanguard },
  ],
};
