// appendImportUpload holds an upload to the size its startImportUpload declared: a UTF-8 file's text to exactly
// its bytes; text decoded from another encoding may grow as UTF-8 (one Windows-1252 byte becomes up to three
// bytes), but never beyond that. Anything more is refused and the upload discarded, so a client cannot write 30 MB
// to the disk under a declared 1 byte.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../../tests/support/tmp.ts';
import { openCore, type Core } from '../../index.ts';

let core: Core | undefined;
afterEach(() => core?.close());

/** The files of this Keel's private upload folder. */
function uploadFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'tmp', 'uploads');
  return fs.readdirSync(root).flatMap((session) => fs.readdirSync(path.join(root, session)));
}

describe('appendImportUpload and the declared size', () => {
  it('30 MB for a declared 1 byte: the first chunk past the limit is refused and the upload discarded', async () => {
    const dataDir = tempDir();
    core = openCore({ dataDir, door: 'web', seedDemo: false });
    const started = await core.api.startImportUpload({ name: 'tiny.csv', size: 1 });
    if (!started.ok) throw new Error(started.error.message);
    const { uploadId } = started.value;
    expect(uploadFiles(dataDir)).toEqual([uploadId]);

    const chunk = 'x'.repeat(15 * 1024 * 1024);
    expect(await core.api.appendImportUpload({ uploadId, chunk })).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: `tiny.csv: more text arrived (15728640 bytes) than a file of 1 byte can hold (at most 1 once decoded); the upload was discarded.`,
        details: { file: 'tiny.csv', declared: 1, received: 15728640 },
      },
    });
    expect(uploadFiles(dataDir)).toEqual([]);
    expect(await core.api.appendImportUpload({ uploadId, chunk })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.api.previewImport({ uploadIds: [uploadId] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a UTF-8 file: exactly its declared bytes, not one more', async () => {
    core = openCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    const started = await core.api.startImportUpload({ name: 'a.csv', size: 11 });
    if (!started.ok) throw new Error(started.error.message);
    expect(await core.api.appendImportUpload({ uploadId: started.value.uploadId, chunk: 'Symbol,€\n' })).toEqual({ ok: true, value: { received: 11 } });
    expect(await core.api.appendImportUpload({ uploadId: started.value.uploadId, chunk: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { declared: 11, received: 12 } },
    });
  });

  it('a Windows-1252 file may grow threefold in decoding, and not one byte more', async () => {
    core = openCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    // 4 bytes of 0x80 decode to "€€€€": 12 bytes of UTF-8.
    const fits = await core.api.startImportUpload({ name: 'euro.csv', size: 4, encoding: 'windows-1252' });
    if (!fits.ok) throw new Error(fits.error.message);
    expect(await core.api.appendImportUpload({ uploadId: fits.value.uploadId, chunk: '€€' })).toEqual({ ok: true, value: { received: 6 } });
    expect(await core.api.appendImportUpload({ uploadId: fits.value.uploadId, chunk: '€€' })).toEqual({ ok: true, value: { received: 12 } });
    expect(await core.api.appendImportUpload({ uploadId: fits.value.uploadId, chunk: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { declared: 4, received: 13 } },
    });
  });

  it('a UTF-16 file: each 2-byte unit at most 3 bytes of UTF-8', async () => {
    core = openCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    // "€€" in UTF-16LE with its byte-order mark: 6 bytes; decoded (the mark dropped) 6 bytes of UTF-8, at most 9.
    const started = await core.api.startImportUpload({ name: 'u16.csv', size: 6, encoding: 'utf-16le' });
    if (!started.ok) throw new Error(started.error.message);
    expect(await core.api.appendImportUpload({ uploadId: started.value.uploadId, chunk: '€€abc' })).toEqual({ ok: true, value: { received: 9 } });
    expect(await core.api.appendImportUpload({ uploadId: started.value.uploadId, chunk: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('an empty file takes no text at all', async () => {
    core = openCore({ dataDir: tempDir(), door: 'web', seedDemo: false });
    const started = await core.api.startImportUpload({ name: 'empty.csv', size: 0 });
    if (!started.ok) throw new Error(started.error.message);
    expect(await core.api.appendImportUpload({ uploadId: started.value.uploadId, chunk: '' })).toEqual({ ok: true, value: { received: 0 } });
    expect(await core.api.appendImportUpload({ uploadId: started.value.uploadId, chunk: 'a' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
