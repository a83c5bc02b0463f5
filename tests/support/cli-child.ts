// A warm `keel` for tests that run many CLI commands against each other (restore-race.test.ts, lock.test.ts):
// the CLI's own main() — the code `bin/keel.mjs` runs — called once per line read on stdin, so a race test does
// not pay tsx's start-up for every command. Run: node --import tsx tests/support/cli-child.ts
// Protocol, one JSON object per line: in {"id": N, "args": [...], "env"?: {...}}; out {"id": N, "code": C, "out": "...", "err": "..."}.
// It prints {"ready": true} once loaded. Commands run one after another, each with its own output.
import readline from 'node:readline';
import { main } from '../../src/main/cli/main.ts';

process.stdout.write(JSON.stringify({ ready: true }) + '\n');
const lines = readline.createInterface({ input: process.stdin });
let queue: Promise<void> = Promise.resolve();
lines.on('line', (line) => {
  const { id, args, env } = JSON.parse(line) as { id: number; args: string[]; env?: Record<string, string> };
  queue = queue.then(async () => {
    const out: string[] = [];
    const err: string[] = [];
    let code: number;
    try {
      code = await main(args, {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { ...process.env, ...env },
        untilStopped: () => Promise.resolve(),
      });
    } catch (e) {
      code = 99;
      err.push(`threw: ${(e as Error).stack ?? String(e)}`);
    }
    process.stdout.write(JSON.stringify({ id, code, out: out.join('\n'), err: err.join('\n') }) + '\n');
  });
});
lines.on('close', () => void queue.then(() => process.exit(0)));
