import { describe, expect, it } from 'vitest';
import { CoreError } from '../../src/main/core/index.ts';
import { startupError } from '../../src/main/electron/startup.ts';

describe('startup error text', () => {
  it('passes a CoreError message through untouched', () => {
    const e = new CoreError('DB_CORRUPT', 'keel.db is not a database.');
    expect(startupError(e).message).toBe('keel.db is not a database.');
  });

  it('explains the better-sqlite3 ABI trap instead of a bare dlopen error', () => {
    const e = new Error('The module better_sqlite3.node was compiled against NODE_MODULE_VERSION 115. This version requires 150.');
    expect(startupError(e).message).toContain('npm run sqlite:electron');
  });
});
