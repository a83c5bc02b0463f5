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
  | { t: 'packed'; rows: string }
  | { t: 'progress'; bytes: number }
  | { t: 'done'; result: unknown }
  | { t: 'error'; importError: { details: ImportErrorDetails; reasonText: string } | null; message: string };

export async function* readFileChunks(file: string, onProgress?: (n: number) => void): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    read += (chunk as Buffer).length;
    onProgress?.(read);
    yield chunk as Buffer;
  }
}

