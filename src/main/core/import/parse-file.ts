// Parses one broker file from disk into history rows (handed over as they come) and a ParseResult, either on
// this thread or — for big files — in a worker thread, so parsing overlaps with the database inserts on this
// thread and the event loop here (the app's main process) stays free between batches. Both ways hand over the
// very same HistoryRow values (built by toHistoryRow), so the result does not depend on where it was parsed.
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker.ts';
import { ImportError } from './errors.ts';
import { decodeParseResult, toHistoryRow, unpackRows } from './history.ts';
import { parseBrokerFile } from './parse.ts';
import type { ParseResult } from './types.ts';
import { readFileChunks, type ParseHandlers, type WorkerData, type WorkerMessage } from './worker-protocol.ts';

export type { ParseHandlers };

/** Files at least this big are parsed in a worker thread (below it, starting one costs more than it saves). */
export const WORKER_MIN_BYTES = 4 << 20;
// Rows per message; each message is handled in one turn of this thread's event loop (~6 ms for 1000 rows).
const BATCH_ROWS = 1000;
const MAX_IN_FLIGHT = 8;
// The parser's garbage dies young (rows are packed into bytes as they come), so a small young generation
// costs no time and keeps the worker's heap (and the import's peak memory) down: 1M rows, 64 KiB chunks,
// peak 241 MiB with V8's default, 207 MiB with 8 MiB.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Parses on this thread, handing each history row over as it is parsed. */
export function parseFileHere(name: string, file: string, h: ParseHandlers): Promise<ParseResult> {
  return parseBrokerFile(name, readFileChunks(file, h.onProgress), {
    onDetect: h.onDetect,
    onStreamed: (tx) => h.onRow(toHistoryRow(tx)),
  });
}

function startParseWorker(data: WorkerData): Promise<Worker> {
  return startWorker(import.meta.url, 'parse-worker.ts', () => import('./parse-worker.ts?nodeWorker'), data, WORKER_LIMITS);
}

/** Parses in a worker thread; rows arrive in batches, each handled in one macrotask on this thread. */
export async function parseFileInWorker(name: string, file: string, h: ParseHandlers): Promise<ParseResult> {
  const flow = new Int32Array(new SharedArrayBuffer(8));
  const worker = await startParseWorker({ name, path: file, batchRows: BATCH_ROWS, maxInFlight: MAX_IN_FLIGHT, flow: flow.buffer as SharedArrayBuffer });
  return new Promise<ParseResult>((resolve, reject) => {
    let settled = false;
    const finish = (err: unknown, result?: ParseResult) => {
      if (settled) return;
      settled = true;
      Atomics.store(flow, 1, 1);
      Atomics.notify(flow, 0);
      worker.removeAllListeners();
      worker.on('error', () => {});
      void worker.terminate();
      if (err === null) resolve(result!);
      else reject(err);
    };
    // Messages wait in this queue and are handled one batch per turn of the event loop: the port hands over
    // every message already posted in one go (and the worker keeps posting), so handling them right in the
    // listener would hold this thread — the app's main process — for as long as the worker stays ahead.
    const queue: Array<WorkerMessage | { t: 'exit'; code: number }> = [];
    let head = 0;
    let scheduled = false;
    const handle = (m: WorkerMessage | { t: 'exit'; code: number }): boolean => {
      switch (m.t) {
        case 'exit':
          finish(new Error(`the parse worker stopped (exit code ${m.code})`));
          return true;
        case 'detect':
          h.onDetect(m.d);
          return false;
        case 'packed':
          unpackRows(m.rows, h.onRow);
          Atomics.sub(flow, 0, 1);
          Atomics.notify(flow, 0);
          return true;
        case 'rows':
          for (const row of m.rows) h.onRow(row);
          Atomics.sub(flow, 0, 1);
          Atomics.notify(flow, 0);
          return true;
        case 'progress':
          h.onProgress?.(m.bytes);
          return false;
        case 'done':
          finish(null, decodeParseResult(m.result));
          return true;
        case 'error':
          finish(m.importError ? new ImportError(m.importError.details, m.importError.reasonText) : new Error(m.message));
          return true;
      }
    };
    const pump = () => {
      scheduled = false;
      try {
        while (head < queue.length && !settled) {
          const m = queue[head]!;
          queue[head++] = undefined as unknown as WorkerMessage; // let it go once handled
          if (handle(m)) break; // a batch handled: let the event loop run before the next
        }
      } catch (e) {
        finish(e);
      }
      if (head === queue.length) {
        queue.length = 0;
        head = 0;
      } else if (!settled) schedule();
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(pump);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      queue.push(m);
      schedule();
    });
    worker.on('error', (e) => finish(e));
    // After the messages it posted before stopping (its 'done' may still be queued here).
    worker.on('exit', (code) => {
      if (settled) return;
      queue.push({ t: 'exit', code });
      schedule();
    });
  });
}

/**
 * Parses `file` in a worker thread when it is big ('auto', the default) so parsing overlaps the inserts on this
 * thread; small files, and 'thread', parse here. On an otherwise idle 2-core machine (load ~1-2), 1M rows: worker
 * ratio 1.55 against the floor (5.2 s, 213 MiB peak, event loop max 34 ms), this thread 2.16 (7.1 s, 187 MiB).
 * Under heavy load from other processes the worker loses its second core and the two come out even.
 */
export async function parseFile(
  name: string,
  file: string,
  h: ParseHandlers,
  where: 'auto' | 'worker' | 'thread' = 'auto',
): Promise<ParseResult> {
  const useWorker = where === 'worker' || (where === 'auto' && fs.statSync(file).size >= WORKER_MIN_BYTES);
  return useWorker ? parseFileInWorker(name, file, h) : parseFileHere(name, file, h);
}
