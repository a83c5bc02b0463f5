// Backups and the dataset file, shared by the Recovery screen and Settings → Backups: labels, and sending a
// dataset file to the core in base64 chunks (the core writes them to disk as they come; never a path).
import type { BackupKindName, DatabaseHealthState, RemoteApi, RestoreView, Result } from '../../../../shared/contract';

/** Bytes per appendDatasetUpload call: 6 MiB → 8 Mi base64 characters, half the contract's limit. A multiple of 3, so chunks concatenate. */
export const DATASET_CHUNK_BYTES = 6 * 1024 * 1024;

export const BACKUP_KIND_LABELS: Record<BackupKindName, string> = {
  manual: 'Manual',
  daily: 'Daily',
  'pre-migration': 'Before an update',
  'pre-restore': 'Before a restore',
};

export const HEALTH_LABELS: Record<Exclude<DatabaseHealthState, 'ok'>, { title: string; explain: string }> = {
  truncated: {
    title: 'The database file is cut short',
    explain: 'Part of the file is missing, as happens when a copy or a disk write stops halfway.',
  },
  'not-sqlite': {
    title: 'The database file is not a database',
    explain: 'The file does not start like a SQLite database: it was overwritten or replaced by something else.',
  },
  corrupt: {
    title: 'The database file is damaged',
    explain: 'SQLite’s own check found damaged pages inside the file.',
  },
};

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

/**
 * Uploads a dataset file chunk by chunk and asks the core to import it (vet, back up the current database,
 * restore). `onProgress` gets the bytes sent so far.
 */
export async function importDatasetFile(api: RemoteApi, file: File, onProgress: (sent: number) => void = () => {}): Promise<Result<RestoreView>> {
  if (file.size === 0) return { ok: false, error: { code: 'VALIDATION', message: `${file.name} is empty.` } };
  const started = await api.startDatasetUpload({ name: file.name, size: file.size });
  if (!started.ok) return started;
  const { uploadId } = started.value;
  for (let at = 0; at < file.size; at += DATASET_CHUNK_BYTES) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.slice(at, at + DATASET_CHUNK_BYTES).arrayBuffer());
    } catch (e) {
      return { ok: false, error: { code: 'INTERNAL', message: `${file.name} could not be read from disk: ${e instanceof Error ? e.message : String(e)}` } };
    }
    const sent = await api.appendDatasetUpload({ uploadId, chunk: toBase64(bytes) });
    if (!sent.ok) return sent;
    onProgress(sent.value.received);
  }
  return api.importDataset({ uploadId });
}
