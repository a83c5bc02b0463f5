// Parses one broker file from disk into history rows (handed over as they come) and a ParseResult, either on
// this thread or — for big files — in a worker thread, so parsing overlaps with the database inserts on this
// thread and the event loop here (the app's main process) stays free between batches. Both ways hand over the
// very same HistoryRow values (built by toHistoryRow), so the result does not depend on where it was parsed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportError } from './errors.ts';
import { decodeParseResult, toHistoryRow, unpackRows } from './history.ts';
import { parseBrokerFile } from './parse.ts';
import type { ParseResult } from './types.ts';
import { readFileChunks, type ParseHandlers, type WorkerData, type WorkerMessage } from './worker-protocol.ts';

export type { ParseHandlers };

/** Files at least this big are parsed in a worker thread (below it, starting one costs more than it saves). */
export const WORKER_MIN_BYTES = 4 << 20;
const BATCH_ROWS = 2000;
const MAX_IN_FLIGHT = 8;

/** Parses on this thread, handing each history row over as it is parsed. */
export function parseFileHere(name: string, file: string, h: ParseHandlers): Promise<ParseResult> {
  return parseBrokerFile(name, readFileChunks(file, h.onProgress), {
    onDetect: h.onDetect,
    onTransaction: (tx) => h.onRow(toHistoryRow(tx)),
  });
}

/** tsx's ESM register API (its package exports name it only under the `import` condition). */
function tsxEsmApi(from: string): string {
  const pkgJson = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return path.join(path.dirname(pkgJson), pkg.exports['./esm/api']!.import.default);
}

async function startWorker(data: WorkerData): Promise<Worker> {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from the TypeScript sources (tsx, vitest): the worker registers tsx's loader, then loads them.
    const entry = pathToFileURL(path.join(path.dirname(fileURLToPath(here)), 'parse-worker.ts')).href;
    const tsxApi = pathToFileURL(tsxEsmApi(here)).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData: data });
  }
  // Bundled by electron-vite, which emits the worker as its own chunk for this import.
  const { default: createParseWorker } = await import('./parse-worker.ts?nodeWorker');
  return createParseWorker({ workerData: data });
}

/** Parses in a worker thread; rows arrive in batches, each handled in one macrotask on this thread. */
export async function parseFileInWorker(name: string, file: string, h: ParseHandlers): Promise<ParseResult> {
  const flow = new Int32Array(new SharedArrayBuffer(8));
  const worker = await startWorker({ name, path: file, batchRows: BATCH_ROWS, maxInFlight: MAX_IN_FLIGHT, flow: flow.buffer as SharedArrayBuffer });
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
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        switch (m.t) {
          case 'detect':
            h.onDetect(m.d);
            break;
          case 'packed':
            unpackRows(m.rows, h.onRow);
            Atomics.sub(flow, 0, 1);
            Atomics.notify(flow, 0);
            break;
          case 'rows':
            for (const row of m.rows) h.onRow(row);
            Atomics.sub(flow, 0, 1);
            Atomics.notify(flow, 0);
            break;
          case 'progress':
            h.onProgress?.(m.bytes);
            break;
          case 'done':
            finish(null, decodeParseResult(m.result));
            break;
          case 'error':
            finish(m.importError ? new ImportError(m.importError.details, m.importError.reasonText) : new Error(m.message));
            break;
        }
      } catch (e) {
        finish(e);
      }
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => finish(new Error(`the parse worker stopped (exit code ${code})`)));
  });
}

/**
 * Parses `file` on this thread by default; in a worker thread when `where` is 'worker', or 'auto' and the file
 * is big. Not the default yet: on the shared 2-core bench machine the worker did not beat parsing here and
 * pushed the 1M-row import's peak memory past 300 MiB (see the bench commit notes).
 */
export async function parseFile(
  name: string,
  file: string,
  h: ParseHandlers,
  where: 'auto' | 'worker' | 'thread' = 'thread',
): Promise<ParseResult> {
  const useWorker = where === 'worker' || (where === 'auto' && fs.statSync(file).size >= WORKER_MIN_BYTES);
  return useWorker ? parseFileInWorker(name, file, h) : parseFileHere(name, file, h);
}
