// Sending one file to the core in text chunks, without ever holding the whole file: the browser streams its
// bytes, a TextDecoderStream turns them into text, and up to CHUNK_CHARS of text at a time goes to
// appendImportUpload. Bytes are counted before decoding, so progress is exact.
import type { RemoteApi, KeelError, Result } from '../../../../shared/contract';

/** About 4 MB of text per call: well under the contract's 16 Mi-character limit, even when JSON escapes it. */
export const CHUNK_CHARS = 4 * 1024 * 1024;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** What the file's first bytes say about its encoding: a UTF-16 byte-order mark, else UTF-8 (with or without BOM). */
async function sniffEncoding(file: Blob): Promise<Encoding> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

export interface UploadOptions {
  /** Called with the number of this file's bytes read so far. */
  onBytes: (bytesRead: number) => void;
  /** False once the user has started over: the upload stops at the next chunk. */
  isCurrent: () => boolean;
}

export type UploadResult = Result<{ uploadId: string }> | { ok: 'cancelled' };

/**
 * Uploads one file and returns its upload id. A file that is not valid UTF-8 (an older Windows export) is
 * read again as Windows-1252 into a fresh upload, so that its accented names survive; the core then judges
 * whether the text is a CSV at all.
 */
export async function uploadFile(api: RemoteApi, file: File, options: UploadOptions): Promise<UploadResult> {
  let encoding: Encoding;
  try {
    encoding = await sniffEncoding(file);
  } catch (e) {
    return { ok: false, error: readError(file, e) };
  }
  const first = await uploadAs(api, file, encoding, options);
  if (first.ok === false && first.error.code === 'INTERNAL' && isDecodeError(first.error) && encoding === 'utf-8') {
    return uploadAs(api, file, 'windows-1252', options);
  }
  return first;
}

const DECODE_MARK = 'not valid UTF-8';

function isDecodeError(e: KeelError): boolean {
  return e.message.includes(DECODE_MARK);
}

function readError(file: File, e: unknown): KeelError {
  const why = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `${file.name} could not be read from disk: ${why}` };
}

async function uploadAs(api: RemoteApi, file: File, encoding: Encoding, options: UploadOptions): Promise<UploadResult> {
  const started = await api.startImportUpload({ name: file.name, size: file.size, encoding });
  if (!started.ok) return started;
  const { uploadId } = started.value;

  let bytesRead = 0;
  options.onBytes(0);
  const counter = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      bytesRead += chunk.byteLength;
      options.onBytes(bytesRead);
      controller.enqueue(chunk);
    },
  });
  const decoder = new TextDecoderStream(encoding, { fatal: encoding === 'utf-8' });
  const reader = file.stream().pipeThrough(counter).pipeThrough(decoder).getReader();

  let pending: string[] = [];
  let pendingChars = 0;
  const flush = async (): Promise<Result<unknown>> => {
    if (pendingChars === 0) return { ok: true, value: null };
    const chunk = pending.join('');
    pending = [];
    pendingChars = 0;
    return api.appendImportUpload({ uploadId, chunk });
  };

  try {
    for (;;) {
      if (!options.isCurrent()) {
        await reader.cancel();
        return { ok: 'cancelled' };
      }
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value);
      pendingChars += value.length;
      if (pendingChars >= CHUNK_CHARS) {
        const sent = await flush();
        if (!sent.ok) {
          await reader.cancel();
          return sent;
        }
      }
    }
  } catch (e) {
    // A TypeError from the fatal UTF-8 decoder means the bytes are in another encoding.
    if (e instanceof TypeError && encoding === 'utf-8') {
      return { ok: false, error: { code: 'INTERNAL', message: `${file.name} is ${DECODE_MARK}` } };
    }
    return { ok: false, error: readError(file, e) };
  }
  const last = await flush();
  return last.ok ? { ok: true, value: { uploadId } } : last;
}
