// Issue 12 item 3 / criterion 23: `keel restore BIG` and, while it copies, `keel import file.csv`. Every time,
// either the import fails (exit ≠ 0, a message, nothing of it anywhere) or its batch is in the live keel.db —
// never "imported" with exit 0 and the batch only in keel.db.replaced-*. The import is sent the moment the
// restore's copy appears beside keel.db (keel.db.restore-*), i.e. after the restore's "nobody else has it open"
// check. Both commands run through the CLI's own main() in two warm child processes (tests/support/cli-child.ts).
// The same race with a fresh `keel` process per command is restore-race.stress.test.ts.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appears, judge, raceFixtures } from '../../../../tests/support/race-fixtures.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { WarmCli } from '../../../../tests/support/warm-cli.ts';
import { databasePath } from '../paths.ts';

const RACES = 20;

describe('a restore racing an import (criterion 23)', () => {
  let restorer: WarmCli;
  let importer: WarmCli;
  let fx: ReturnType<typeof raceFixtures>;

  beforeAll(async () => {
    restorer = new WarmCli();
    importer = new WarmCli();
    fx = raceFixtures(8);
    await Promise.all([restorer.ready, importer.ready]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([restorer?.close(), importer?.close()]);
  });

  it(`never acknowledges an import that the restore then moves aside (${RACES} races)`, async () => {
    const broken: string[] = [];
    let raced = 0;
    for (let i = 0; i < RACES; i++) {
      const dataDir = tempDir('keel-race-');
      fs.copyFileSync(fx.live, databasePath(dataDir));
      const restore = restorer.run(['--data-dir', dataDir, 'restore', fx.big]);
      if (await appears(dataDir, 'keel.db.restore-', restore)) raced++;
      const imp = await importer.run(['--data-dir', dataDir, 'import', fx.csv]);
      const problem = judge(dataDir, await restore, imp);
      if (problem) broken.push(`race ${i + 1}: ${problem}`);
    }
    expect(broken).toEqual([]);
    // The import really was sent while the restore was copying (else this test proves nothing).
    expect(raced).toBeGreaterThanOrEqual(RACES / 2);
  }, 120_000);
});
