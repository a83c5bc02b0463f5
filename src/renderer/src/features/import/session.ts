// The one import in progress, kept outside any component: files dropped on any page start it, and leaving the
// Import page does not stop an upload or lose a preview. Components read it with useImportSession().
//
// Steps: idle → uploading (bytes sent) → reading (the core parses; progress polled) → preview (the user checks
// and chooses tax treatments) → importing (the core commits; progress polled) → imported.
import { useSyncExternalStore } from 'react';
import type { ImportJobView, KeelError, Result, TaxTreatment } from '../../../../shared/types';
import { api } from '../../api/client';
import { uploadFile } from './upload';
import { routePriceFiles } from './priceFiles';
import { clearDraft, draftScope, readDraft, writeDraft } from '../../drafts';
import { IMPORT_DRAFT, mergeChoices, parseImportDraft, type ImportDraft } from './importDraft';

export const POLL_MS = 150;

export interface Choices {
  /** The as-of date the user chose for files that state none; null keeps the core's. */
  asOf: string | null;
  /** Tax treatment per account, keyed by accountChoiceKey(). */
  tax: Record<string, TaxTreatment>;
  /** Files (by name) the user confirmed to import although their total misses the file's own by more than 1%. */
  acceptMismatch: Record<string, boolean>;
}

export type ImportStep =
  | { step: 'idle' }
  | { step: 'uploading'; files: string[]; current: string; bytesDone: number; bytesTotal: number }
  | { step: 'reading'; files: string[]; bytesRead: number; totalBytes: number }
  | { step: 'preview'; job: ImportJobView; choices: Choices; commitError: KeelError | null; committing: boolean; uploadIds: string[] }
  | { step: 'importing'; preview: ImportJobView; bytesRead: number; totalBytes: number }
  | { step: 'imported'; preview: ImportJobView; job: ImportJobView }
  | { step: 'error'; title: string; error: KeelError };

export interface ImportSession {
  state: ImportStep;
  /** Something the user should know that is not an error, e.g. files dropped while an import runs. */
  notice: string | null;
  /** Bumped after every import or undo, so the history and other views reload. */
  historyVersion: number;
}

let session: ImportSession = { state: { step: 'idle' }, notice: null, historyVersion: 0 };
let generation = 0;
const listeners = new Set<() => void>();

function set(next: Partial<ImportSession>): void {
  session = { ...session, ...next };
  if (next.state) persist(next.state);
  for (const l of listeners) l();
}

/** A preview and its choices are kept (importDraft.ts) until imported, started over or replaced by a new import. */
function persist(state: ImportStep): void {
  if (state.step === 'preview') {
    const draft: ImportDraft = {
      jobId: state.job.jobId,
      uploadIds: state.uploadIds,
      files: state.job.files.map((f) => f.file),
      totalBytes: state.job.progress.totalBytes,
      choices: state.choices,
    };
    void draftScope().then((folder) => writeDraft(folder, IMPORT_DRAFT, draft));
  } else if (state.step === 'idle' || state.step === 'uploading' || state.step === 'importing' || state.step === 'imported') {
    void draftScope().then((folder) => clearDraft(folder, IMPORT_DRAFT));
  }
}

let restoring = false;

/**
 * After a reload: the preview shown before it, with the choices made, from the core's preview job or (the job
 * gone) by reading the same uploads again. Anything that no longer works leaves the page empty, silently.
 */
export async function restorePreview(): Promise<void> {
  if (restoring || session.state.step !== 'idle') return;
  restoring = true;
  const folder = await draftScope();
  const draft = readDraft(folder, IMPORT_DRAFT, parseImportDraft);
  if (!draft || session.state.step !== 'idle') return;
  const gen = ++generation;
  const job = await api.getImportJob({ jobId: draft.jobId }).catch(() => null);
  if (gen !== generation) return;
  const apply = (view: ImportJobView) => {
    const files = view.files.map((f) => f.file);
    setState({ step: 'preview', job: view, choices: mergeChoices(initialChoices(view), draft.choices, files), commitError: null, committing: false, uploadIds: draft.uploadIds });
  };
  if (job?.ok && job.value.phase === 'preview' && job.value.state === 'done') return apply(job.value);
  await readUploads(gen, draft.files, draft.uploadIds, draft.totalBytes);
  if (gen !== generation) return;
  const s = session.state as ImportStep; // set by readUploads since the check above
  if (s.step === 'preview') apply(s.job);
  else startOver();
}

function setState(state: ImportStep): void {
  set({ state });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useImportSession(): ImportSession {
  return useSyncExternalStore(subscribe, () => session);
}

export function accountChoiceKey(fileIndex: number, key: string): string {
  return `${fileIndex}\u0000${key}`;
}

export function isBusy(state: ImportStep = session.state): boolean {
  return state.step === 'uploading' || state.step === 'reading' || state.step === 'importing' || (state.step === 'preview' && state.committing);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls a job until it is no longer running; null when the user started over meanwhile. */
async function waitForJob(
  jobId: string,
  gen: number,
  onProgress: (job: ImportJobView) => void,
): Promise<Result<ImportJobView> | null> {
  for (;;) {
    const r = await api.getImportJob({ jobId });
    if (gen !== generation) return null;
    if (!r.ok || r.value.state !== 'running') return r;
    onProgress(r.value);
    await delay(POLL_MS);
    if (gen !== generation) return null;
  }
}

/**
 * Starts an import of the given files: uploads them, asks for a preview and waits for it. Returns false (with a
 * notice) when an import is already running.
 */
export async function importFiles(files: File[]): Promise<boolean> {
  if (files.length === 0) return false;
  if (isBusy()) {
    set({ notice: `An import is already running. Add ${files.length === 1 ? 'this file' : 'these files'} again once it has finished.` });
    return false;
  }
  const gen = ++generation;
  const names = files.map((f) => f.name);
  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
  set({ notice: null, state: { step: 'uploading', files: names, current: names[0] ?? '', bytesDone: 0, bytesTotal } });

  const uploadIds: string[] = [];
  let before = 0;
  for (const file of files) {
    const r = await uploadFile(api, file, {
      isCurrent: () => gen === generation,
      onBytes: (n) => {
        if (gen === generation) setState({ step: 'uploading', files: names, current: file.name, bytesDone: before + n, bytesTotal });
      },
    });
    if (gen !== generation || r.ok === 'cancelled') return true;
    if (!r.ok) {
      setState({ step: 'error', title: `${file.name} could not be sent to Keel`, error: r.error });
      return true;
    }
    uploadIds.push(r.value.uploadId);
    before += file.size;
  }

  // Price files go to their own preview (priceFiles.ts); the broker files to the usual one.
  const brokers = await routePriceFiles(uploadIds.map((uploadId, i) => ({ uploadId, name: names[i] ?? '' })));
  if (gen !== generation) return true;
  if (brokers.length === 0) {
    setState({ step: 'idle' });
    return true;
  }
  return readUploads(gen, brokers.map((f) => f.name), brokers.map((f) => f.uploadId), bytesTotal);
}

/** Asks the core for a preview of uploaded files and waits for it (the uploads stay until they are imported). */
async function readUploads(gen: number, names: string[], uploadIds: string[], bytesTotal: number, notice: string | null = null): Promise<boolean> {
  setState({ step: 'reading', files: names, bytesRead: 0, totalBytes: bytesTotal });
  const started = await api.previewImport({ uploadIds });
  if (gen !== generation) return true;
  if (!started.ok) {
    setState({ step: 'error', title: 'Keel could not start reading the files', error: started.error });
    return true;
  }
  const done = await waitForJob(started.value.jobId, gen, (job) =>
    setState({ step: 'reading', files: names, bytesRead: job.progress.bytesRead, totalBytes: job.progress.totalBytes }),
  );
  if (!done) return true;
  if (!done.ok) {
    setState({ step: 'error', title: 'Keel could not read the files', error: done.error });
    return true;
  }
  set({
    state: { step: 'preview', job: done.value, choices: initialChoices(done.value), commitError: null, committing: false, uploadIds },
    ...(notice ? { notice } : {}),
  });
  return true;
}

/**
 * Reads the same uploads again (after the user saved a column mapping for one of them): no re-upload, a fresh
 * preview, and a notice saying why.
 */
export async function previewAgain(notice: string | null = null): Promise<void> {
  const s = session.state;
  if (s.step !== 'preview' || s.committing) return;
  const gen = ++generation;
  await readUploads(gen, s.job.files.map((f) => f.file), s.uploadIds, s.job.progress.totalBytes, notice);
}

function initialChoices(job: ImportJobView): Choices {
  const tax: Record<string, TaxTreatment> = {};
  job.files.forEach((f, i) => {
    for (const a of f.accounts) tax[accountChoiceKey(i, a.key)] = a.taxTreatment;
  });
  return { asOf: null, tax, acceptMismatch: {} };
}

function updateChoices(change: (c: Choices) => Choices): void {
  const s = session.state;
  if (s.step === 'preview' && !s.committing) setState({ ...s, choices: change(s.choices) });
}

export function chooseTaxTreatment(fileIndex: number, key: string, taxTreatment: TaxTreatment): void {
  updateChoices((c) => ({ ...c, tax: { ...c.tax, [accountChoiceKey(fileIndex, key)]: taxTreatment } }));
}

export function acceptMismatch(file: string, accept: boolean): void {
  updateChoices((c) => ({ ...c, acceptMismatch: { ...c.acceptMismatch, [file]: accept } }));
}

export function chooseAsOf(asOf: string | null): void {
  updateChoices((c) => ({ ...c, asOf }));
}

/** Files the Import button would import: those the core previewed without errors and not imported before. */
export function importableFiles(job: ImportJobView): number {
  return job.files.filter((f) => f.status === 'previewed').length;
}

/** Commits the previewed files with the user's choices, and waits until the core has written them. */
export async function commit(): Promise<void> {
  const s = session.state;
  if (s.step !== 'preview' || s.committing || importableFiles(s.job) === 0) return;
  const gen = generation;
  const preview = s.job;
  const accounts = preview.files.flatMap((f, i) =>
    f.status !== 'previewed'
      ? []
      : f.accounts.map((a) => ({ file: f.file, key: a.key, taxTreatment: s.choices.tax[accountChoiceKey(i, a.key)] ?? a.taxTreatment })),
  );
  setState({ ...s, committing: true, commitError: null });
  const started = await api.commitImport({
    jobId: preview.jobId,
    ...(s.choices.asOf ? { asOf: s.choices.asOf } : {}),
    accounts,
    acceptMismatch: Object.keys(s.choices.acceptMismatch).filter((file) => s.choices.acceptMismatch[file]),
  });
  if (gen !== generation) return;
  if (!started.ok) {
    setState({ ...s, committing: false, commitError: started.error });
    return;
  }
  setState({ step: 'importing', preview, bytesRead: 0, totalBytes: preview.progress.totalBytes });
  const done = await waitForJob(started.value.jobId, gen, (job) =>
    setState({ step: 'importing', preview, bytesRead: job.progress.bytesRead, totalBytes: job.progress.totalBytes }),
  );
  if (!done) return;
  if (!done.ok) {
    // The commit's outcome is unknown to us; the history below shows what the core holds.
    set({ state: { step: 'error', title: 'Keel could not report how the import went', error: done.error }, historyVersion: session.historyVersion + 1 });
    return;
  }
  set({ state: { step: 'imported', preview, job: done.value }, historyVersion: session.historyVersion + 1 });
}

/** Back to an empty Import page. While the core is writing an import this does nothing: it cannot be stopped. */
export function startOver(): void {
  if (session.state.step === 'importing' || (session.state.step === 'preview' && session.state.committing)) return;
  generation++;
  set({ state: { step: 'idle' }, notice: null });
}

export function dismissNotice(): void {
  set({ notice: null });
}

/** After an undo elsewhere on the page: the history and holdings reload. */
export function historyChanged(): void {
  set({ historyVersion: session.historyVersion + 1 });
}
