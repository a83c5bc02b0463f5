// Issue 12, item 6: the CLI never writes a terminal control character, whatever the database holds (an older
// database may hold names imported before Keel stripped them).
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/tmp.ts';
import { databasePath } from '../core/index.ts';
import { terminalSafe } from './terminal.ts';
import { runCli as run } from '../../../tests/support/run-cli.ts';

// C0 but \n and \t, DEL, C1, and the text-direction overrides, isolates and marks.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminal output', () => {
  it('terminalSafe shows controls and direction characters as escapes; keeps newlines, tabs and other text', () => {
    expect(terminalSafe('a\u001b[2Jb\tc\nd\re\u0085f\u202eg\u2066h — Zürich')).toBe('a\\u001B[2Jb\tc\nd\\u000De\\u0085f\\u202Eg\\u2066h — Zürich');
    expect(terminalSafe('a,b\r\nc,d\r\n')).toBe('a,b\r\nc,d\r\n'); // CSV line ends
  });

  it('keel holdings and summary --json print no ESC or U+202E even when the database holds them', async () => {
    const dir = tempDir();
    expect((await run(['--data-dir', dir, 'info'])).code).toBe(0); // creates the database with the demo household
    const db = new Database(databasePath(dir));
    db.prepare("UPDATE accounts SET name = 'Roth\u202eARI \u001b[2J\u001b[H' WHERE id = 1").run();
    db.prepare("UPDATE securities SET symbol = 'IW\u001b]0;pwned\u0007M', name = 'x\u009b31m' WHERE symbol = 'IWM'").run();
    db.close();

    const text = await run(['--data-dir', dir, 'holdings']);
    expect(text.code).toBe(0);
    expect(text.out).not.toMatch(UNSAFE);
    expect(text.out).toContain('Roth\\u202EARI \\u001B[2J\\u001B[H');
    expect(text.out).toContain('IW\\u001B]0;pwned\\u0007M');

    const json = await run(['--data-dir', dir, 'summary', '--json']);
    expect(json.out).not.toMatch(UNSAFE);
    const parsed = JSON.parse(json.out) as { accounts: { name: string; positions: { symbol: string; name: string }[] }[] };
    // JSON escapes still decode to what the database holds: scripts see the data, the terminal sees no controls.
    expect(parsed.accounts[0]!.name).toBe('Roth\u202eARI \u001b[2J\u001b[H');
    expect(parsed.accounts.flatMap((a) => a.positions).some((p) => p.name === 'x\u009b31m')).toBe(true);
  });

  it('error messages are made safe too (a file name with an ESC)', async () => {
    const dir = tempDir();
    const r = await run(['--data-dir', dir, 'import', path.join(dir, 'no\u001b[2Jsuch.csv')]);
    expect(r.code).toBe(1);
    expect(r.out + r.err).not.toMatch(UNSAFE);
    expect(r.out).toContain('no\\u001B[2Jsuch.csv');
  });
});
