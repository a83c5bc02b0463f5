// Price files dropped on the Import page's one drop zone. After the upload, the core tells price files from broker
// files (previewPriceFiles: isPriceFile); the price files are kept here, previewed and imported on their own (all or
// nothing), and the broker files go on to the usual preview (session.ts). Kept outside any component, like the session.
import { useSyncExternalStore } from 'react';
import type { KeelError, PriceFileView } from '../../../../shared/types';
import { api } from '../../api/client';

export interface PriceFilesState {
  /** The previewed price files, each with the upload it came from and the symbol the user typed for it. */
  files: { uploadId: string; name: string; symbol: string; view: PriceFileView }[];
  busy: boolean;
  error: KeelError | null;
  /** After an import: what was written. */
  imported: PriceFileView[] | null;
}

const EMPTY: PriceFilesState = { files: [], busy: false, error: null, imported: null };
let state: PriceFilesState = EMPTY;
const listeners = new Set<() => void>();

function set(next: Partial<PriceFilesState>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function usePriceFiles(): PriceFilesState {
  return useSyncExternalStore(subscribe, () => state);
}

/**
 * Keeps the uploads that are price files (previewed) and returns the others, for the broker preview. When the core
 * cannot tell (the call fails), every upload goes on as a broker file: its preview then says what is wrong.
 */
export async function routePriceFiles(uploads: { uploadId: string; name: string }[]): Promise<{ uploadId: string; name: string }[]> {
  const r = await api.previewPriceFiles({ files: uploads.map((u) => ({ uploadId: u.uploadId })) });
  if (!r.ok) return uploads;
  const prices = uploads.flatMap((u, i) => {
    const view = r.value[i];
    return view?.isPriceFile ? [{ ...u, symbol: '', view }] : [];
  });
  if (prices.length > 0) set({ files: prices, error: null, imported: null, busy: false });
  return uploads.filter((_, i) => !r.value[i]?.isPriceFile);
}

export function typeSymbol(uploadId: string, symbol: string): void {
  set({ files: state.files.map((f) => (f.uploadId === uploadId ? { ...f, symbol } : f)) });
}

const request = () => state.files.map((f) => ({ uploadId: f.uploadId, ...(f.symbol.trim() ? { symbol: f.symbol.trim() } : {}) }));

/** Reads the files again with the symbols typed (a daily-history file whose name does not say its symbol). */
export async function previewWithSymbols(): Promise<void> {
  set({ busy: true, error: null });
  const r = await api.previewPriceFiles({ files: request() });
  if (!r.ok) return set({ busy: false, error: r.error });
  set({ busy: false, files: state.files.map((f, i) => ({ ...f, view: r.value[i] ?? f.view })) });
}

/** Imports every previewed price file; when any is refused nothing is written and each file's view says why. */
export async function importPrices(): Promise<void> {
  set({ busy: true, error: null });
  const r = await api.importPriceFiles({ files: request() });
  if (!r.ok) return set({ busy: false, error: r.error });
  if (r.value.every((v) => v.status === 'imported')) set({ busy: false, files: [], imported: r.value });
  else set({ busy: false, files: state.files.map((f, i) => ({ ...f, view: r.value[i] ?? f.view })) });
}

export function discardPriceFiles(): void {
  set(EMPTY);
}
