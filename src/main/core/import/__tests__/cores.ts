// Imports through a real database in tests: an empty core per test (closed after it), and every row of every
// table, the proof that a refused or failed import wrote nothing.
import { afterEach } from 'vitest';
import { tempDir } from '../../../../../tests/support/tmp.ts';
import type { Db } from '../../db/open.ts';
import { openCore, type Core } from '../../index.ts';

/** Call at the top of a test file: returns a factory of empty cores (no demo), each closed after its test. */
export function emptyCores(): () => Core {
  let core: Core | undefined;
  afterEach(() => {
    core?.close();
    core = undefined;
  });
  return () => (core = openCore({ dataDir: tempDir(), door: 'cli', seedDemo: false }));
}

export function dump(db: Db): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return tables.map((t) => `${t}:${JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all())}`).join('\n');
}
