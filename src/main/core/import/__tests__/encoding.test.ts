// Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, and Windows-1252 from the first invalid byte.
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../csv.ts';

async function cells(input: Parameters<typeof readCsvRows>[0]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readCsvRows(input, 'test.csv')) out.push(r.cells);
  return out;
}

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('encodings', () => {
  it('a Windows-1252 file (Excel on Windows) keeps its accented names', async () => {
    // "Société Générale" with é as the single byte 0xE9.
    const file = bytes('Symbol,Name\r\nGLE,Soci', [0xe9], 't', [0xe9], ' G', [0xe9], 'n', [0xe9], 'rale\r\n');
    expect(await cells(file)).toEqual([
      ['Symbol', 'Name'],
      ['GLE', 'Société Générale'],
    ]);
  });

  it('UTF-8 with a BOM, a character split across two chunks', async () => {
    const all = Buffer.from('\ufeffSymbol,Name\nNESN,Nestlé\n', 'utf8');
    const at = all.indexOf(0xc3) + 1; // between the two bytes of é
    expect(await cells([all.subarray(0, at), all.subarray(at)])).toEqual([
      ['Symbol', 'Name'],
      ['NESN', 'Nestlé'],
    ]);
  });

  it('UTF-16 little-endian with its byte-order mark', async () => {
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Symbol,Qty\r\nIWM,10\r\n', 'utf16le')]);
    expect(await cells(file)).toEqual([
      ['Symbol', 'Qty'],
      ['IWM', '10'],
    ]);
  });

  it('a byte invalid in UTF-8 only in a later chunk switches from there on', async () => {
    const head = Buffer.from('Symbol,Name\nIWM,iShares\n', 'utf8');
    const tail = bytes('CAF,Caf', [0xe9], '\n');
    expect(await cells([head, tail])).toEqual([
      ['Symbol', 'Name'],
      ['IWM', 'iShares'],
      ['CAF', 'Café'],
    ]);
  });
});
