// The test side of tests/support/cli-child.ts: a warm `keel` child process that runs CLI commands on request.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(ROOT, 'tests/support/cli-child.ts');

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export class WarmCli {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, (r: CliResult) => void>();
  private next = 1;
  private buffer = '';
  readonly ready: Promise<void>;
  stderr = '';

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => (this.stderr += d));
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      this.child.once('error', reject);
      this.child.once('exit', (code) => reject(new Error(`cli-child exited (${code}) before it was ready: ${this.stderr}`)));
    });
    this.child.stdout.on('data', (d: string) => {
      this.buffer += d;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const msg = JSON.parse(line) as { ready?: boolean; id?: number } & CliResult;
        if (msg.ready) markReady();
        else if (msg.id !== undefined) {
          this.waiting.get(msg.id)?.({ code: msg.code, out: msg.out, err: msg.err });
          this.waiting.delete(msg.id);
        }
      }
    });
  }

  /** Runs `keel ARGS` in the child; resolves with its exit code and output. */
  run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, args, env }) + '\n');
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}
