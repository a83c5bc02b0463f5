// Every operation in the contract rejects malformed payloads with VALIDATION and writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, OPERATION_NAMES } from '../../shared/contract.ts';
import { tempDir } from '../../../tests/support/tmp.ts';
import type { Db } from './db/open.ts';
import { openCore, type Core } from './index.ts';

/** Everything in the database that a write could change: each table's rows, plus user_version. */
function dump(db: Db): string {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[]).map((r) => r.name);
  const parts = names.map((n) => `${n}:${JSON.stringify(db.prepare(`SELECT * FROM "${n}" ORDER BY rowid`).safeIntegers(true).all(), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return `${db.pragma('user_version', { simple: true })}|${parts.join('|')}`;
}

const MALFORMED: unknown[] = [null, undefined, 'text', 42, true, [], [{}], { __bogus__: 1 }, { constructor: 'x' }];

let core: Core | undefined;
afterEach(() => core?.close());

describe('the contract', () => {
  it('declares an object input schema for every operation, so non-objects are always malformed', () => {
    for (const name of OPERATION_NAMES) {
      expect(contract[name].input, name).toBeInstanceOf(z.ZodObject);
    }
  });

  it.each(OPERATION_NAMES)('%s: malformed payloads return VALIDATION and change nothing', async (name) => {
    core = openCore({ dataDir: tempDir(), door: 'cli' });
    const before = dump(core.db);
    for (const payload of MALFORMED) {
      const result = await core.dispatch(name, payload);
      expect(result.ok, `${name} accepted ${JSON.stringify(payload)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message).toContain(name);
      }
    }
    expect(dump(core.db)).toBe(before);
  });

  it('the dump used above does see writes (so the test above can fail)', async () => {
    core = openCore({ dataDir: tempDir(), door: 'cli' });
    const before = dump(core.db);
    expect((await core.dispatch('clearDemo', {})).ok).toBe(true);
    expect(dump(core.db)).not.toBe(before);
  });

  it('an unknown operation is refused with UNKNOWN_OPERATION', async () => {
    core = openCore({ dataDir: tempDir(), door: 'cli' });
    for (const name of ['deleteEverything', '__proto__', 'toString', 42, null]) {
      const result = await core.dispatch(name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    }
  });
});
