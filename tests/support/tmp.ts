import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';

/** A fresh temporary folder per call; tests never share a data dir. */
export function tempDir(prefix = 'keel-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A file of that name holding `text`, in a fresh temporary folder; returns its path. */
export function tempFile(name: string, text: string, prefix = 'keel-test-'): string {
  const file = path.join(tempDir(prefix), name);
  fs.writeFileSync(file, text);
  return file;
}
