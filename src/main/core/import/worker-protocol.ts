// What the parse worker and the thread that owns the database say to each other, and the file reader both use.
import fs from 'node:fs';
import type { ImportErrorDetails } from './errors.ts';
import type { HistoryRow } from './history.ts';

export interface Detected {
  broker: string;
  layout: string;
  kind: string;
}

export interface ParseHandlers {
  onDetect: (d: Detected) => void;
  onRow: (row: HistoryRow) => void;
  onProgress?: ((bytesRead: number) => void) | undefined;
}

export interface WorkerData {
  name: string;
  path: string;
  batchRows: number;
  maxInFlight: number;
  flow: SharedArrayBuffer;
}

export type WorkerMessage =
  | { t: 'detect'; d: Detected }
  | { t: 'rows'; rows: HistoryRow[] }
  | { t: 'packed'; rows: Uint8Array }
  | { t: 'progress'; bytes: number }
  | { t: 'done'; result: unknown }
  | { t: 'error'; importError: { details: ImportErrorDetails; reasonText: string } | null; message: string };

// The CSV reader parses a chunk at a time and holds that chunk's rows until they are handed over: small chunks
// keep them from outliving the young generation (1M rows in a worker: peak 258–277 MiB with 1 MiB chunks,
// 221–227 MiB with 64 KiB).
const CHUNK_BYTES = 64 << 10;

export async function* readFileChunks(file: string, onProgress?: (n: number) => void): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    read += (chunk as Buffer).length;
    onProgress?.(read);
    yield chunk as Buffer;
  }
}

