// Streams CSV rows with their 1-based physical line numbers. papaparse's low-level Parser is driven chunk by
// chunk (the same loop its ChunkStreamer runs), so a file is never held whole and we keep the text of each row
// to count the newlines inside quoted fields (Robinhood descriptions, DEGIRO order ids).
import Papa from 'papaparse';
import { ImportError } from './errors.ts';
import { UNSAFE_TEXT, removeUnsafe } from './untrusted.ts';

export interface CsvRow {
  /** Cells, trimmed, with zero-width characters removed. */
  cells: string[];
  /** 1-based physical line where the row starts. */
  line: number;
  /** Cell count before trailing empty cells were dropped (Schwab eras differ by a trailing comma on the header). */
  width: number;
}

export type CsvInput = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface CsvOptions {
  /** Longest row (in characters) read before giving up; 4 MB by default. */
  maxRowChars?: number;
  /**
   * Told of every cell from which control or text-direction characters were removed (1-based line and column;
   * `removed` holds the characters, tabs not counted: they become spaces).
   */
  onCleaned?: (line: number, column: number, removed: string) => void;
}

export const MAX_ROW_CHARS = 4 << 20;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
// C0 controls other than tab/newline/carriage return/form feed mean the bytes are not text.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000B\u000E-\u001A\u001C-\u001F]/;

/** Trims a cell; Merrill pads cells as ` "Value" ,` so a quoted value after spaces arrives with its quotes. */
export function cleanCell(cell: string): string {
  return cleanCellOf(cell, true);
}

/** Code units at or below which `trim()` may remove something; above it only a few Unicode spaces do. */
function mayTrim(code: number): boolean {
  return code <= 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 ||
    code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** cleanCell; `zeroWidth` false when the text the cell came from has no zero-width characters at all. */
function cleanCellOf(cell: string, zeroWidth: boolean): string {
  const n = cell.length;
  if (n === 0) return cell;
  // Most cells need nothing: no zero-width characters in the chunk and nothing to trim at either end.
  if (!zeroWidth && !mayTrim(cell.charCodeAt(0)) && !mayTrim(cell.charCodeAt(n - 1))) return cell;
  const c = zeroWidth ? cell.replace(ZERO_WIDTH, '') : cell;
  const t = c.trim();
  if (t.length >= 2 && t !== c && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"').trim();
  return t;
}

/**
 * Python-csv-style tokenizer for rows papaparse flags as malformed: Fidelity's mid-2023 history writes
 * `"Individual" X91636470` in one field; text after a closing quote joins the field.
 */
export function lenientSplit(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let inQuotes = false;
  let fieldStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
    } else if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStart = true;
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
    } else {
      field += ch;
      if (ch !== ' ') fieldStart = false;
    }
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

async function* chunksOf(input: CsvInput): AsyncGenerator<string | Uint8Array> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    // Slice big in-memory inputs too, so one code path (and bounded per-chunk work) serves both.
    const size = 1 << 16;
    for (let i = 0; i < input.length; i += size) yield input.slice(i, i + size);
    return;
  }
  for await (const c of input as AsyncIterable<string | Uint8Array>) yield c;
}

/** How many bytes at the end of `b` start a UTF-8 sequence that the next chunk completes (0–3). */
function incompleteUtf8Tail(b: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const byte = b[b.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Bytes to text: UTF-16 when the file starts with its byte-order mark, else UTF-8 — and, from the first byte that
 * is not valid UTF-8, Windows-1252 (what Excel on Windows saves as "CSV"), so accented names survive. Text that
 * is plain ASCII up to there reads the same either way.
 */
async function* decodedChunks(input: CsvInput): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let utf8: TextDecoder | null = null;
  let carry = new Uint8Array(0);
  for await (const c of chunksOf(input)) {
    if (typeof c === 'string') {
      yield c;
      continue;
    }
    if (!decoder && !utf8) {
      if (c[0] === 0xff && c[1] === 0xfe) decoder = new TextDecoder('utf-16le');
      else if (c[0] === 0xfe && c[1] === 0xff) decoder = new TextDecoder('utf-16be');
      else utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    }
    if (decoder) {
      yield decoder.decode(c, { stream: true });
      continue;
    }
    const bytes = carry.length > 0 ? Buffer.concat([carry, c]) : c;
    const keep = incompleteUtf8Tail(bytes);
    try {
      const text = (utf8 as TextDecoder).decode(bytes.subarray(0, bytes.length - keep), { stream: true });
      carry = bytes.slice(bytes.length - keep);
      yield text;
    } catch {
      decoder = new TextDecoder('windows-1252');
      carry = new Uint8Array(0);
      yield decoder.decode(bytes, { stream: true });
    }
  }
  if (decoder) yield decoder.decode();
  else if (carry.length > 0) yield new TextDecoder('windows-1252').decode(carry);
}

/** Decodes the bytes (dropping a BOM) and normalises CRLF / lone CR to LF, holding a trailing CR across chunks. */
async function* textChunks(input: CsvInput): AsyncGenerator<string> {
  let pendingCR = false;
  let first = true;
  for await (let s of decodedChunks(input)) {
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (pendingCR) s = '\r' + s;
    pendingCR = s.endsWith('\r');
    if (pendingCR) s = s.slice(0, -1);
    if (s) yield s.replace(/\r\n?/g, '\n');
  }
  if (pendingCR) yield '\n';
}

interface Step {
  cells: string[];
  start: number;
  end: number;
  quoteError: 'InvalidQuotes' | 'MissingQuotes' | null;
}

/**
 * Yields every non-blank row. Throws ImportError NOT_CSV (control bytes), EMPTY (no rows at all),
 * TRUNCATED_QUOTE (the file ends inside a quoted field), BAD_QUOTE (a quoted field that is not closed) or
 * LINE_TOO_LONG (a row longer than maxRowChars). Control and text-direction characters are removed from every
 * cell (see untrusted.ts), and opts.onCleaned is told where.
 */
export function readCsvRows(input: CsvInput, file: string, opts: CsvOptions = {}): AsyncIterableIterator<CsvRow> {
  const maxRowChars = opts.maxRowChars ?? MAX_ROW_CHARS;
  const onCleaned = opts.onCleaned;
  let partial = '';
  let base = 0; // absolute offset of `partial`'s start in the normalised text
  let line = 1; // physical line of `partial`'s start
  let sawAny = false;
  let pending: string | null = null;
  const source = textChunks(input);

  const run = function* (aggregate: string, finished: boolean): Generator<CsvRow> {
    const steps: Step[] = [];
    const parser = new Papa.Parser({
      delimiter: ',',
      newline: '\n',
      quoteChar: '"',
      // The low-level Parser hands each step a one-row array (ParserHandle would unwrap it).
      step: (r: Papa.ParseStepResult<string[][]>) => {
        const err = r.errors.length === 0 ? undefined : r.errors.find((e) => e.type === 'Quotes');
        steps.push({
          cells: r.data[0] ?? [],
          start: -1,
          end: r.meta.cursor,
          quoteError: err ? (err.code as Step['quoteError']) : null,
        });
      },
    });
    const res = parser.parse(aggregate, base, !finished) as Papa.ParseResult<string[]>;
    let prev = base;
    for (const st of steps) {
      st.start = prev;
      prev = st.end;
    }
    const zeroWidth = hasZeroWidth(aggregate);
    const clean = hasUnsafe(aggregate) ? cleanUnsafe : null;
    for (const st of steps) {
      const rowLine = line;
      line += countNewlinesIn(aggregate, st.start - base, st.end - base);
      if (st.quoteError !== null) {
        yield* quoteErrorRows(aggregate.slice(st.start - base, st.end - base), st.quoteError, rowLine, zeroWidth, clean);
        continue;
      }
      clean?.(st.cells, rowLine);
      const r = toRow(st.cells, rowLine, zeroWidth);
      if (r) yield r;
    }
    const cursor = (res.meta as Papa.ParseMeta).cursor;
    partial = aggregate.slice(cursor - base);
    base = cursor;
    checkLength();
  };

  /** Removes control and text-direction characters from a row's cells, in place, and says where. */
  const cleanUnsafe = (cells: string[], rowLine: number): void => {
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      UNSAFE_TEXT.lastIndex = 0;
      if (!UNSAFE_TEXT.test(c)) continue;
      const { text, removed } = removeUnsafe(c);
      cells[i] = text;
      if (removed) onCleaned?.(rowLine, i + 1, removed);
    }
  };

  /** The unfinished row must not grow without bound: a missing quote would otherwise buffer the rest of the file. */
  const checkLength = (): void => {
    if (partial.length <= maxRowChars) return;
    const limit = `${(maxRowChars / (1 << 20)).toPrecision(1)} MB`;
    const open = openQuote(partial);
    if (open) {
      throw new ImportError(
        { file, line: line + open.line, column: open.column, reason: 'BAD_QUOTE' },
        `a quoted field is not closed (it runs on for more than ${limit})`,
      );
    }
    throw new ImportError({ file, line, column: 1, reason: 'LINE_TOO_LONG' }, `line ${line} is longer than the limit (${limit}) — is this a CSV file?`);
  };

  const quoteErrorRows = function* (
    text: string,
    quoteError: NonNullable<Step['quoteError']>,
    rowLine: number,
    zeroWidth: boolean,
    clean: ((cells: string[], line: number) => void) | null,
  ): Generator<CsvRow> {
    if (quoteError === 'MissingQuotes') {
      const at = openQuoteAt(text);
      throw new ImportError(
        { file, line: rowLine + at.line, column: at.column, reason: 'TRUNCATED_QUOTE' },
        'the file ends inside a quoted field (truncated download?)',
      );
    }
    // Text after a closing quote (`"Individual" X91636470`) is read leniently; an odd number of quotes is not
    // that but a quote missing, and reading on would shift every later cell of the row.
    const unclosed = unclosedQuote(text);
    if (unclosed) {
      throw new ImportError(
        { file, line: rowLine + unclosed.line, column: unclosed.column, reason: 'BAD_QUOTE' },
        'a quoted field is not closed (unbalanced quote)',
      );
    }
    let l = rowLine;
    for (const cells of lenientSplit(text)) {
      clean?.(cells, l);
      const r = toRow(cells, l, zeroWidth);
      l++;
      if (r) yield r;
    }
  };

  const checkText = (s: string, offsetLine: number): void => {
    const m = BINARY.exec(s);
    if (!m) return;
    const before = s.slice(0, m.index);
    const lastNl = before.lastIndexOf('\n');
    throw new ImportError(
      {
        file,
        line: offsetLine + countNewlines(before),
        column: countChar(before.slice(lastNl + 1), ',') + 1,
        reason: 'NOT_CSV',
      },
      `not a CSV text file (binary byte 0x${m[0].charCodeAt(0).toString(16).padStart(2, '0')})`,
    );
  };

  /** A chunk of text after `partial` (already checked). */
  const feed = (chunk: string, finished: boolean): void => {
    const agg = partial + chunk;
    if (BINARY.test(chunk)) checkText(agg, line);
    if (!finished && chunk.indexOf('\n') < 0) {
      // No row can end in this chunk: parsing a long row again with every chunk would cost its length squared.
      partial = agg;
      checkLength();
      return;
    }
    if (agg.length > 0) rows = run(agg, finished);
  };

  // Rows come from a synchronous generator over the current chunk; only moving to the next chunk awaits. This
  // hand-written iterator costs one resolved promise per row, where an async generator costs several ticks.
  let rows: Generator<CsvRow> | null = null;
  let sourceDone = false;
  let done = false;

  const fail = async (e: unknown): Promise<never> => {
    done = true;
    rows = null;
    try {
      await source.return(undefined);
    } catch {
      // the first error is the one to report
    }
    throw e;
  };

  const advance = async (): Promise<IteratorResult<CsvRow>> => {
    try {
      for (;;) {
        if (rows) {
          const r = rows.next();
          if (!r.done) {
            sawAny = true;
            return r;
          }
          rows = null;
        }
        if (done) return { value: undefined, done: true };
        if (sourceDone) {
          done = true;
          if (!sawAny) throw new ImportError({ file, line: 1, column: 1, reason: 'EMPTY' }, 'the file is empty');
          return { value: undefined, done: true };
        }
        const next = await source.next();
        if (!next.done) {
          if (pending !== null) feed(pending, false);
          pending = next.value;
        } else {
          sourceDone = true;
          feed(pending ?? '', true);
        }
      }
    } catch (e) {
      return fail(e);
    }
  };

  const iterator: AsyncIterableIterator<CsvRow> = {
    next(): Promise<IteratorResult<CsvRow>> {
      if (rows) {
        try {
          const r = rows.next();
          if (!r.done) {
            sawAny = true;
            return Promise.resolve(r);
          }
        } catch (e) {
          return fail(e);
        }
        rows = null;
      }
      return advance();
    },
    async return(): Promise<IteratorResult<CsvRow>> {
      if (!done) {
        done = true;
        rows = null;
        await source.return(undefined);
      }
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * In a row papaparse found a quote error in: when its quotes do not pair up, the first quoted field whose
 * closing quote is missing or followed by more text (lines after the row's first, 1-based field number).
 */
function unclosedQuote(text: string): { line: number; column: number } | null {
  if (countChar(text, '"') % 2 === 0) return null;
  let line = 0;
  let field = 1;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' && fieldStart) {
      const at = { line, column: field };
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return at;
        if (text[q + 1] === '"') {
          j = q + 2;
          continue;
        }
        line += countNewlinesIn(text, i, q);
        let k = q + 1;
        while (text[k] === ' ') k++;
        if (k < text.length && text[k] !== ',' && text[k] !== '\n') return at;
        i = q;
        break;
      }
      fieldStart = false;
      continue;
    }
    if (ch === ',') {
      field++;
      fieldStart = true;
    } else if (ch === '\n') {
      line++;
      field = 1;
      fieldStart = true;
    } else if (ch !== ' ') fieldStart = false;
  }
  return openQuote(text);
}

/** Where a quoted field is still open at the end of `text` (lines after its first, 1-based field), or null. */
function openQuote(text: string): { line: number; column: number } | null {
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') i++;
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"' && fieldStart) inQuotes = true;
    else if (ch === ',' || ch === '\n') {
      fieldStart = true;
      continue;
    }
    if (ch !== ' ') fieldStart = false;
  }
  return inQuotes ? openQuoteAt(text) : null;
}

/** Where the quoted field that never closes starts: lines after the row's first, and its 1-based field number. */
function openQuoteAt(text: string): { line: number; column: number } {
  let line = 0;
  let field = 1;
  let inQuotes = false;
  let fieldStart = true;
  let open = { line: 0, column: 1 };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') i++;
      else if (ch === '"') inQuotes = false;
      continue;
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      open = { line, column: field };
    } else if (ch === ',') {
      field++;
      fieldStart = true;
      continue;
    } else if (ch === '\n') {
      line++;
      field = 1;
      fieldStart = true;
      continue;
    }
    if (ch !== ' ') fieldStart = false;
  }
  return open;
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** Blank and comma-padded blank lines (`,,,,,,` from spreadsheets) are dropped. Cleans `raw` in place. */
function toRow(raw: string[], line: number, zeroWidth: boolean): CsvRow | null {
  const width = raw.length;
  for (let i = 0; i < width; i++) raw[i] = cleanCellOf(raw[i]!, zeroWidth);
  let last = width;
  while (last > 0 && raw[last - 1] === '') last--;
  if (last === 0) return null;
  if (last < width) raw.length = last;
  return { cells: raw, line, width };
}

function hasUnsafe(text: string): boolean {
  UNSAFE_TEXT.lastIndex = 0;
  return UNSAFE_TEXT.test(text);
}

function hasZeroWidth(text: string): boolean {
  ZERO_WIDTH.lastIndex = 0;
  return ZERO_WIDTH.test(text);
}

/** Newlines in text[from, to). */
function countNewlinesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
