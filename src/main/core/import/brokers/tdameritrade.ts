// TD Ameritrade (legacy) transactions: header ends with ` DEFERRED SALES CHARGE` (leading space), footer
// `***END OF FILE***`. Fees are spread over COMMISSION, REG FEE and the redemption/sales-charge columns.
import { dec } from '../../money.ts';
import type { CsvRow } from '../csv.ts';
import { classify } from '../classify.ts';
import { cell, num, reqDate } from '../table.ts';
import type { TxType } from '../types.ts';
import { dataRows, trade, type Broker, type ParserCtx } from './common.ts';

const FEE_COLUMNS = ['commission', 'reg fee', 'short-term rdm fee', 'fund redemption fee', 'deferred sales charge'];

function tdaType(desc: string): TxType {
  if (/funding receipt|funds now/i.test(desc)) return 'deposit';
  if (/funding disbursement/i.test(desc)) return 'withdrawal';
  return classify(desc);
}

export async function tdAmeritrade(rows: AsyncIterable<CsvRow>, ctx: ParserCtx): Promise<void> {
  const { file, sink } = ctx;
  for await (const [row, h] of dataRows(rows, sink, 'date', 'transaction id')) {
    const desc = cell(row, h.need(file, 'description'));
    const type = tdaType(desc);
    let fees = null;
    for (const f of FEE_COLUMNS) {
      const v = num(file, row, h.find(f));
      if (v !== null && !v.isZero()) fees = (fees ?? dec(0)).plus(v);
    }
    sink.transaction(trade(row, {
      account: 'TD Ameritrade',
      date: reqDate(file, row, 0),
      type,
      rawAction: desc,
      symbol: cell(row, h.need(file, 'symbol')) || null,
      description: desc,
      quantity: num(file, row, h.need(file, 'quantity')),
      price: num(file, row, h.need(file, 'price')),
      amount: num(file, row, h.need(file, 'amount')),
      fees,
      currency: 'USD',
    }));
  }
}

/** How each layout's header row is recognised (normalised cells; see detect.ts) and which parser reads it. */
export const broker: Broker = {
  id: 'tdameritrade',
  layouts: [
    { layout: 'tdameritrade-transactions', kind: 'transactions', all: ['date', 'transaction id', 'description', 'quantity', 'symbol', 'price', 'amount'], parse: tdAmeritrade },
  ],
};
