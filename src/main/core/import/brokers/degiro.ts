// DEGIRO: Account statement (Account.csv; EN/NL/PT headers in a fixed column order, DD-MM-YYYY, decimal commas
// in quoted cells mixed with decimal points in the same NL file, Order Id wrapped onto a continuation line),
// Transactions.csv and Portfolio.csv.
import { dec, type Decimal } from '../../money.ts';
import type { CsvRow } from '../csv.ts';
import { classify, signQuantity } from '../classify.ts';
import { parseNumber } from '../numbers.ts';
import { Header, cell, date, inCell, norm, num, reqDate, reqNum } from '../table.ts';
import type { TxType } from '../types.ts';
import { trade, type Broker, type ParserCtx } from './common.ts';

const COMMA = { decimal: 'comma' } as const;
const DMY = { order: 'DMY' } as const;

/** `Koop 1 @ 33,9 USD`, `Compra 6 ISHARES MSCI WOR A@49,785 EUR (IE…)`, `Sell 4 AVIVA@496 GBX (GB…)`. */
const TRADE = /^(koop|verkoop|buy|sell|compra|venda|achat|vente|kauf|verkauf)\s+([\d.,]+)\b[^@]*@\s*([\d.,]+)\s+([A-Z]{3})/i;
const SELL_WORDS = /^(verkoop|sell|venda|vente|verkauf)$/i;

export async function degiroAccount(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let headerSeen = false;
  for await (const row of rows) {
    if (!headerSeen) {
      headerSeen = norm(cell(row, 4)) === 'isin';
      continue;
    }
    // `,,,,,,,,,,,b017-a61a6d03c3e7`: the rest of the previous row's Order Id, wrapped by DEGIRO.
    if (row.cells.slice(0, 11).every((c) => c === '')) continue;
    const description = cell(row, 5);
    const trade = TRADE.exec(description);
    let type: TxType = /^reservation/i.test(description) ? 'other' : classify(description);
    let quantity: Decimal | null = null;
    let price: Decimal | null = null;
    if (trade) {
      type = SELL_WORDS.test(trade[1]!) ? 'sell' : 'buy';
      quantity = inCell(file, row, 5, () => parseNumber(trade[2]!, COMMA));
      price = inCell(file, row, 5, () => parseNumber(trade[3]!, COMMA));
    }
    const amountCur = cell(row, 7);
    sink.transaction({
      account: 'DEGIRO',
      date: reqDate(file, row, 0, DMY),
      settleDate: date(file, row, 2, DMY),
      type,
      rawAction: description,
      symbol: cell(row, 4) || null,
      description: cell(row, 3),
      quantity: signQuantity(type, quantity),
      price,
      amount: num(file, row, 8, COMMA),
      fees: null,
      currency: amountCur || cell(row, 9) || 'EUR',
      line: row.line,
    });
  }
}

export async function degiroTransactions(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  let h: Header | null = null;
  for await (const row of rows) {
    if (!h) {
      if (norm(cell(row, 0)) === 'date' && row.cells.map(norm).includes('isin')) h = new Header(row);
      continue;
    }
    const qty = reqNum(file, row, h.need(file, 'quantity'), 'quantity', COMMA);
    const type: TxType = qty.isNegative() ? 'sell' : 'buy';
    const priceCol = h.need(file, 'price');
    const fee = num(file, row, h.find('transaction and/or third party fees eur', 'transaction costs'), COMMA);
    const autoFx = num(file, row, h.find('autofx fee'), COMMA);
    const fees = fee === null && autoFx === null ? null : (fee ?? dec(0)).abs().plus((autoFx ?? dec(0)).abs());
    sink.transaction(trade(row, {
      account: 'DEGIRO',
      date: reqDate(file, row, 0, DMY),
      type,
      rawAction: type === 'buy' ? 'Buy' : 'Sell',
      symbol: cell(row, h.need(file, 'isin')) || null,
      description: cell(row, h.find('product')),
      quantity: qty,
      // Price is in the currency of the unnamed column after it; the amount is Total EUR.
      price: num(file, row, priceCol, COMMA),
      amount: num(file, row, h.need(file, 'total eur', 'total'), COMMA),
      fees,
      currency: 'EUR',
    }));
    const priceCur = cell(row, priceCol + 1);
    if (priceCur && priceCur !== 'EUR') sink.warn(row.line, `price is in ${priceCur}; amount and fees in EUR`);
  }
}

export async function degiroPortfolio(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  const acct = sink.account('DEGIRO', '', 'EUR');
  let h: Header | null = null;
  for await (const row of rows) {
    if (!h) {
      if (norm(cell(row, 0)) === 'product') h = new Header(row);
      continue;
    }
    // Columns by position: Product, Symbol/ISIN, Amount, Closing, Local value (currency), (amount), Value in EUR.
    const product = cell(row, 0);
    const isCash = /^cash & cash fund|^cash\b/i.test(product);
    const local = reqNum(file, row, 5, 'local value', COMMA);
    const eur = num(file, row, 6, COMMA);
    const cur = cell(row, 4) || 'EUR';
    sink.position(acct, {
      symbol: cell(row, 1) || product,
      description: product,
      assetType: isCash ? 'Cash' : '',
      quantity: num(file, row, 2, COMMA),
      price: num(file, row, 3, COMMA),
      marketValue: local,
      costBasis: null,
      isCash,
      currency: cur,
      ...(eur !== null ? { baseValue: eur } : {}),
      line: row.line,
    });
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'degiro',
  layouts: [
    // Account statements localise their headers; the column order is fixed.
    { layout: 'degiro-account-statement', kind: 'transactions', prefix: ['date', 'time', 'value date', 'product', 'isin', 'description', 'fx', 'change'], parse: degiroAccount },
    { layout: 'degiro-account-statement', kind: 'transactions', prefix: ['datum', 'tijd', 'valutadatum', 'product', 'isin', 'omschrijving', 'fx', 'mutatie'], parse: degiroAccount },
    { layout: 'degiro-account-statement', kind: 'transactions', prefix: ['data', 'hora', 'data valor', 'produto', 'isin', 'descrição', 't.', 'mudança'], parse: degiroAccount },
    { layout: 'degiro-transactions', kind: 'transactions', all: ['date', 'product', 'isin', 'quantity', 'price', 'local value', 'total eur'], parse: degiroTransactions },
    { layout: 'degiro-portfolio', kind: 'positions', prefix: ['product', 'symbol/isin', 'amount', 'closing', 'local value'], parse: degiroPortfolio },
    { layout: 'degiro-portfolio', kind: 'positions', prefix: ['product', 'symbool/isin', 'aantal', 'slotkoers', 'lokale waarde'], parse: degiroPortfolio },
  ],
};
