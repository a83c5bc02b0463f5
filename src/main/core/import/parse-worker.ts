// Worker thread entry: parses one broker file and posts its history rows in batches (micro-units as BigInt,
// plain strings otherwise) to the thread that owns the database connection, then the rest of the ParseResult
// with its Decimals encoded. A shared counter of batches in flight holds the parser back when the database side
// falls behind, so memory stays bounded whatever the speeds. The other side is parse-file.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportError } from './errors.ts';
import { PackBuilder, encodeParseResult, toHistoryRow } from './history.ts';
import { parseBrokerFile } from './parse.ts';
import { readFileChunks, type WorkerData, type WorkerMessage } from './worker-protocol.ts';

const data = workerData as WorkerData;
const port = parentPort!;
const flow = new Int32Array(data.flow);
// flow[0]: batches posted and not yet written; flow[1]: 1 when the other side gave up.

function send(m: WorkerMessage): void {
  port.postMessage(m);
}

const packed = new PackBuilder();

function waitForRoom(): void {
  for (let n = Atomics.load(flow, 0); n >= data.maxInFlight; n = Atomics.load(flow, 0)) {
    if (Atomics.load(flow, 1) !== 0) throw new Error('import cancelled');
    Atomics.wait(flow, 0, n, 100);
  }
  Atomics.add(flow, 0, 1);
}

function flush(): void {
  if (packed.count === 0) return;
  waitForRoom();
  const rows = packed.take();
  // The bytes move to the other thread (transferred, not copied).
  port.postMessage({ t: 'packed', rows } satisfies WorkerMessage, [rows.buffer as ArrayBuffer]);
}

try {
  const result = await parseBrokerFile(data.name, readFileChunks(data.path, (bytes) => send({ t: 'progress', bytes })), {
    onDetect: (d) => send({ t: 'detect', d }),
    onStreamed: (tx) => {
      if (!packed.add(tx)) {
        flush();
        waitForRoom();
        send({ t: 'rows', rows: [toHistoryRow(tx)] });
        return;
      }
      if (packed.count >= data.batchRows) flush();
    },
  });
  flush();
  send({ t: 'done', result: encodeParseResult(result) });
} catch (e) {
  if (e instanceof ImportError) send({ t: 'error', importError: { details: e.details, reasonText: e.reasonText }, message: e.message });
  else send({ t: 'error', importError: null, message: (e as Error)?.message ?? String(e) });
}
