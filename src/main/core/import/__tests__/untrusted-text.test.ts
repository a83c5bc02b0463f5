// Issue 12, items 6 and 11: text from a file is untrusted. Control and text-direction characters never reach
// what Keel stores (and a warning says where they were); error messages say what is actually wrong, and a cell
// echoed in a message is cut short.
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from '../../../../../tests/support/tmp.ts';
import { openTestCore } from '../../../../../tests/support/core.ts';
import { guessTaxTreatment } from '../accounts.ts';
import { readCsvRows } from '../csv.ts';
import { ImportError } from '../errors.ts';
import { parseBrokerFile } from '../parse.ts';
import { processFile } from '../pipeline.ts';
import { pos, schwabPositions } from './helpers.ts';


async function failure(name: string, input: string): Promise<ImportError> {
  const e = await parseBrokerFile(name, input).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

describe('control and text-direction characters', () => {
  it('an ESC in a description and a U+202E in a symbol are removed, with a warning naming line and column', async () => {
    const text = schwabPositions().replace('"INVESCO QQQ TRUST"', '"INVESCO\u001b[2J QQQ TRUST"').replace('"IWM","ISHARES', '"I\u202eWM","ISHARES');
    const r = await parseBrokerFile('esc.csv', text);
    expect(pos(r, 'QQQ').description).toBe('INVESCO[2J QQQ TRUST');
    expect(pos(r, 'IWM').line).toBe(4);
    expect(r.warnings).toEqual([
      { line: 4, column: 1, message: 'removed 1 text-direction character (U+202E) from line 4, column 1' },
      { line: 5, column: 2, message: 'removed 1 control character (U+001B) from line 5, column 2' },
    ]);
  });

  it('C1 controls, DEL and direction marks go too; tabs become spaces; ordinary text is untouched', async () => {
    const seen: string[] = [];
    const rows: string[][] = [];
    const text = 'a\u0085b,c\u007fd,e\u200ff\u2066g\u2069,h\ti,Zürich — “ok”\n';
    for await (const row of readCsvRows(text, 'x.csv', { onCleaned: (line, column, removed) => seen.push(`${line}:${column}:${removed}`) })) rows.push(row.cells);
    expect(rows).toEqual([['ab', 'cd', 'efg', 'h i', 'Zürich — “ok”']]);
    expect(seen).toEqual(['1:1:\u0085', '1:2:\u007f', '1:3:\u200f\u2066\u2069']);
  });

  it('an account name "Roth\\u202EARI" is stored as "RothARI" and its tax treatment is guessed from that text', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const file = tempFile('roth.csv', schwabPositions().replace('account Individual ...920', 'account Roth\u202eARI ...920'));
    const view = await processFile({ name: 'roth.csv', path: file }, { dbPath: core.opened.path, dryRun: false });
    expect(view.status).toBe('imported');
    expect(view.warnings).toContainEqual({ line: 1, column: 1, message: 'removed 1 text-direction character (U+202E) from line 1, column 1' });
    expect(guessTaxTreatment('RothARI')).toBeNull();
    expect(view.accounts[0]).toMatchObject({ name: 'RothARI', taxTreatment: 'taxable', taxTreatmentGuessed: true });
    const row = core.db.prepare('SELECT name, tax_treatment FROM accounts').get() as { name: string; tax_treatment: string };
    expect(row).toEqual({ name: 'Schwab RothARI', tax_treatment: 'taxable' });
    const stored = core.db.prepare("SELECT group_concat(symbol || name, '') AS t FROM securities").get() as { t: string };
    // eslint-disable-next-line no-control-regex
    expect(stored.t).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('a file full of them gets 20 warnings and a count of the rest', async () => {
    const lines = ['Symbol,Description,Quantity,Price,Market Value,Cost Basis,Security Type'];
    for (let i = 0; i < 30; i++) lines.push(`S${i},Fund\u001b${i},1,10,10,10,ETF`);
    const r = await parseBrokerFile('many.csv', lines.join('\n') + '\nAccount Total,,,,300,,\n');
    const cleaned = r.warnings.filter((w) => /removed|more cells/.test(w.message));
    expect(cleaned).toHaveLength(21);
    expect(cleaned).toContainEqual({ line: 0, message: 'control or text-direction characters were removed from 10 more cells' });
  });
});

/** Text in chunks of 100 characters, as a file arrives: the row limit applies to a row still being read. */
function* chunked(text: string): Generator<string> {
  for (let i = 0; i < text.length; i += 100) yield text.slice(i, i + 100);
}

describe('error text says what is wrong', () => {
  it('an unbalanced quote is reported where the quoted field opens, not as a bad number', async () => {
    const e = await failure('quote.csv', schwabPositions().replace('"INVESCO QQQ TRUST"', '"INVESCO QQQ TRUST'));
    expect(e.details).toEqual({ file: 'quote.csv', line: 5, column: 2, reason: 'BAD_QUOTE' });
    expect(e.message).toBe('quote.csv: line 5, column 2: a quoted field is not closed (unbalanced quote)');
  });

  it('Fidelity-style text after a closing quote is still read (the quotes balance)', async () => {
    const rows: string[][] = [];
    for await (const row of readCsvRows('"Individual" X91636470,5\n', 'f.csv')) rows.push(row.cells);
    expect(rows).toEqual([['Individual X91636470', '5']]);
  });

  it('an over-long unquoted line is "longer than the limit", not a quoted field', async () => {
    const text = 'a,b\n' + 'x'.repeat(5000) + '\nc,d\n';
    const e = await (async () => {
      for await (const _ of readCsvRows(chunked(text), 'long.csv', { maxRowChars: 1000 })) void _;
    })().then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).details).toEqual({ file: 'long.csv', line: 2, column: 1, reason: 'LINE_TOO_LONG' });
    expect((e as ImportError).reasonText).toBe('line 2 is longer than the limit (0.001 MB) — is this a CSV file?');
  });

  it('a quoted field that never closes within the limit says so, with its column', async () => {
    const text = 'a,b\nc,"' + 'x'.repeat(5000) + '\n';
    const e = await (async () => {
      for await (const _ of readCsvRows(chunked(text), 'open.csv', { maxRowChars: 1000 })) void _;
    })().then(() => null, (err: unknown) => err);
    expect((e as ImportError).details).toEqual({ file: 'open.csv', line: 2, column: 2, reason: 'BAD_QUOTE' });
    expect((e as ImportError).reasonText).toBe('a quoted field is not closed (it runs on for more than 0.001 MB)');
  });

  it('a real 5 MB line without quotes, at the real 4 MB limit', async () => {
    const e = await failure('big.csv', schwabPositions().replace('"INVESCO QQQ TRUST"', 'x'.repeat(5 << 20)));
    expect(e.details).toEqual({ file: 'big.csv', line: 5, column: 1, reason: 'LINE_TOO_LONG' });
    expect(e.reasonText).toBe('line 5 is longer than the limit (4 MB) — is this a CSV file?');
  });

  it('a worker thread (big files) reports the same errors and warnings as this thread', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const files = {
      quote: tempFile('quote.csv', schwabPositions().replace('"INVESCO QQQ TRUST"', '"INVESCO QQQ TRUST')),
      long: tempFile('long.csv', schwabPositions().replace('"INVESCO QQQ TRUST"', 'x'.repeat(5 << 20))),
      esc: tempFile('esc.csv', schwabPositions().replace('"INVESCO QQQ TRUST"', '"INVESCO\u001b QQQ TRUST"')),
    };
    for (const [name, file] of Object.entries(files)) {
      const views = [];
      for (const parseIn of ['thread', 'worker'] as const) {
        const v = await processFile({ name, path: file }, { dbPath: core.opened.path, dryRun: true, parseIn });
        views.push({ status: v.status, errors: v.errors, warnings: v.warnings });
      }
      expect(views[1], name).toEqual(views[0]);
    }
    const quote = await processFile({ name: 'quote.csv', path: files.quote }, { dbPath: core.opened.path, dryRun: true, parseIn: 'worker' });
    expect(quote.errors).toEqual([{ line: 5, column: 2, code: 'BAD_QUOTE', message: 'a quoted field is not closed (unbalanced quote)' }]);
  });

  it('a 3 MB cell is cut short in an error, with its length', async () => {
    const e = await failure('cell.csv', schwabPositions().replace('"$2,621.40"', `"${'a9'.repeat(1_500_000)}"`));
    expect(e.details).toEqual({ file: 'cell.csv', line: 4, column: 7, reason: 'BAD_NUMBER' });
    expect(e.reasonText).toBe(`not a number: "${'a9'.repeat(20)}… (3,000,000 characters)"`);
  });

  it('a 3 MB number is cut short in a warning, with its length', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const qty = '3.5' + '0'.repeat(3_000_000) + '1';
    const file = tempFile('digits.csv', schwabPositions().replace('"QQQ","INVESCO QQQ TRUST","3.5"', `"QQQ","INVESCO QQQ TRUST","${qty}"`));
    const view = await processFile({ name: 'digits.csv', path: file }, { dbPath: core.opened.path, dryRun: false });
    expect(view.status).toBe('imported');
    const w = view.warnings.find((x) => x.message.includes('kept to 6 decimal places'));
    expect(qty.length).toBe(3_000_004);
    expect(w).toEqual({ line: 5, message: `quantity ${qty.slice(0, 40)}… (3,000,004 characters) kept to 6 decimal places` });
    expect(Math.max(...view.warnings.map((x) => x.message.length))).toBeLessThan(200);
  });
});
