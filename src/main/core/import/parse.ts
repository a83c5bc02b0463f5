// Entry point: stream a broker CSV, detect its layout from the header content, hand the rows to the broker's
// parser and finish into a ParseResult. Any failure throws an ImportError and nothing is returned.
import { readCsvRows, type CsvInput, type CsvRow } from './csv.ts';
import { MAX_SCAN, detectLayout, unknownLayout } from './detect.ts';
import { ImportError } from './errors.ts';
import type { StreamedTx } from './history.ts';
import { Sink, type SinkOptions } from './sink.ts';
import { CleanedCells, withCleaned } from './untrusted.ts';
import type { ParseResult, Transaction } from './types.ts';
import type { BrokerParser, ParserCtx } from './brokers/common.ts';
import { schwabBalances, schwabLots, schwabPositions, schwabTransactions } from './brokers/schwab.ts';
import { fidelityHistory, fidelityPositions } from './brokers/fidelity.ts';
import { vanguard } from './brokers/vanguard.ts';
import { etradePortfolio, etradeTransactions } from './brokers/etrade.ts';
import { ibkrFlex, ibkrStatement, ibkrTransactionHistory } from './brokers/ibkr.ts';
import { degiroAccount, degiroPortfolio, degiroTransactions } from './brokers/degiro.ts';
import { zerodhaHoldings, zerodhaTradebook } from './brokers/zerodha.ts';
import { robinhood } from './brokers/robinhood.ts';
import { tdAmeritrade } from './brokers/tdameritrade.ts';
import { trading212 } from './brokers/trading212.ts';
import { merrillActivity, merrillHoldings } from './brokers/merrill.ts';
import { webullOrders } from './brokers/webull.ts';

const PARSERS: Record<string, BrokerParser> = {
  'ibkr-activity-statement': ibkrStatement,
  'ibkr-transaction-history': ibkrTransactionHistory,
  'ibkr-flex-positions': ibkrFlex,
  'ibkr-flex-trades': ibkrFlex,
  'ibkr-flex-cash': ibkrFlex,
  'schwab-positions-2026': schwabPositions,
  'schwab-positions-2024': schwabPositions,
  'schwab-positions-2020': schwabPositions,
  'schwab-balances': schwabBalances,
  'schwab-lot-details': schwabLots,
  'schwab-transactions': schwabTransactions,
  'fidelity-positions-2021': fidelityPositions,
  'fidelity-positions-2023': fidelityPositions,
  'fidelity-history-2025': fidelityHistory,
  'fidelity-history-2022': fidelityHistory,
  'fidelity-history-2021': fidelityHistory,
  'vanguard-ofx': vanguard,
  'vanguard-529': vanguard,
  'etrade-portfolio': etradePortfolio,
  'etrade-transactions-2025': etradeTransactions,
  'etrade-transactions-old': etradeTransactions,
  'degiro-account-statement': degiroAccount,
  'degiro-transactions': degiroTransactions,
  'degiro-portfolio': degiroPortfolio,
  'zerodha-kite-holdings': zerodhaHoldings,
  'zerodha-tradebook': zerodhaTradebook,
  'robinhood-activity': robinhood,
  'tdameritrade-transactions': tdAmeritrade,
  'trading212-history': trading212,
  'merrill-holdings': merrillHoldings,
  'merrill-activity': merrillActivity,
  'webull-orders': webullOrders,
};

export interface ParseOptions {
  /**
   * Receive transactions one by one instead of in `result.transactions` (which then stays empty), so a
   * 1M-row history goes to the database with bounded memory. The caller must discard what it received if the
   * promise rejects (run the inserts in one transaction and roll back).
   */
  onTransaction?: (tx: Transaction) => void;
  /**
   * Like onTransaction (and instead of it), but a parser with a fast path may hand over numbers already in
   * integer micro-units (canonical digit strings): the same values toHistoryRow would make of its Decimals.
   */
  onStreamed?: (tx: StreamedTx) => void;
  /** Called once the layout is known, before the first transaction is emitted. */
  onDetect?: (detection: { broker: string; layout: string; kind: string }) => void;
}

/** The rows read while detecting, then the rest (a plain iterator: an async generator costs ticks per row). */
function replay(head: CsvRow[], rest: AsyncIterator<CsvRow>): AsyncIterableIterator<CsvRow> {
  let i = 0;
  const iterator: AsyncIterableIterator<CsvRow> = {
    next(): Promise<IteratorResult<CsvRow>> {
      if (i < head.length) return Promise.resolve({ value: head[i++]!, done: false });
      return rest.next();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** Parses one broker export. Throws ImportError (file, line, column, reason) on any problem. */
export async function parseBrokerFile(
  name: string,
  input: CsvInput,
  opts: ParseOptions = {},
): Promise<ParseResult> {
  const cleaned = new CleanedCells();
  const rows = readCsvRows(input, name, { onCleaned: cleaned.onCleaned })[Symbol.asyncIterator]();
  const head: CsvRow[] = [];
  let found = null;
  while (head.length < MAX_SCAN) {
    const r = await rows.next();
    if (r.done) break;
    head.push(r.value);
    found = detectLayout(head.slice(-1));
    if (found) break;
  }
  if (!found) {
    if (head.length === 0) throw new ImportError({ file: name, line: 1, column: 1, reason: 'EMPTY' }, 'the file is empty');
    throw unknownLayout(name, head);
  }
  const { sig } = found;
  opts.onDetect?.({ broker: sig.broker, layout: sig.layout, kind: sig.kind });
  const sinkOpts: SinkOptions = opts.onTransaction
    ? { onTransaction: opts.onTransaction }
    : opts.onStreamed
      ? { onStreamed: opts.onStreamed }
      : {};
  const sink = new Sink(name, sinkOpts);
  const ctx: ParserCtx = { file: name, sink, sig, kind: sig.kind, layout: sig.layout };
  const parser = PARSERS[sig.layout];
  if (!parser) throw unknownLayout(name, head);
  await parser(replay(head, rows), ctx);
  const result = sink.finish({ broker: sig.broker, layout: ctx.layout, kind: ctx.kind });
  return withCleaned(result, cleaned);
}
