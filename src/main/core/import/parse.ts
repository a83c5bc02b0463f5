// Entry point: stream a broker CSV, detect its layout from the header content, hand the rows to that layout's
// parser (brokers/registry.ts) and finish into a ParseResult. Any failure throws an ImportError and nothing is
// returned.
import { readCsvRows, type CsvInput, type CsvRow } from './csv.ts';
import { MAX_SCAN, detectLayout, unknownLayout } from './detect.ts';
import { ImportError } from './errors.ts';
import type { StreamedTx } from './history.ts';
import { Sink, type SinkOptions } from './sink.ts';
import { CleanedCells, withCleaned } from './untrusted.ts';
import type { ParseResult, Transaction } from './types.ts';
import type { ParserCtx } from './brokers/common.ts';

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
  await sig.parse(replay(head, rows), ctx);
  const result = sink.finish({ broker: sig.broker, layout: ctx.layout, kind: ctx.kind });
  return withCleaned(result, cleaned);
}
