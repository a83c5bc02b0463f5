// The keel CLI run in this process (its `main(argv, io)`), collecting what it printed: the tests of the CLI door.
import fs from 'node:fs';
import { main, type Io } from '../../src/main/cli/main.ts';
import { databasePath } from '../../src/main/core/paths.ts';
import { sha256File, tempDir } from './tmp.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env, untilStopped: async () => {} };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A data folder (the demo household, one manual backup) whose keel.db was then cut short: a damaged database. */
export async function damagedDataDir(): Promise<{ dir: string; file: string; sha256: string }> {
  const dir = tempDir();
  await runCli(['--data-dir', dir, 'summary']);
  await runCli(['--data-dir', dir, 'backup']);
  const file = databasePath(dir);
  fs.truncateSync(file, 5000);
  return { dir, file, sha256: sha256File(file) };
}
