// Each kind of bad input fails with an ImportError naming file, line and column, and returns nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, type ImportErrorDetails } from '../errors.ts';
import { parseBrokerFile } from '../parse.ts';
import { OWN } from './helpers.ts';

async function failure(name: string, input: string | Uint8Array): Promise<ImportError> {
  const e = await parseBrokerFile(name, input).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}
const schwab = () => fs.readFileSync(path.join(OWN, 'schwab/Individual-Positions-2026-07-16.csv'), 'utf8');
const history = () => fs.readFileSync(path.join(OWN, 'schwab/Individual_XXX178_Transactions_20260309-115444.csv'), 'utf8');

describe('bad input', () => {
  it('not a CSV: binary bytes', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const e = await failure('photo.csv', png);
    expect(e.details).toMatchObject<Partial<ImportErrorDetails>>({ file: 'photo.csv', reason: 'NOT_CSV', line: 2, column: 1 });
    expect(e.message).toMatch(/^photo\.csv: line 2, column 1: not a CSV/);
  });

  it('not a CSV: a NUL byte deep in an otherwise good file', async () => {
    const text = schwab().replace('"QQQ","INVESCO', '"QQQ","INV\u0000ESCO');
    const e = await failure('nul.csv', text);
    expect(e.details).toEqual({ file: 'nul.csv', line: 5, column: 2, reason: 'NOT_CSV' });
  });

  it('empty file, and a file of blank and comma-padded lines', async () => {
    expect((await failure('empty.csv', '')).details).toEqual({ file: 'empty.csv', line: 1, column: 1, reason: 'EMPTY' });
    expect((await failure('blank.csv', '\r\n,,,,\r\n\r\n')).details.reason).toBe('EMPTY');
  });

  it('truncated inside a quoted field', async () => {
    const text = schwab();
    const cut = text.slice(0, text.indexOf('INVESCO QQQ') + 4); // line 5, inside the Description cell
    const e = await failure('cut.csv', cut);
    expect(e.details).toEqual({ file: 'cut.csv', line: 5, column: 2, reason: 'TRUNCATED_QUOTE' });
  });

  it('unknown layout lists what the first lines looked like', async () => {
    const e = await failure('mystery.csv', 'Ticker,Units,Worth\nIWM,3,600\n');
    expect(e.details).toEqual({ file: 'mystery.csv', line: 1, column: 1, reason: 'UNKNOWN_LAYOUT' });
    expect(e.message).toContain('line 1: Ticker,Units,Worth');
    expect(e.message).toContain('line 2: IWM,3,600');
  });

  it('unparseable number', async () => {
    const e = await failure('num.csv', schwab().replace('"$2,621.40"', '"$2,62l.40"'));
    expect(e.details).toEqual({ file: 'num.csv', line: 4, column: 7, reason: 'BAD_NUMBER' });
    expect(e.message).toContain('"$2,62l.40"');
  });

  it('an absurd magnitude (1E99999999 would be a 100-million-digit number) is refused at once, with its place', async () => {
    const e = await failure('huge.csv', schwab().replace('"$2,621.40"', '"1E99999999"'));
    expect(e.details).toEqual({ file: 'huge.csv', line: 4, column: 7, reason: 'BAD_NUMBER' });
    expect(e.message).toContain('number too large: "1E99999999"');
    // The history's streamed rows take another path to micro-units: refused there too.
    const h = await failure('huge-history.csv', history().replace('"10","$138.20"', '"1E99999999","$138.20"'));
    expect(h.details).toEqual({ file: 'huge-history.csv', line: 2, column: 5, reason: 'BAD_NUMBER' });
  });

  it('unparseable date', async () => {
    const e = await failure('date.csv', history().replace('"03/07/2026"', '"03/37/2026"'));
    expect(e.details).toEqual({ file: 'date.csv', line: 4, column: 1, reason: 'BAD_DATE' });
  });

  it('a streaming consumer sees rows before a later error, and is told to discard them by the rejection', async () => {
    const seen: number[] = [];
    const text = history().replace('"03/08/2026"', '"bad"');
    const e = await parseBrokerFile('s.csv', text, { onTransaction: (t) => seen.push(t.line) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).details.line).toBe(5);
    expect(seen).toEqual([2, 3, 4]);
  });
});
