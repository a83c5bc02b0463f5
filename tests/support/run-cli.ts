// The keel CLI run in this process (its `main(argv, io)`), collecting what it printed: the tests of the CLI door.
import { main, type Io } from '../../src/main/cli/main.ts';

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
